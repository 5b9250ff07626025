import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.ExtractField$Value';
const NESTED = { magic: 42, 'dotted.name': 1, user: { id: 7, 'a.b': { c: 3 } } };

describe('ExtractField', () => {
  it.each([
    [{ field: 'magic' }, 42],
    [{ field: 'missing' }, null],
    [{ field: 'dotted.name' }, 1],
    [{ field: 'user.id' }, null],
    [{ field: 'user.id', 'field.syntax.version': 'V2' }, 7],
    [{ field: 'user.id', 'field.syntax.version': 'v2' }, 7],
    [{ field: 'user.`a.b`.c', 'field.syntax.version': 'V2' }, 3],
    [{ field: 'user.nope.c', 'field.syntax.version': 'V2' }, null],
    [{ field: '`dotted.name`', 'field.syntax.version': 'V2' }, 1],
  ])('schemaless %j', (config, expected) => {
    expect(apply(VALUE, config, withValue(NESTED))?.value).toEqual(expected);
  });

  it('keeps a null value null and fails a non-map value', () => {
    expect(apply(VALUE, { field: 'a' }, withValue(null))?.value).toBeNull();
    expect(failure(() => apply(VALUE, { field: 'a' }, withValue(5))).cause.message).toBe(
      'Only Map objects supported in absence of schema for [field extraction], found: java.lang.Long',
    );
    expect(
      failure(() => apply(VALUE, { field: 'magic.x', 'field.syntax.version': 'V2' }, withValue(NESTED))).cause
        .message,
    ).toBe(
      'Only Map objects supported in absence of schema for [nested field access], found: java.lang.Long',
    );
  });

  it('extracts a (nested) struct field with its schema, and rejects an unknown one', () => {
    const schema = struct({ user: struct({ id: 'int64' }) });
    const record = sinkRecord({ key: { user: { id: 9 } }, keySchema: schema });
    const out = apply('ExtractField$Key', { field: 'user.id', 'field.syntax.version': 'V2' }, record);
    expect(out?.key).toBe(9);
    expect(out?.keySchema).toEqual({ type: 'int64' });
    const { cause } = failure(() => apply('ExtractField$Key', { field: 'nope' }, record));
    expect(cause.message).toBe('Unknown field: nope');
  });

  it.each([
    [
      { field: '`a.b', 'field.syntax.version': 'V2' },
      'transforms.t.field: Incomplete backtick pair in path: [`a.b], consider adding a backslash before backtick at position 0 to escape it',
    ],
    [
      { field: 'a', 'field.syntax.version': 'V3' },
      'transforms.t.field.syntax.version: Invalid value V3 for configuration transforms.t.field.syntax.version: String must be one of (case insensitive): V1, V2',
    ],
  ])('rejects %j', (config, problem) => {
    expect(transformProblems(VALUE, config)).toEqual([problem]);
  });
});
