import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The browser host as one ES module for plain Node 20, `dist/web/main.mjs`, built the same way as the
 * CLI (vite.cli.config.ts): an SSR build keeps Node built-ins external and turns shared/'s `?raw`
 * template imports into strings, which tsx alone could not.
 * `vite build --config electron/web/vite.config.ts && node dist/web/main.mjs`
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'electron/web/main.ts'),
    target: 'node20',
    outDir: resolve(root, 'dist/web'),
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'main.mjs' },
    },
  },
  // node-ssh / ssh2 stay external, as in the CLI build: ssh2 loads native add-ons at run time.
  ssr: { noExternal: true, external: ['node-ssh', 'ssh2'], target: 'node' },
});
