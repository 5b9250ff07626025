import { describe, expect, it } from 'vitest';
import { DataException } from '../../../shared/converters/index.ts';
import type { ConnectSchema } from '../../../shared/records/types.ts';
import { aepMessage } from '../../../shared/sink/index.ts';

const withBytes: ConnectSchema = {
  type: 'struct',
  fields: [
    { field: 'id', type: 'int32' },
    { field: 'raw', type: 'bytes' },
  ],
};

describe('aepMessage', () => {
  it.each([
    ['the JSON text a schemaless value was parsed from', { a: 1 }, '{ "a" : 1 }', null, '{ "a" : 1 }'],
    ['a value written as JSON', { a: [1, true, null] }, undefined, null, '{"a":[1,true,null]}'],
    ['a string that is JSON text', '{"a":1}', undefined, null, '{"a":1}'],
    ['bytes that are JSON text', Buffer.from('[1]'), undefined, null, '[1]'],
    [
      'bytes inside a value whose schema has bytes, as base64',
      { id: 1, raw: Buffer.from([1, 2]) },
      undefined,
      withBytes,
      '{"id":1,"raw":"AQI="}',
    ],
  ])('sends %s', (_case, value, json, schema, expected) => {
    expect(aepMessage(value, json, schema)).toBe(expected);
  });

  it.each([
    ['a string that is not JSON text', 'hello', /not JSON text/],
    ['bytes that are not JSON text', Buffer.from('{'), /not JSON text/],
    ['a value with no JSON form', () => 1, /cannot be written as JSON/],
  ])('refuses %s with a DataException', (_case, value, message) => {
    expect(() => aepMessage(value)).toThrow(DataException);
    expect(() => aepMessage(value)).toThrow(message);
  });

  it('writes an integer beyond ±2^53 (a bigint from JsonConverter) exactly', () => {
    expect(aepMessage({ id: 9007199254740993n, big: [-(2n ** 63n)] })).toBe(
      '{"id":9007199254740993,"big":[-9223372036854775808]}',
    );
  });
});
