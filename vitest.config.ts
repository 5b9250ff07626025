import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no broker and no Java (seconds); `integration` runs against a real Kafka broker and a
// real schema registry, which its global setups start when none answers. `npm test` runs both; `npx vitest run --project unit` only the first.
export default defineConfig({
  test: {
    setupFiles: ['test/setup/each.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      thresholds: { lines: 80 },
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/kafka.ts', 'test/setup/schema-registry.ts'],
        },
      },
    ],
  },
});
