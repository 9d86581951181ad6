// Bundles the headless entry points with esbuild so that `airlock` starts fast:
// one file to load instead of hundreds of modules resolved at start-up.
import { build } from 'esbuild';
import { build as buildRenderer } from 'vite';
import { chmod, copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { packMcpb } from './pack-mcpb.mjs';

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

// The bridge runs under whatever Node the MCP client brings (Claude Desktop's may be Node 18)
// and from an MCPB extension with no package.json around it, so it is CommonJS, which every
// Node runs from a .js file, and needs no require() banner: it uses Node built-ins only.
// Its source starts with the `#!/usr/bin/env node` line, which esbuild keeps.
const BRIDGE = 'dist/bridge/airlock-bridge.js';
await build({
  entryPoints: ['main/bridge/airlock-bridge.ts'],
  outfile: BRIDGE,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  logLevel: 'warning',
});
await chmod(BRIDGE, 0o755);
// Inside this repository the root package.json says "type": "module"; this one tells Node
// that the bridge next to it is CommonJS.
await writeFile('dist/bridge/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

await packMcpb({ bridge: BRIDGE, out: 'dist/airlock.mcpb' });

// The desktop app. Electron 45 runs Node 22 and Chromium 140. The main process is an ES
// module like the CLI (its own require() banner, no shebang); `electron` is provided by
// the runtime and the keychain binding is native, so both stay outside the bundle.
await build({
  ...shared,
  target: 'node22',
  banner: {
    js: [
      "import { createRequire as __airlockCreateRequire } from 'node:module';",
      'const require = __airlockCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  entryPoints: ['main/shell/main.ts'],
  outfile: 'dist/shell/main.js',
  external: ['electron', '@napi-rs/keyring'],
});
// Sandboxed preloads cannot be ES modules, and may require() only `electron`: one
// CommonJS file with everything else bundled in.
await build({
  entryPoints: ['preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron'],
});
// The window: React, built by Vite (renderer/vite.config.ts) into dist/renderer, which the
// shell serves from app://airlock/.
await buildRenderer({ configFile: 'renderer/vite.config.ts' });
// Tray icons (made by scripts/make-icons.mjs into build/tray/); build/ is not packaged.
await mkdir('dist/tray', { recursive: true });
for (const file of await readdir('build/tray').catch(() => [])) {
  if (file.endsWith('.png')) await copyFile(`build/tray/${file}`, `dist/tray/${file}`);
}
