import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The gateway's own web pages: the operations dashboard and the audit review page, two HTML
 * entries sharing one React bundle. Built into dist/web and served by the gateway itself
 * (src/http/web-assets.ts) under a CSP that allows its own origin only — nothing here may
 * come from a CDN or load a web font: hospital intranets are often air-gapped.
 */
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  // hashed assets are served from /web/assets/; the pages themselves at /dashboard/ and /audit/
  base: '/web/',
  publicDir: false,
  // Vite 8 transforms TSX itself (oxc); the automatic runtime imports react/jsx-runtime
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // the CSP forbids inline scripts and styles: every asset must be a file of its own
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    rolldownOptions: {
      input: {
        dashboard: here('dashboard/index.html'),
        audit: here('audit/index.html'),
      },
      // React and the code both pages share go into one chunk the browser caches once; the only
      // other assets are the pages' stylesheets
      output: { chunkFileNames: 'assets/shared-[hash].js', assetFileNames: 'assets/styles-[hash][extname]' },
    },
  },
});
