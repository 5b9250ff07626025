import { describe, expect, it } from 'vitest';
import { buildConverters } from '../../../../shared/converters/index.ts';
import { aepMessage } from '../../../../shared/sink/index.ts';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.Cast$Value';
const spec = (s: string) => ({ spec: s });

describe('Cast', () => {
  it.each([
    ['int8', 300, 44],
    ['int16', 70000, 4464],
    ['int32', 3.9e10 + 0.5, 2147483647],
    ['int32', 3.9e10, 345294336],
    ['int32', -7.9, -7],
    ['int64', 42.9, 42],
    // A Java float's shortest form (Float.toString), not the widened double 1.100000023841858.
    ['float32', 1.1, 1.1],
    ['float32', 1.5e-7, 1.5e-7],
    ['float32', '0.1', 0.1],
    ['float64', '1.5', 1.5],
    ['int32', '-42', -42],
    ['int8', '+12', 12],
    ['float32', ' 2.5f ', 2.5],
    ['float64', '0x1.8p1', 3],
    ['boolean', 0.5, false],
    ['boolean', 2, true],
    ['boolean', 'TRUE', true],
    ['boolean', 'yes', false],
    ['int32', true, 1],
    ['string', 42, '42'],
    ['string', 1.5e-7, '1.5E-7'],
    ['string', 12345678.9, '1.23456789E7'],
    ['string', 0.001, '0.001'],
    ['string', false, 'false'],
    ['string', Buffer.from('hello'), 'aGVsbG8='],
  ])('casts a field to %s: %j → %j (Java narrowing and parsing)', (type, input, expected) => {
    expect(apply(VALUE, spec(`f:${type}`), withValue({ f: input, other: 1 }))?.value).toEqual({
      f: expected,
      other: 1,
    });
  });

  it('casts the whole key (Apache CastTest: int64 key to int32)', () => {
    expect(apply('Cast$Key', spec('int32'), sinkRecord({ key: 2 ** 32 + 5 }))?.key).toBe(5);
  });

  it('casts struct fields and their schema', () => {
    const schema = struct(
      { n: { type: 'int64', optional: true, default: 300 }, s: 'string', f: 'float32' },
      { name: 'S' },
    );
    const out = apply(
      VALUE,
      spec('n:int8,s:int32,f:string'),
      withValue({ n: null, s: '12', f: Math.fround(1.1) }, schema),
    );
    expect(out?.valueSchema).toEqual(
      struct({ n: { type: 'int8', optional: true, default: 44 }, s: 'int32', f: 'string' }, { name: 'S' }),
    );
    expect(out?.value).toEqual({ n: 44, s: 12, f: '1.1' });
  });

  it.each([
    ['org.apache.kafka.connect.data.Date', 'int32', 17168, '2017-01-02'],
    ['org.apache.kafka.connect.data.Time', 'int32', 11045006, '03:04:05.006Z'],
    [
      'org.apache.kafka.connect.data.Timestamp',
      'int64',
      Date.UTC(2017, 0, 2, 3, 4, 5, 6),
      '2017-01-02T03:04:05.006Z',
    ],
  ] as const)('casts a %s to an ISO string (Values.dateFormatFor, UTC)', (name, type, stored, text) => {
    const schema = struct({ d: { type, name, version: 1 } });
    expect(apply(VALUE, spec('d:string'), withValue({ d: stored }, schema))?.value).toEqual({ d: text });
  });

  it('puts null for a listed field that is absent, and passes a tombstone', () => {
    expect(apply(VALUE, spec('f:int8'), withValue({}))?.value).toEqual({ f: null });
    const tombstone = withValue(null);
    expect(apply(VALUE, spec('f:int8'), tombstone)).toBe(tombstone);
  });

  it.each([
    ['f:int32', { f: 'abc' }, 'Value (abc) was out of range for requested data type'],
    ['f:int8', { f: '128' }, 'Value (128) was out of range for requested data type'],
    [
      'f:int32',
      { f: { a: 1 } },
      'Cast transformation does not support casting from MAP; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]',
    ],
    ['f:int32', { f: Buffer.from('x') }, 'Unexpected type in Cast transformation: class [B'],
  ])('fails %s on %j', (s, value, message) => {
    expect(failure(() => apply(VALUE, spec(s), withValue(value))).cause.message).toBe(message);
  });

  it.each([
    ['', 'Must specify at least one field to cast.'],
    ['a:foo', 'Invalid type found in casting spec: foo'],
    [
      'a:map',
      'Cast transformation does not support casting to MAP; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]',
    ],
    [
      'int8,a:int8',
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    ],
    ['a:b:c', 'Invalid rename mapping: a:b:c'],
  ])('rejects spec=%s', (value, reason) => {
    const problems = transformProblems(VALUE, { spec: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^transforms\.t\.spec: Invalid value .* for configuration transforms\.t\.spec: /,
    );
    expect(problems[0]?.endsWith(reason)).toBe(true);
  });
});

describe('Cast after JsonConverter (numbers as Jackson reads them)', () => {
  const json = buildConverters({
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
  }).value;
  /** The JSON text AEP receives for `text` after JsonConverter and Cast with `castSpec`. */
  const delivered = (text: string, castSpec: string) => {
    const converted = json.toConnectData('t', Buffer.from(text));
    const cast = apply(VALUE, spec(castSpec), withValue(converted.value));
    return aepMessage(cast?.value);
  };

  it.each([
    ['{"a":2.0}', '{"a":"2.0"}'],
    ['{"a":2}', '{"a":"2"}'],
    ['{"a":1e3}', '{"a":"1000.0"}'],
    ['{"a":1.5E1}', '{"a":"15.0"}'],
    ['{"a":-0.0}', '{"a":"-0.0"}'],
    ['{"a":2.5}', '{"a":"2.5"}'],
    ['{"a":9007199254740993}', '{"a":"9007199254740993"}'],
    ['{"a":-9223372036854775808}', '{"a":"-9223372036854775808"}'],
  ])('casts %s to string as Connect does: %s', (text, expected) => {
    expect(delivered(text, 'a:string')).toBe(expected);
  });

  it('keeps exact integers beyond ±2^53 that it does not cast, and "2.0"-like text inside strings', () => {
    expect(delivered('{"id":9007199254740993,"a":1,"s":"v 2.0"}', 'a:string')).toBe(
      '{"id":9007199254740993,"a":"1","s":"v 2.0"}',
    );
  });

  it('writes a float32 as its shortest decimal, as Connect writes a Java float', () => {
    expect(delivered('{"a":1.5e-7,"b":0.1}', 'a:float32,b:float32')).toBe('{"a":1.5e-7,"b":0.1}');
  });

  it('casts a whole double to an integer type, as Double.intValue() does', () => {
    expect(delivered('{"a":2.0,"b":3e2}', 'a:int32,b:int8')).toBe('{"a":2,"b":44}');
  });
});
