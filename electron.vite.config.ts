import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Three builds: main (Node, native deps left external), preload (sandboxed: one CommonJS file with no
 * node_modules requires) and the renderer (React, served from file:// or by the host).
 */
const NATIVE_DEPENDENCIES = ['better-sqlite3', 'keytar', 'serialport', '@serialport/bindings-cpp'];

/**
 * Dev server only (`npm run dev`): Vite's hot reload injects inline scripts and styles and talks to its
 * own WebSocket, which the strict CSP in index.html forbids. Builds keep the strict policy untouched.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'station-relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*");
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: NATIVE_DEPENDENCIES },
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/index.ts') },
        external: NATIVE_DEPENDENCIES,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // NOTE: a sandboxed preload may require only 'electron' and a few built-ins, so nothing external.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [react(), relaxCspForDevServer()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
