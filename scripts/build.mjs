// Bundles the headless entry points with esbuild so that `airlock` starts fast:
// one file to load instead of hundreds of modules resolved at start-up.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Some dependencies (winston) are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __airlockCreateRequire } from 'node:module';",
      'const require = __airlockCreateRequire(import.meta.url);',
    ].join('\n'),
  },
};

const entries = [
  { in: 'main/cli/airlock.ts', out: 'dist/cli/airlock.js', external: ['@napi-rs/keyring'] },
  {
    in: 'main/core/tools/search-content-worker.ts',
    out: 'dist/cli/search-content-worker.js',
    external: [],
  },
];

for (const entry of entries) {
  await build({ ...shared, entryPoints: [entry.in], outfile: entry.out, external: entry.external });
  if (entry.out.includes('/cli/airlock')) await chmod(entry.out, 0o755);
}
