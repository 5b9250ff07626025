// `npm run test:localstack`: the stack deployed to a LocalStack on 127.0.0.1 that the global setup starts
// (scripts/localstack.sh), exercised through its REST API and its sink function, then destroyed. Separate from
// `npm test`; .ci/run runs it after. The offsets endpoints use the real Kafka broker (test/setup/kafka.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/localstack/**/*.test.ts'],
    globalSetup: ['test/setup/kafka.ts', 'test/localstack/setup.ts'],
    setupFiles: ['test/setup/each.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Nothing outside LocalStack's run dir is written: no results or module cache in node_modules.
    cache: false,
    fsModuleCache: false,
  },
});
