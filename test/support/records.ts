// Generated ESM events: N records of S bytes, spread over partitions the way an event source mapping groups them.
import type { EsmRecord, KafkaEvent } from '../../shared/records/types.ts';

export interface GeneratedEventOptions {
  /** Records in the event. */
  readonly count: number;
  /** `msk` (default) builds an `aws:kafka` event, `self-managed` a `SelfManagedKafka` one. */
  readonly source?: 'msk' | 'self-managed';
  readonly topic?: string;
  /** Partitions the records are spread over, in contiguous runs (default 1). */
  readonly partitions?: number;
  /** Offset of each partition's first record (default 0). */
  readonly firstOffset?: number;
  /** Size in bytes of each generated JSON value (default 256). Ignored when `value` is given. */
  readonly valueBytes?: number;
  /** The value of record `i` (string or bytes), or null for a tombstone. Default: {@link xdmValue}. */
  readonly value?: (i: number) => string | Buffer | null;
  /** The key of record `i`, or null (default `key-<i>`). */
  readonly key?: (i: number) => string | null;
  /** Headers of record `i` as name/value pairs (default none). */
  readonly headers?: (i: number) => ReadonlyArray<readonly [string, string]>;
  readonly bootstrapServers?: string;
}

/**
 * A JSON value of exactly `bytes` UTF-8 bytes shaped like an XDM message, carrying `i` in `body.xdmEntity._id`.
 *
 * @example
 * JSON.parse(xdmValue(7, 300)).body.xdmEntity._id; // 'id-7'
 */
export function xdmValue(i: number, bytes = 256): string {
  const base = `{"header":{"schemaRef":{"id":"https://ns.adobe.com/tenant/schemas/s1","contentType":"application/vnd.adobe.xed-full+json;version=1"}},"body":{"xdmEntity":{"_id":"id-${i}","pad":""}}}`;
  const pad = Math.max(0, bytes - Buffer.byteLength(base));
  return base.replace('"pad":""', `"pad":"${'x'.repeat(pad)}"`);
}

/**
 * Builds an ESM Kafka event: records grouped by `topic-partition`, offsets ascending, base64 keys and values,
 * `[{name: byte[]}]` headers.
 *
 * @example
 * const event = kafkaEvent({ count: 10_000, valueBytes: 1024 });
 */
export function kafkaEvent(options: GeneratedEventOptions): KafkaEvent {
  const topic = options.topic ?? 'events';
  const partitions = options.partitions ?? 1;
  const perPartition = Math.ceil(options.count / partitions);
  const records: Record<string, EsmRecord[]> = {};
  for (let i = 0; i < options.count; i++) {
    const partition = Math.floor(i / perPartition);
    const offset = (options.firstOffset ?? 0) + (i % perPartition);
    const value = options.value ? options.value(i) : xdmValue(i, options.valueBytes);
    const key = options.key ? options.key(i) : `key-${i}`;
    const record: EsmRecord = {
      topic,
      partition,
      offset,
      timestamp: 1_700_000_000_000 + i,
      timestampType: 'CREATE_TIME',
      headers: (options.headers?.(i) ?? []).map(([name, v]) => ({ [name]: [...Buffer.from(v)] })),
    };
    if (key !== null) record.key = Buffer.from(key).toString('base64');
    if (value !== null) record.value = Buffer.from(value).toString('base64');
    const group = records[`${topic}-${partition}`] ?? [];
    group.push(record);
    records[`${topic}-${partition}`] = group;
  }
  const bootstrapServers = options.bootstrapServers ?? '127.0.0.1:9092';
  return options.source === 'self-managed'
    ? { eventSource: 'SelfManagedKafka', bootstrapServers, records }
    : {
        eventSource: 'aws:kafka',
        eventSourceArn:
          'arn:aws:kafka:us-east-1:123456789012:cluster/test/00000000-0000-0000-0000-000000000000-1',
        bootstrapServers,
        records,
      };
}
