import { describe, expect, it } from 'vitest';
import {
  decodeKafkaEvent,
  MalformedEventError,
  MalformedRecordError,
} from '../../../shared/records/index.ts';
import { loadEvent } from '../../support/events.ts';
import { kafkaEvent } from '../../support/records.ts';

describe('decodeKafkaEvent', () => {
  it.each([
    ['msk/basic', 'aws:kafka'],
    ['self-managed-kafka/basic', 'SelfManagedKafka'],
  ] as const)('decodes the AWS documented %s example', (fixture, source) => {
    const decoded = decodeKafkaEvent(loadEvent(fixture));

    expect(decoded.eventSource).toBe(source);
    expect(decoded.bootstrapServers).toEqual([
      'b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092',
      'b-1.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092',
    ]);
    expect(decoded.errors.size).toBe(0);
    expect(decoded.records).toHaveLength(1);
    const [record] = decoded.records;
    expect(record).toMatchObject({
      topic: 'mytopic',
      partition: 0,
      offset: 15,
      timestamp: 1545084650987,
      timestampType: 'CREATE_TIME',
    });
    expect(record?.key?.toString()).toBe('recordKey');
    expect(record?.value?.toString()).toBe('{"key":"value"}');
    expect(record?.headers.map((h) => [h.key, h.value?.toString()])).toEqual([['headerKey', 'headerValue']]);
  });

  it('keeps the MSK cluster ARN and leaves it out for self-managed Kafka', () => {
    expect(decodeKafkaEvent(loadEvent('msk/basic')).eventSourceArn).toMatch(/^arn:aws:kafka:/);
    expect(decodeKafkaEvent(loadEvent('self-managed-kafka/basic'))).not.toHaveProperty('eventSourceArn');
  });

  it('reads absent or null keys as null and absent or null values as tombstones', () => {
    const decoded = decodeKafkaEvent(loadEvent('msk/mixed'));
    const byOffset = new Map(decoded.records.map((r) => [`${r.partition}@${r.offset}`, r]));

    expect(byOffset.get('0@42')?.value).toBeNull(); // value absent
    expect(byOffset.get('0@43')?.key).toBeNull(); // key absent
    expect(byOffset.get('1@7')).toMatchObject({ key: null, value: null }); // both null
    expect(byOffset.get('1@8')?.headers).toEqual([]); // headers absent
  });

  it('keeps headers in order, repeated names included', () => {
    const record = decodeKafkaEvent(loadEvent('msk/mixed')).records.find((r) => r.offset === 43);

    expect(record?.headers.map((h) => `${h.key}=${h.value?.toString()}`)).toEqual([
      'source=web',
      'trace=a',
      'source=app',
    ]);
  });

  it('keeps the partitions in event order with offsets ascending, sorting a group that is out of order', () => {
    const event = kafkaEvent({ count: 6, partitions: 2, topic: 't', firstOffset: 100 });
    event.records['t-1']?.reverse();

    const refs = decodeKafkaEvent(event).records.map((r) => `${r.partition}@${r.offset}`);

    expect(refs).toEqual(['0@100', '0@101', '0@102', '1@100', '1@101', '1@102']);
  });

  it.each([
    ['a string', '"hello"', '$'],
    ['an unknown event source', { eventSource: 'aws:sqs', records: {} }, '$.eventSource'],
    ['records that are not an object', { eventSource: 'aws:kafka', records: [] }, '$.records'],
    [
      'a partition group that is not an array',
      { eventSource: 'aws:kafka', records: { 't-0': {} } },
      '$.records["t-0"]',
    ],
    [
      'a record without an offset',
      { eventSource: 'aws:kafka', records: { 't-0': [{ topic: 't', partition: 0 }] } },
      '$.records["t-0"][0].offset',
    ],
    [
      'a negative partition',
      { eventSource: 'SelfManagedKafka', records: { 't--1': [{ topic: 't', partition: -1, offset: 0 }] } },
      '$.records["t--1"][0].partition',
    ],
    [
      'a record listed under another partition',
      { eventSource: 'aws:kafka', records: { 't-0': [{ topic: 't', partition: 1, offset: 0 }] } },
      '$.records["t-0"][0]',
    ],
    [
      'bootstrapServers that is not a string',
      { eventSource: 'aws:kafka', bootstrapServers: 1, records: {} },
      '$.bootstrapServers',
    ],
  ])('refuses %s, naming the JSON path', (_case, input, path) => {
    const event = typeof input === 'string' ? JSON.parse(input) : input;

    const thrown = (() => {
      try {
        decodeKafkaEvent(event);
      } catch (e) {
        return e;
      }
    })();

    expect(thrown).toBeInstanceOf(MalformedEventError);
    expect(thrown).toMatchObject({ path, retriable: false });
    expect((thrown as Error).message).toContain(path);
  });

  it.each([
    ['a value that is not text', { value: 12 }, '$.records["t-0"][1].value'],
    ['a key that is an object', { key: { a: 1 } }, '$.records["t-0"][1].key'],
    ['headers that are not an array', { headers: 'h' }, '$.records["t-0"][1].headers'],
    [
      'a header value that is not bytes',
      { headers: [{ h: [1, 256] }] },
      '$.records["t-0"][1].headers[0]["h"]',
    ],
    ['a timestamp that is not a number', { timestamp: 'now' }, '$.records["t-0"][1].timestamp'],
  ])(
    'keeps a record with %s and reports it on its own, naming topic-partition@offset',
    (_case, patch, path) => {
      const event = kafkaEvent({ count: 3, topic: 't' });
      Object.assign(event.records['t-0']?.[1] as object, patch);

      const decoded = decodeKafkaEvent(event);

      expect(decoded.records).toHaveLength(3);
      expect(decoded.errors.size).toBe(1);
      const [record, error] = [...decoded.errors][0] ?? [];
      expect(record?.offset).toBe(1);
      expect(error).toBeInstanceOf(MalformedRecordError);
      expect(error).toMatchObject({ record: 't-0@1', path, retriable: false });
      expect(error?.message).toContain('t-0@1');
    },
  );
});
