import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/kafka.ts'],
    setupFiles: ['test/setup/each.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      thresholds: { lines: 80 },
    },
  },
});
