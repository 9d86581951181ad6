// Lint rules, including the layering rules of DESIGN.md:
// only the shell (main/shell) may import `electron`, the renderer never imports
// from main/, and server code never writes to the console (stdout belongs to stdio).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [
    { name: 'electron', message: 'Only main/shell may import electron (DESIGN.md layering).' },
  ],
  patterns: [{ group: ['electron/*'], message: 'Only main/shell may import electron.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', '.smoke/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', electronOnlyInShell],
      'no-console': 'error',
    },
  },
  // The rules of hooks, and the React Compiler's checks of what a component may do.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyInShell.paths,
          patterns: [
            ...electronOnlyInShell.patterns,
            {
              group: ['**/main/**', 'main/**'],
              message: 'The renderer reaches main only through the preload API.',
            },
          ],
        },
      ],
    },
  },
);
