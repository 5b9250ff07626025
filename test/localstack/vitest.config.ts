// `npm run test:localstack`: the stack deployed to LocalStack with cdklocal. Separate from `npm test`; it skips, and
// says so, when no LocalStack answers at LOCALSTACK_ENDPOINT (default http://127.0.0.1:4566).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/localstack/**/*.test.ts'],
    globalSetup: ['test/localstack/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
