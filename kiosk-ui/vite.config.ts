// Vite config for the touchscreen UI. `npm run build:ui` builds into kiosk-ui/dist, which the
// service serves with an SPA fallback; `vite --config kiosk-ui/vite.config.ts` proxies /api to a
// service running on 127.0.0.1:8080 (live events included).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Each screen is its own lazy chunk; warn when one grows past this (KB, before gzip).
    chunkSizeWarningLimit: 120,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
});
