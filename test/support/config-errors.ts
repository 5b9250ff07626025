// The every-problem-at-once error of a config, caught for assertions; arbitrary configs for fuzzing.
import fc from 'fast-check';
import { type ConfigDef, ConfigErrors } from '../../shared/config/index.ts';

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

/** The keys of the problems of the `ConfigErrors` that `run` throws, in the order they are reported. */
export function problemKeys(run: () => unknown): string[] {
  return configErrorsOf(run).problems.map((p) => p.key);
}

/** The names of the keys a definition declares. */
export function keyNames(definition: { configDef(): ConfigDef }): string[] {
  return definition
    .configDef()
    .keys()
    .map((k) => k.name);
}

/** Configs of any subset of the definition's keys, each with a value drawn from `values`. */
export function anyConfigOf<T>(
  definition: { configDef(): ConfigDef },
  values: fc.Arbitrary<T>,
): fc.Arbitrary<Record<string, T>> {
  return fc.dictionary(fc.constantFrom(...keyNames(definition)), values);
}
