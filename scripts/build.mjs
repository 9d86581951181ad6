// Bundles the headless entry points with esbuild so that `airlock` starts fast:
// a few files to load instead of hundreds of modules resolved at start-up.
import { build } from 'esbuild';
import { build as buildRenderer } from 'vite';
import { chmod, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
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

// Node builtins as CommonJS, through the banner's require(). An ES import of a builtin makes
// Node build an ES facade that reads every export, and node:http's lazy WebSocket export
// then loads the whole of undici: about 15 ms of every start, for a stdio server that never
// uses it. esbuild's CommonJS interop reads an export only when the code uses it.
const builtinsAsCommonJs = {
  name: 'builtins-as-commonjs',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'builtin-cjs'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'builtin-cjs' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// The CLI, split: code that only one command needs (the HTTP server) is a chunk of its own,
// loaded when that command runs, so that a stdio start loads no more than it uses.
// Chunk names carry a content hash: without emptying the folder first, every build would
// leave the previous chunks behind, and the installer would ship them.
await rm('dist/cli/chunks', { recursive: true, force: true });
await build({
  ...shared,
  entryPoints: { airlock: 'main/cli/airlock.ts' },
  outdir: 'dist/cli',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@napi-rs/keyring'],
  plugins: [builtinsAsCommonJs],
});
await chmod('dist/cli/airlock.js', 0o755);
await build({
  ...shared,
  entryPoints: ['main/core/tools/search-content-worker.ts'],
  outfile: 'dist/cli/search-content-worker.js',
  plugins: [builtinsAsCommonJs],
});

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
