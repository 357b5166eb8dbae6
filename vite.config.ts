import { cpSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * KoliBri's icon fonts are plain files in the packages' assets/ folders; a font-face inside a
 * shadow root is ignored by browsers, so index.html links their stylesheets in the document.
 * They are copied into the served output (no CDN, no font download from elsewhere).
 */
function kolibriAssets(): Plugin {
  const sources: [string, string][] = [['node_modules/@public-ui/components/assets/kolicons', 'kolibri/kolicons']];
  return {
    name: 'amtsklar-kolibri-assets',
    apply: 'build',
    writeBundle(options) {
      const out = options.dir ?? resolve(here, 'web/dist');
      for (const [from, to] of sources) {
        const src = resolve(here, from);
        if (existsSync(src)) cpSync(src, join(out, to), { recursive: true });
      }
    },
  };
}

// The web app lives in web/ and talks to the HTTP API only. `npm run build:web` writes it
// to web/dist, which `amtsklar serve` serves (src/server/plugins/web.ts). In development
// `npx vite` serves it with hot reload and forwards /api to a running server on port 3000.
export default defineConfig({
  root: resolve(here, 'web'),
  base: '/',
  publicDir: false,
  plugins: [react(), kolibriAssets()],
  build: {
    outDir: resolve(here, 'web/dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
