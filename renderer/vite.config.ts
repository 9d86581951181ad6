// The window's build: React through Vite, into dist/renderer, which the shell serves from
// app://airlock/ under the CSP (no inline script, no eval, nothing remote).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs: the same build works from app://airlock/ and from the UI harness.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
    // Every asset is a file of its own: nothing becomes an inline data: script or style.
    assetsInlineLimit: 0,
    // Chromium preloads modules natively; the polyfill would be one more script to trust.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
