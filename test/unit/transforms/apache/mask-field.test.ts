import { describe, expect, it } from 'vitest';
import { DataException } from '../../../../shared/transforms/index.ts';
import { apply, failure, sinkRecord, struct, transformProblems, valueAfter, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.MaskField$Value';
const ALL = {
  int: 42,
  dbl: 4.2,
  bool: true,
  str: 'secret',
  list: [1, 2],
  map: { a: 1 },
  date: new Date(5),
  none: null,
};

describe('MaskField', () => {
  it('replaces each listed field with the empty value of its type; an absent field becomes null', () => {
    const out = apply(
      VALUE,
      { fields: 'int,dbl,bool,str,list,map,date,none,missing' },
      withValue({ ...ALL, keep: 'x' }),
    );
    expect(out?.value).toEqual({
      int: 0,
      dbl: 0,
      bool: false,
      str: '',
      list: [],
      map: {},
      date: new Date(0),
      none: null,
      missing: null,
      keep: 'x',
    });
  });

  it.each([
    ['int', '12.5', 12],
    ['dbl', '12.5', 12.5],
    ['int', '1e3', 1000],
    ['str', '****', '****'],
  ])('masks %s with replacement %s', (field, replacement, expected) => {
    const out = apply(VALUE, { fields: field, replacement }, withValue({ ...ALL }));
    expect(valueAfter<Record<string, unknown>>(out)[field]).toBe(expected);
  });

  it.each([
    ['bool', 'x', 'Cannot mask value of type class java.lang.Boolean with custom replacement.'],
    ['int', 'abc', 'Unable to convert abc (class java.lang.String) to a number'],
  ])('fails %s with replacement %s', (field, replacement, message) => {
    const { cause } = failure(() => apply(VALUE, { fields: field, replacement }, withValue({ ...ALL })));
    expect(cause).toBeInstanceOf(DataException);
    expect(cause.message).toBe(message);
  });

  it('fails bytes without replacement, and a tombstone (Connect has no null guard here)', () => {
    expect(
      failure(() => apply(VALUE, { fields: 'b' }, withValue({ b: Buffer.from('x') }))).cause.message,
    ).toBe('Cannot mask value of type: class [B');
    expect(failure(() => apply(VALUE, { fields: 'b' }, withValue(null))).cause.message).toBe(
      'Only Map objects supported in absence of schema for [mask fields], found: null',
    );
  });

  it('masks struct fields by their schema type and works on keys', () => {
    const schema = struct({ age: 'int8', name: 'string' });
    const out = apply(
      'MaskField$Key',
      { fields: 'age,name' },
      sinkRecord({ key: { age: 30, name: 'Ann' }, keySchema: schema }),
    );
    expect(out?.key).toEqual({ age: 0, name: '' });
    expect(out?.keySchema).toBe(schema);
  });

  it('masks a Connect Timestamp field to the epoch, and refuses a custom replacement for it', () => {
    const schema = struct({
      at: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
    });
    expect(apply(VALUE, { fields: 'at' }, withValue({ at: 1234 }, schema))?.value).toEqual({ at: 0 });
    expect(
      failure(() => apply(VALUE, { fields: 'at', replacement: '1' }, withValue({ at: 1234 }, schema))).cause
        .message,
    ).toBe('Cannot mask value of type class java.util.Date with custom replacement.');
  });

  it('needs a non-empty field list and a non-empty replacement', () => {
    expect(transformProblems(VALUE, { fields: '', replacement: '' })).toEqual([
      'transforms.t.fields: Invalid value [] for configuration transforms.t.fields: Empty list',
      'transforms.t.replacement: Invalid value  for configuration transforms.t.replacement: String must be non-empty',
    ]);
    expect(transformProblems(VALUE, {})).toEqual([
      'transforms.t.fields: Missing required configuration "transforms.t.fields" which has no default value.',
    ]);
  });
});
