import { describe, expect, it } from 'vitest';
import { fieldPathSteps } from '../../../../shared/transforms/support/field-path.ts';

// Cases from Apache Kafka's SingleFieldPathTest.
describe('SingleFieldPath (KIP-821)', () => {
  it.each([
    ['foo.bar', 'V1', ['foo.bar']],
    ['foo.bar', 'V2', ['foo', 'bar']],
    ['foo.bar.', 'V2', ['foo', 'bar', '']],
    ['`foo.bar`.baz', 'V2', ['foo.bar', 'baz']],
    ['foo.`bar.baz`', 'V2', ['foo', 'bar.baz']],
    ['`foo\\`.bar`.baz', 'V2', ['foo`.bar', 'baz']],
    ['foo`bar.baz', 'V2', ['foo`bar', 'baz']],
    ['`fo`o`.bar', 'V2', ['fo`o', 'bar']],
  ] as const)('%s with %s', (path, version, steps) => {
    expect(fieldPathSteps(path, version)).toEqual(steps);
  });

  it('rejects an unmatched backtick', () => {
    expect(() => fieldPathSteps('`foo.bar', 'V2')).toThrow(
      'Incomplete backtick pair in path: [`foo.bar], consider adding a backslash before backtick at position 0 to escape it',
    );
  });
});
