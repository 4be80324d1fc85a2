import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Two single-page applications, one build: dist/portal/index.html and dist/staff/index.html share the
// hashed files under dist/assets/. The gateway serves them (services/gateway/src/http/web-pages.ts)
// under a Content-Security-Policy without 'unsafe-inline': nothing may be inlined into the pages.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { portal: resolve(import.meta.dirname, 'portal/index.html'), staff: resolve(import.meta.dirname, 'staff/index.html') },
      // react-router marks its modules "use client" for server components, which a browser bundle has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
