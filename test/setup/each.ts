// Per-file setup: aws-sdk-client-mock matchers for vitest, and an environment restored after every test.

import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, expect, vi } from 'vitest';

expect.extend(allCustomMatcher);

afterEach(() => {
  vi.unstubAllEnvs();
});
