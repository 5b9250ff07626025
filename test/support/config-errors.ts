// The every-problem-at-once error of a config, caught for assertions.
import { ConfigErrors } from '../../shared/config/index.ts';

/** The `ConfigErrors` that `run` throws; anything else (or nothing) fails the test. */
export function configErrorsOf(run: () => unknown): ConfigErrors {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigErrors) return e;
    throw e;
  }
  throw new Error('expected ConfigErrors, but nothing was thrown');
}
