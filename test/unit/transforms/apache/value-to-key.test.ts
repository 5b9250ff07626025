import { describe, expect, it } from 'vitest';
import { apply, failure, struct, transformProblems, withValue } from '../helpers.ts';

const TYPE = 'org.apache.kafka.connect.transforms.ValueToKey';

describe('ValueToKey', () => {
  it('builds the key from value fields; a missing field gives null (schemaless)', () => {
    const out = apply(TYPE, { fields: 'a,b,missing' }, withValue({ a: 1, b: 2, c: 3 }));
    expect(out?.key).toEqual({ a: 1, b: 2, missing: null });
    expect(out?.keySchema).toBeNull();
    expect(out?.value).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('builds a struct key and its schema from a struct value', () => {
    const b = { type: 'string', optional: true, default: 'x' } as const;
    const schema = struct({ a: 'int32', b });
    const out = apply(TYPE, { fields: 'b,a' }, withValue({ a: 1, b: null }, schema));
    expect(out?.keySchema).toEqual(struct({ b, a: 'int32' }));
    expect(out?.key).toEqual({ b: 'x', a: 1 });
  });

  it('fails a tombstone and a missing struct field', () => {
    expect(failure(() => apply(TYPE, { fields: 'a' }, withValue(null))).cause.message).toBe(
      'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    );
    const schema = struct({ a: 'int32' });
    expect(failure(() => apply(TYPE, { fields: 'nope' }, withValue({ a: 1 }, schema))).cause.message).toBe(
      'Field does not exist: nope',
    );
  });

  it('needs fields', () => {
    expect(transformProblems(TYPE, { fields: '' })).toEqual([
      'transforms.t.fields: Invalid value [] for configuration transforms.t.fields: Empty list',
    ]);
  });
});
