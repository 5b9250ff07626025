import { describe, expect, it } from 'vitest';
import { DataException } from '../../../../shared/transforms/index.ts';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.InsertField$Value';

describe('InsertField', () => {
  it('adds a static field (Confluent docs example)', () => {
    const out = apply(
      VALUE,
      { 'static.field': 'MessageSource', 'static.value': 'Kafka Connect framework' },
      withValue({ author: 'Philip K. Dick', character: 'Palmer Eldritch' }),
    );
    expect(out?.value).toEqual({
      author: 'Philip K. Dick',
      character: 'Palmer Eldritch',
      MessageSource: 'Kafka Connect framework',
    });
  });

  it('inserts topic, partition, offset and timestamp (epoch millis when schemaless), with ! and ? suffixes', () => {
    const record = withValue({ magic: 42 });
    const out = apply(
      'InsertField$Value',
      {
        'topic.field': 'topic_field!',
        'partition.field': 'partition_field',
        'offset.field': 'offset_field?',
        'timestamp.field': 'timestamp_field',
      },
      record,
    );
    expect(out?.value).toEqual({
      magic: 42,
      topic_field: 'orders',
      partition_field: 0,
      offset_field: 42,
      timestamp_field: record.timestamp,
    });
    expect(record.value).toEqual({ magic: 42 });
  });

  it('skips the timestamp field when the record has no timestamp', () => {
    const out = apply(
      'InsertField$Value',
      { 'timestamp.field': 'ts' },
      sinkRecord({ value: {}, timestamp: null }),
    );
    expect(out?.value).toEqual({});
  });

  it('passes a tombstone through unchanged', () => {
    const record = withValue(null);
    expect(apply(VALUE, { 'topic.field': 't' }, record)).toBe(record);
  });

  it('fails a record whose schemaless value is not a map', () => {
    const { cause } = failure(() => apply(VALUE, { 'topic.field': 't' }, withValue('plain')));
    expect(cause).toBeInstanceOf(DataException);
    expect(cause.message).toBe(
      'Only Map objects supported in absence of schema for [field insertion], found: java.lang.String',
    );
  });

  it('works on the key with $Key', () => {
    const out = apply(
      'InsertField$Key',
      { 'topic.field': 'topic' },
      sinkRecord({ key: { id: 1 }, value: { v: 1 } }),
    );
    expect(out?.key).toEqual({ id: 1, topic: 'orders' });
    expect(out?.value).toEqual({ v: 1 });
  });

  it('adds fields to a struct and its schema; the timestamp is a Connect Timestamp', () => {
    const note = { type: 'string', optional: true, default: 'n/a' } as const;
    const schema = struct({ id: 'int64', note }, { name: 'Order' });
    const record = withValue({ id: 7, note: null }, schema);
    const out = apply(VALUE, { 'topic.field': 'topic!', 'timestamp.field': 'ts' }, record);
    expect(out?.valueSchema).toEqual(
      struct(
        {
          id: 'int64',
          note,
          topic: 'string',
          ts: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1, optional: true },
        },
        { name: 'Order' },
      ),
    );
    expect(out?.value).toEqual({
      id: 7,
      note: 'n/a',
      topic: 'orders',
      ts: record.timestamp,
    });
  });

  it('keeps null instead of the default with replace.null.with.default=false', () => {
    const schema = struct({ note: { type: 'string', optional: true, default: 'n/a' } });
    const out = apply(
      VALUE,
      { 'topic.field': 't', 'replace.null.with.default': 'false' },
      withValue({ note: null }, schema),
    );
    expect(out?.value).toEqual({ note: null, t: 'orders' });
  });

  it.each([
    [{}, 'transforms.t.type: No field insertion configured'],
    [
      { 'static.field': 'source' },
      'transforms.t.static.value: Invalid value null for configuration transforms.t.static.value: No value specified for static field: source',
    ],
  ])('rejects the configuration %j', (config, problem) => {
    expect(transformProblems(VALUE, config)).toEqual([problem]);
  });
});
