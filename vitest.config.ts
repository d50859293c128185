import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests that build network namespaces or run daemons share kernel state; one file at a time keeps
    // them from racing for names, and the suite is small enough that this costs little.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'tests/**/*.test.ts'],
        },
      },
      {
        // The wizard's logic lives in `.svelte.ts` modules (runes): compiled by the Svelte plugin and
        // resolved with the browser condition, as the renderer build does.
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: ['renderer/src/**/*.test.ts'] },
      },
    ],
  },
});
