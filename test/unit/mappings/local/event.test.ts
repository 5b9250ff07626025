import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../../../shared/kafka/index.ts';
import { recordBytes } from '../../../../shared/mappings/local/event.ts';
import { EventBuilder, toEsmRecord } from '../../../../shared/mappings/local/index.ts';
import { decodeKafkaEvent } from '../../../../shared/records/index.ts';

// The record of the AWS docs' MSK event example ("Using Lambda with Amazon MSK", event payload).
const AWS_RECORD = {
  topic: 'mytopic',
  partition: 0,
  offset: 15,
  timestamp: 1545084650987,
  timestampType: 'CREATE_TIME',
  key: 'cmVjb3JkS2V5',
  value: 'eyJrZXkiOiJ2YWx1ZSJ9',
  headers: [{ headerKey: [104, 101, 97, 100, 101, 114, 86, 97, 108, 117, 101] }],
};

function message(fields: Partial<KafkaMessage> & { timestampType?: number }): KafkaMessage {
  const { timestampType = 0, ...rest } = fields;
  return {
    key: null,
    value: null,
    timestamp: '1545084650987',
    attributes: 0,
    offset: '15',
    headers: {},
    ...rest,
    // kafkajs decodes record batches into entries that carry their batch's timestamp type
    ...{ batchContext: { timestampType } },
  } as KafkaMessage;
}

describe('toEsmRecord', () => {
  it('builds the record of the AWS-documented MSK event from the same Kafka record', () => {
    const record = toEsmRecord(
      'mytopic',
      0,
      message({
        key: Buffer.from('recordKey'),
        value: Buffer.from('{"key":"value"}'),
        headers: { headerKey: Buffer.from('headerValue') },
      }),
    );
    expect(JSON.parse(JSON.stringify(record))).toEqual(AWS_RECORD);
  });

  it('leaves out a null key and a null value (tombstone) instead of sending empty strings', () => {
    const record = toEsmRecord('t', 3, message({}));
    const json = JSON.parse(JSON.stringify(record));
    expect(json).not.toHaveProperty('key');
    expect(json).not.toHaveProperty('value');
    expect(record.key).toBeUndefined();
    expect(record.value).toBeUndefined();
    expect(record.headers).toEqual([]);
  });

  it('keeps an empty value as an empty base64 string, distinct from a tombstone', () => {
    expect(toEsmRecord('t', 0, message({ value: Buffer.alloc(0) })).value).toBe('');
  });

  it('writes one header entry per value of a repeated header, and reports LOG_APPEND_TIME', () => {
    const record = toEsmRecord(
      't',
      0,
      message({ headers: { h: [Buffer.from('a'), Buffer.from('b')] }, timestampType: 1 }),
    );
    expect(record.headers).toEqual([{ h: [97] }, { h: [98] }]);
    expect(record.timestampType).toBe('LOG_APPEND_TIME');
  });
});

describe('the fetched bytes', () => {
  it('reach the sink as they were fetched: the same records as decoding the JSON of the event', () => {
    const builder = new EventBuilder({ eventSource: 'SelfManagedKafka', bootstrapServers: 'b:9092' });
    const messages = [
      message({ key: Buffer.from('k'), value: Buffer.from('{"a":"é"}'), offset: '7' }),
      message({ value: Buffer.alloc(0), offset: '8', headers: { h: Buffer.from('v') } }),
      message({ key: Buffer.from([0, 255]), offset: '9' }),
    ];
    for (const m of messages) builder.add(toEsmRecord('t', 0, m));
    const event = builder.build();
    const inProcess = decodeKafkaEvent(event);
    const fromJson = decodeKafkaEvent(JSON.parse(JSON.stringify(event)));
    expect(inProcess).toEqual(fromJson);
    expect(inProcess.records[0]?.value?.toString('utf8')).toBe('{"a":"é"}');
    expect(inProcess.records[0]?.value).toBe(messages[0]?.value);
  });
});

describe('recordBytes', () => {
  it('is the exact JSON size of records built from fetched messages, counted without serialising them', () => {
    const records = [
      toEsmRecord('orders', 0, message({})),
      toEsmRecord('orders.eu_1-x', 12, message({ key: Buffer.from('k'), offset: '9007199254740991' })),
      toEsmRecord('t', 3, message({ value: Buffer.from('{"a":"é"}'), timestamp: '-1', timestampType: 1 })),
      toEsmRecord('t', 3, message({ value: Buffer.alloc(0), timestampType: -1 })),
      toEsmRecord(
        't',
        0,
        message({
          key: Buffer.alloc(5, 255),
          value: Buffer.alloc(1001, 7),
          headers: {
            trace: Buffer.from('t-1'),
            'naïve "name"': [Buffer.from([0, 10, 200]), Buffer.alloc(0)],
            empty: undefined,
          },
        }),
      ),
    ];
    for (const record of records) expect(recordBytes(record)).toBe(Buffer.byteLength(JSON.stringify(record)));
  });
});

describe('EventBuilder', () => {
  const envelope = { eventSource: 'SelfManagedKafka', bootstrapServers: '127.0.0.1:9092' } as const;
  const record = (partition: number, offset: number, size: number) =>
    toEsmRecord('t', partition, message({ offset: String(offset), value: Buffer.alloc(size, 1) }));

  it('tracks the exact byte size of the JSON it builds', () => {
    const builder = new EventBuilder(envelope);
    for (let i = 0; i < 20; i++) builder.add(record(i % 3, i, i * 7));
    expect(builder.size).toBe(Buffer.byteLength(JSON.stringify(builder.build())));
    expect(Object.keys(builder.build().records).sort()).toEqual(['t-0', 't-1', 't-2']);
  });

  it('refuses the record that would take the event over the limit, so a batch is split below it', () => {
    const builder = new EventBuilder(envelope, 10_000);
    let added = 0;
    while (builder.add(record(0, added, 1_000))) added++;
    expect(added).toBeGreaterThan(5);
    expect(builder.count).toBe(added);
    expect(Buffer.byteLength(JSON.stringify(builder.build()))).toBeLessThanOrEqual(10_000);
  });

  it('builds the MSK envelope with eventSourceArn', () => {
    const builder = new EventBuilder({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/c/1',
      bootstrapServers: 'b:9092',
    });
    builder.add(record(0, 0, 1));
    expect(builder.build()).toMatchObject({ eventSource: 'aws:kafka', eventSourceArn: expect.any(String) });
  });
});
