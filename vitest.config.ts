import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles `.svelte.ts` modules (runes) when renderer logic is tested.
  plugins: [svelte()],
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    // Tests that build network namespaces or run daemons share kernel state; one file at a time keeps
    // them from racing for names, and the suite is small enough that this costs little.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
