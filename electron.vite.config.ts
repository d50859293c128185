import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

// Three builds: the main process and the preload (Node side) and the Svelte renderer (browser side).
export default defineConfig({
  main: {
    build: { outDir: 'out/main', lib: { entry: resolve(import.meta.dirname, 'electron/main.ts') } },
  },
  preload: {
    // A sandboxed preload must be CommonJS: Electron cannot load an ES module preload in the sandbox.
    build: {
      outDir: 'out/preload',
      lib: {
        entry: resolve(import.meta.dirname, 'electron/preload.ts'),
        formats: ['cjs'],
        fileName: () => 'preload.cjs',
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
