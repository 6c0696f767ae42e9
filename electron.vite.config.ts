/**
 * Build of the desktop app (electron-vite): the main process and the engine's utility
 * process (`out/main`), the sandboxed preload (`out/preload`, one CommonJS file with
 * `shared/` and zod bundled in: a sandboxed preload cannot `require` anything but a few
 * Electron modules), and the React renderer (`out/renderer`).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { builtinsByRequire } from './scripts/builtins-by-require.mjs';
import { oneByteSource } from './scripts/one-byte-source.mjs';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    // No ES facades of Node's built-ins in the engine (scripts/builtins-by-require.mjs).
    plugins: [builtinsByRequire()],
    build: {
      outDir: resolve(root, 'out/main'),
      // Runtime deps (zod, http-proxy-3, ws…) stay in node_modules, shipped in the asar.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          'engine-process': resolve(root, 'electron/main/engine-process.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/shared-[hash].js',
          // One-byte sources in V8's heap, as for the CLI bundle.
          ...oneByteSource,
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative URLs: the built page is loaded from file:// inside the asar.
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
