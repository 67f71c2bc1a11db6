import { defineConfig } from 'vitest/config';

// Separate from renderer/vite.config.mts: that one has root 'renderer', which would hide every other test.
export default defineConfig({
  test: {
    root: '.',
    include: ['sim-core/test/**/*.test.ts', 'main/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
