import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, struct, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.Flatten$Value';

describe('Flatten', () => {
  it('flattens nested maps, keeps arrays, nulls and bytes (Apache FlattenTest data)', () => {
    const bytes = Buffer.from('x');
    const value = {
      A: {
        B: { int8: 8, float64: 64.5, boolean: true, string: 'boo', bytes, array: [{ nested: 1 }], empty: {} },
      },
      top: null,
    };
    expect(apply(VALUE, {}, withValue(value))?.value).toEqual({
      'A.B.int8': 8,
      'A.B.float64': 64.5,
      'A.B.boolean': true,
      'A.B.string': 'boo',
      'A.B.bytes': bytes,
      'A.B.array': [{ nested: 1 }],
      top: null,
    });
  });

  it('uses the delimiter and works on keys; a tombstone passes', () => {
    expect(apply('Flatten$Key', { delimiter: '#' }, sinkRecord({ key: { a: { b: 1 } } }))?.key).toEqual({
      'a#b': 1,
    });
    const tombstone = withValue(null);
    expect(apply(VALUE, {}, tombstone)).toBe(tombstone);
  });

  it('fails values Connect has no type for', () => {
    expect(failure(() => apply(VALUE, {}, withValue({ d: new Date(0) }))).cause.message).toBe(
      "Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API",
    );
  });

  it('flattens a struct and its schema, with optionality and defaults inherited from parents', () => {
    const inner = struct(
      { x: { type: 'int32', default: 5 }, tags: { type: 'array', items: { type: 'string' } } },
      { optional: true },
    );
    const schema = struct({ id: 'int64', inner }, { name: 'Outer' });
    const out = apply(VALUE, {}, withValue({ id: 1, inner: { x: null, tags: ['a'] } }, schema));
    expect(out?.valueSchema).toEqual(
      struct(
        {
          id: 'int64',
          'inner.x': { type: 'int32', optional: true, default: 5 },
          'inner.tags': { type: 'array', items: { type: 'string' }, optional: true },
        },
        { name: 'Outer' },
      ),
    );
    expect(out?.value).toEqual({ id: 1, 'inner.x': 5, 'inner.tags': ['a'] });
    expect(apply(VALUE, {}, withValue({ id: 2, inner: null }, schema))?.value).toEqual({
      id: 2,
      'inner.x': 5,
      'inner.tags': null,
    });
  });

  it('fails a struct with a map field', () => {
    const schema = struct({ m: { type: 'map', keys: { type: 'string' }, values: { type: 'string' } } });
    expect(failure(() => apply(VALUE, {}, withValue({ m: {} }, schema))).cause.message).toBe(
      'Flatten transformation does not support MAP for record with schemas (for field m).',
    );
  });
});
