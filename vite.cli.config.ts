import { defineConfig } from 'vite';

/**
 * The command-line tool: one ES module for plain Node 20, `dist/cli/main.mjs`, which bin/v6wizard.mjs
 * imports. An SSR build keeps Node's built-ins external and runs Vite's own plugins, so the `?raw`
 * template imports in shared/ become string constants exactly as in the app build. The npm
 * dependencies are bundled too (except the SSH client, see below), so the CLI does not depend on how
 * they package CommonJS vs ESM.
 */
export default defineConfig({
  build: {
    ssr: 'electron/cli/main.ts',
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'main.mjs' },
    },
  },
  // node-ssh / ssh2 stay external (loaded from node_modules at run time): ssh2 is CommonJS that uses
  // __dirname and optional native addons, which an ES-module bundle cannot carry.
  ssr: { noExternal: true, external: ['node-ssh', 'ssh2'], target: 'node' },
});
