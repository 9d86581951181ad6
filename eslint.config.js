// Lint rules, including the rules that hold the shape of the code: the floors of main/core
// (scripts/lint-layers.mjs), only the shell imports `electron`, the renderer never imports
// from main/, server code never writes to the console (stdout belongs to stdio), and IPC
// happens only through its two typed wrappers. test/lint/layering.test.ts proves each bites.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/lint-layers.mjs';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only main/shell may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only main/shell may import electron.' }],
};

/** The two files that may touch Electron's IPC objects; everything else goes through them. */
const IPC_WRAPPERS = ['main/shell/ipc-bridge.ts', 'preload/create-preload-api.ts'];

const rawIpc = [
  {
    selector: 'MemberExpression[object.name=/^ipc(Main|Renderer)$/]',
    message: `Raw IPC is used only in ${IPC_WRAPPERS.join(' and ')}, which check every message against the contract.`,
  },
  {
    selector: 'MemberExpression[object.property.name=/^ipc(Main|Renderer)$/]',
    message: `Raw IPC is used only in ${IPC_WRAPPERS.join(' and ')}, which check every message against the contract.`,
  },
];

/** Main sends to the page only through MainWindow.send, which the contract types. */
const rawSend = {
  selector:
    "CallExpression[callee.property.name='send'][callee.object.type='MemberExpression'][callee.object.property.name='webContents']",
  message:
    'Send events to the page with MainWindow.send, which takes only what the contract names.',
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
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { airlock: layersPlugin },
    rules: { 'airlock/layers': 'error' },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', electronOnlyInShell],
      'no-console': 'error',
    },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: IPC_WRAPPERS,
    rules: { 'no-restricted-syntax': ['error', ...rawIpc] },
  },
  {
    files: ['main/**/*.ts'],
    ignores: [...IPC_WRAPPERS, 'main/shell/main-window.ts'],
    rules: { 'no-restricted-syntax': ['error', ...rawIpc, rawSend] },
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
