// Builds the renderer for both homes: Electron loads dist/renderer from disk, browser mode serves it over
// 127.0.0.1. Hence a relative base, and no inline script or style anywhere: both serve a CSP with
// script-src 'self' (no unsafe-eval, no unsafe-inline) and style-src 'self'.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  productName: string;
  version: string;
};

export default defineConfig({
  // The renderer folder, resolved from this file so the build works from any working directory.
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Browser mode has no bridge to ask, so name and version are baked in (declared in src/env.d.ts).
  define: {
    __APP_NAME__: JSON.stringify(pkg.productName),
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  // Relative to root: the built app lands in <repo>/dist/renderer next to dist/main.
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would become data: URLs, which the CSP does not have to allow.
    assetsInlineLimit: 0,
    // Vite's modulepreload polyfill is a script the CSP would have to trust; Chromium needs none.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: true },
});
