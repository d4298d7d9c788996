/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves the built SPA and the API on one origin; in development Vite proxies /api to it.
const backend = process.env.PMOS_BACKEND_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // canvas and editor tests render React Flow in jsdom: slow on a loaded 2-core machine, so allow more than 5 s
    testTimeout: 15000,
    unstubGlobals: true,
  },
});
