import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The web UI: `web/` is the Vite root, the build lands in `dist/web/` (served by
 * the Almanac server at `/`). For development, `vite --config web/vite.config.ts`
 * proxies `/api` to a running server (ALMANAC_URL, default http://127.0.0.1:8080).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.ALMANAC_URL ?? 'http://127.0.0.1:8080';

export default defineConfig(({ command, mode }) => ({
  root,
  // A production build is a production build whatever NODE_ENV the caller has
  // (vitest sets `test`, which would bundle React's development build).
  define: command === 'build' && mode === 'production' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // ECharts changes rarely and is the largest part: its own cacheable chunk.
        manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : undefined),
      },
    },
  },
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
}));
