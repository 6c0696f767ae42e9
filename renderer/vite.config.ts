// Standalone build of the renderer as the web dashboard (`portico serve` serves
// out/renderer). The desktop build uses electron.vite.config.ts with the same root and output.
// (No node:path here: the renderer folder's lint rule forbids Node built-ins.)
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${import.meta.dirname}/../out/renderer`,
    emptyOutDir: true,
  },
});
