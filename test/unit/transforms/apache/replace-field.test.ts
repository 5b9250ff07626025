import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.ReplaceField$Value';

describe('ReplaceField', () => {
  it.each([
    [
      { exclude: 'dont', renames: 'abc:xyz,foo:bar' },
      { xyz: 42, bar: true, etc: 'etc' },
    ],
    [{ include: 'abc,foo' }, { abc: 42, foo: true }],
    [{ include: 'abc,dont', exclude: 'dont' }, { abc: 42 }],
    [{ renames: 'abc:foo' }, { dont: 'whatever', foo: true, etc: 'etc' }],
    [{}, { dont: 'whatever', abc: 42, foo: true, etc: 'etc' }],
  ])('schemaless %j (Apache ReplaceFieldTest data)', (config, expected) => {
    const out = apply(VALUE, config, withValue({ dont: 'whatever', abc: 42, foo: true, etc: 'etc' }));
    expect(out?.value).toEqual(expected);
  });

  it('passes a tombstone through and fails a non-map value', () => {
    const tombstone = withValue(null);
    expect(apply(VALUE, { exclude: 'a' }, tombstone)).toBe(tombstone);
    expect(failure(() => apply(VALUE, { exclude: 'a' }, withValue([1]))).cause.message).toBe(
      'Only Map objects supported in absence of schema for [field replacement], found: java.util.ArrayList',
    );
  });

  it('filters and renames struct fields and their schema', () => {
    const foo = { type: 'boolean', optional: true, default: false } as const;
    const schema = struct({ dont: 'string', abc: 'int32', foo }, { name: 'R', version: 3 });
    const out = apply(
      VALUE,
      { exclude: 'dont', renames: 'abc:xyz,foo:bar' },
      withValue({ dont: 'x', abc: 42, foo: null }, schema),
    );
    expect(out?.valueSchema).toEqual(struct({ xyz: 'int32', bar: foo }, { name: 'R', version: 3 }));
    expect(out?.value).toEqual({ xyz: 42, bar: false });
  });

  it('works on the key with $Key and never touches own properties named like Object builtins', () => {
    const key = JSON.parse('{"__proto__": 1, "constructor": 2, "id": 3}');
    const out = apply(
      'ReplaceField$Key',
      { renames: '__proto__:proto', exclude: 'constructor' },
      sinkRecord({ key }),
    );
    expect(out?.key).toEqual({ proto: 1, id: 3 });
  });

  it.each([
    ['renames', 'a', 'Invalid value [a] for configuration transforms.t.renames: Invalid rename mapping: a'],
    [
      'renames',
      'a:b:c',
      'Invalid value [a:b:c] for configuration transforms.t.renames: Invalid rename mapping: a:b:c',
    ],
    [
      'blacklist',
      'ssn',
      "Invalid value ssn for configuration transforms.t.blacklist: 'blacklist' was removed from ReplaceField in Apache Kafka 4.0; use 'exclude' instead",
    ],
    [
      'whitelist',
      'id',
      "Invalid value id for configuration transforms.t.whitelist: 'whitelist' was removed from ReplaceField in Apache Kafka 4.0; use 'include' instead",
    ],
  ])('rejects %s=%s', (key, value, message) => {
    expect(transformProblems(VALUE, { [key]: value })).toEqual([`transforms.t.${key}: ${message}`]);
  });
});
