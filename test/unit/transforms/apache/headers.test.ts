import { describe, expect, it } from 'vitest';
import { apply, failure, header, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

describe('Filter', () => {
  it('drops every record', () => {
    expect(apply('org.apache.kafka.connect.transforms.Filter', {}, withValue({ a: 1 }))).toBeNull();
  });
});

describe('InsertHeader', () => {
  it.each([
    ['kafka', 'kafka', { type: 'string' }],
    ['42', 42, { type: 'int8' }],
    ['1000', 1000, { type: 'int16' }],
    ['1.5', 1.5, { type: 'float32' }],
    ['true', true, { type: 'boolean' }],
    ['true}', 'true}', { type: 'string' }],
    ['12:30', 12, { type: 'int8' }],
    ['2024-01-15', 19737, { type: 'int32', name: 'org.apache.kafka.connect.data.Date', version: 1 }],
    [
      '2024-01-15T10:00:00.000Z',
      Date.UTC(2024, 0, 15, 10),
      { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
    ],
    ['[1,2,300]', [1, 2, 300], { type: 'array', items: { type: 'int16' } }],
    ['{a:1}', '{a:1}', { type: 'string' }],
    ['{"a":1}', { a: 1 }, { type: 'map', keys: { type: 'string' }, values: { type: 'int8' } }],
    ['hello world', 'hello world', { type: 'string' }],
  ])('adds a header from the literal %s, typed like Values.parseString', (literal, value, schema) => {
    const record = sinkRecord({ headers: [header('existing')] });
    const out = apply(
      'org.apache.kafka.connect.transforms.InsertHeader',
      { header: 'h', 'value.literal': literal },
      record,
    );
    expect(out?.headers).toEqual([header('existing'), { key: 'h', value, schema }]);
    expect(record.headers).toHaveLength(1);
  });

  it('needs both keys', () => {
    expect(transformProblems('InsertHeader', {})).toEqual([
      'transforms.t.header: Missing required configuration "transforms.t.header" which has no default value.',
      'transforms.t.value.literal: Missing required configuration "transforms.t.value.literal" which has no default value.',
    ]);
  });
});

describe('DropHeaders', () => {
  it('removes every header with a listed key', () => {
    const record = sinkRecord({
      headers: [header('app.id'), header('keep'), header('txn.id'), header('app.id', 'again')],
    });
    const out = apply('DropHeaders', { headers: 'app.id,txn.id' }, record);
    expect(out?.headers).toEqual([header('keep')]);
  });
});

describe('HeaderFrom', () => {
  const VALUE = 'org.apache.kafka.connect.transforms.HeaderFrom$Value';

  it.each([
    ['copy', { id: 1, ts: 2, other: 3 }],
    ['move', { other: 3 }],
  ])('%s: fields to headers (Confluent docs: id,ts)', (operation, value) => {
    const out = apply(
      VALUE,
      { fields: 'id,ts,missing', headers: 'event_id,event_ts,none', operation },
      withValue({ id: 1, ts: 2, other: 3 }),
    );
    expect(out?.value).toEqual(value);
    expect(out?.headers).toEqual([
      { key: 'event_id', value: 1, schema: null },
      { key: 'event_ts', value: 2, schema: null },
      { key: 'none', value: null, schema: null },
    ]);
  });

  it('moves struct key fields with their schemas', () => {
    const schema = struct({ id: 'int64', k: 'string' });
    const out = apply(
      'HeaderFrom$Key',
      { fields: 'id', headers: 'id', operation: 'move' },
      sinkRecord({ key: { id: 5, k: 'x' }, keySchema: schema }),
    );
    expect(out?.key).toEqual({ k: 'x' });
    expect(out?.keySchema).toEqual(struct({ k: 'string' }));
    expect(out?.headers).toEqual([{ key: 'id', value: 5, schema: { type: 'int64' } }]);
  });

  it('fails a tombstone', () => {
    expect(
      failure(() => apply(VALUE, { fields: 'a', headers: 'a', operation: 'copy' }, withValue(null))).cause
        .message,
    ).toBe('Only Map objects supported in absence of schema for [header copy], found: null');
  });

  it('needs as many headers as fields and a valid operation', () => {
    expect(transformProblems(VALUE, { fields: 'a,b', headers: 'a', operation: 'copy' })).toEqual([
      "transforms.t.headers: 'fields' config must have the same number of elements as 'headers' config.",
    ]);
    expect(transformProblems(VALUE, { fields: 'a', headers: 'a', operation: 'cut' })).toEqual([
      'transforms.t.operation: Invalid value cut for configuration transforms.t.operation: String must be one of: move, copy',
    ]);
  });
});
