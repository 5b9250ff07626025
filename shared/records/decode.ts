// Decodes the event a Lambda Kafka event source mapping invokes a function with (AWS docs: "Using Lambda with
// Amazon MSK" / "Using Lambda with self-managed Apache Kafka", example event) into Kafka records.

import { recordRef, topicPartition } from './coordinates.ts';
import { MalformedEventError, MalformedRecordError } from './errors.ts';
import { fetchedBytes } from './fetched.ts';
import type { KafkaHeader, KafkaRecord, TimestampType } from './types.ts';

/** The two event sources whose events share the Kafka record shape. */
export const KAFKA_EVENT_SOURCES = ['aws:kafka', 'SelfManagedKafka'] as const;
export type KafkaEventSource = (typeof KAFKA_EVENT_SOURCES)[number];

const TIMESTAMP_TYPES: ReadonlySet<string> = new Set(['CREATE_TIME', 'LOG_APPEND_TIME', 'NO_TIMESTAMP_TYPE']);

/** A decoded event: its origin and its records in partition order, with the records that failed to decode. */
export interface DecodedEvent {
  readonly eventSource: KafkaEventSource;
  /** The MSK cluster ARN (MSK events only). */
  readonly eventSourceArn?: string;
  /** `bootstrapServers` split on commas (empty when the event has none). */
  readonly bootstrapServers: readonly string[];
  /** Every record, grouped by `topic-partition` in the event's order, offsets ascending within a group. */
  readonly records: readonly KafkaRecord[];
  /** Records that could not be fully decoded (best-effort fields in `records`), with why. Usually empty. */
  readonly errors: ReadonlyMap<KafkaRecord, MalformedRecordError>;
}

/**
 * Reads an MSK (`aws:kafka`) or self-managed (`SelfManagedKafka`) event: base64 keys and values become bytes (an
 * absent or null key is `null`; an absent or null value is a tombstone, `null`), `[{name: byte[]}]` headers become
 * `{key, value}` in order. A record whose key, value, headers or timestamp cannot be decoded is kept (with what could
 * be decoded) and listed in `errors`, so one bad record never fails the batch.
 *
 * @throws {MalformedEventError} naming the JSON path when the input is not an ESM Kafka event, or a record has no
 *   usable topic, partition or offset (it could not even be named).
 * @example
 * const { records, errors } = decodeKafkaEvent(event);
 * records[0].value?.toString('utf8'); // '{"key":"value"}'
 */
export function decodeKafkaEvent(event: unknown): DecodedEvent {
  if (!isObject(event)) throw new MalformedEventError('$', `expected an object, got ${describe(event)}`);
  const { eventSource, eventSourceArn, bootstrapServers, records: groups } = event;
  if (!KAFKA_EVENT_SOURCES.includes(eventSource as KafkaEventSource)) {
    throw new MalformedEventError(
      '$.eventSource',
      `expected one of ${KAFKA_EVENT_SOURCES.join(', ')}, got ${describe(eventSource)}`,
    );
  }
  if (eventSourceArn !== undefined && typeof eventSourceArn !== 'string') {
    throw new MalformedEventError('$.eventSourceArn', `expected a string, got ${describe(eventSourceArn)}`);
  }
  if (bootstrapServers !== undefined && typeof bootstrapServers !== 'string') {
    throw new MalformedEventError(
      '$.bootstrapServers',
      `expected a string, got ${describe(bootstrapServers)}`,
    );
  }
  if (!isObject(groups)) {
    throw new MalformedEventError(
      '$.records',
      `expected an object keyed by topic-partition, got ${describe(groups)}`,
    );
  }

  const records: KafkaRecord[] = [];
  const errors = new Map<KafkaRecord, MalformedRecordError>();
  for (const [group, list] of Object.entries(groups)) {
    const groupPath = `$.records[${JSON.stringify(group)}]`;
    if (!Array.isArray(list))
      throw new MalformedEventError(groupPath, `expected an array, got ${describe(list)}`);
    const start = records.length;
    let ascending = true;
    for (let i = 0; i < list.length; i++) {
      const record = decodeRecord(list[i], group, `${groupPath}[${i}]`, errors);
      const previous = records[records.length - 1];
      if (i > 0 && previous && previous.offset >= record.offset) ascending = false;
      records.push(record);
    }
    // The ESM delivers each partition in offset order; restore it if a hand-made event does not.
    if (!ascending) {
      const sorted = records.slice(start).sort((a, b) => a.offset - b.offset);
      records.splice(start, sorted.length, ...sorted);
    }
  }
  return {
    eventSource: eventSource as KafkaEventSource,
    ...(eventSourceArn !== undefined ? { eventSourceArn } : {}),
    bootstrapServers: bootstrapServers
      ? bootstrapServers
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    records,
    errors,
  };
}

function decodeRecord(
  raw: unknown,
  group: string,
  path: string,
  errors: Map<KafkaRecord, MalformedRecordError>,
): KafkaRecord {
  if (!isObject(raw)) throw new MalformedEventError(path, `expected a record object, got ${describe(raw)}`);
  const { topic, partition, offset } = raw;
  if (typeof topic !== 'string' || topic === '') {
    throw new MalformedEventError(`${path}.topic`, `expected a topic name, got ${describe(topic)}`);
  }
  if (!isWholeNumber(partition)) {
    throw new MalformedEventError(
      `${path}.partition`,
      `expected a whole number ≥ 0, got ${describe(partition)}`,
    );
  }
  if (!isWholeNumber(offset)) {
    throw new MalformedEventError(`${path}.offset`, `expected a whole number ≥ 0, got ${describe(offset)}`);
  }
  if (topicPartition(topic, partition) !== group) {
    throw new MalformedEventError(
      path,
      `record of ${topicPartition(topic, partition)} listed under ${group}`,
    );
  }

  let problem: { path: string; reason: string } | undefined;
  const fail = (field: string, reason: string) => {
    problem ??= { path: `${path}${field}`, reason };
  };
  const bytes = (field: 'key' | 'value'): Buffer | null => {
    const v = raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return Buffer.from(v, 'base64');
    fail(`.${field}`, `expected base64 text or null, got ${describe(v)}`);
    return null;
  };
  // The local runtime hands over the fetched bytes themselves: the same bytes the base64 text encodes.
  const fetched = fetchedBytes(raw);
  const key = fetched ? fetched.key : bytes('key');
  const value = fetched ? fetched.value : bytes('value');
  const timestamp = typeof raw.timestamp === 'number' ? raw.timestamp : -1;
  if (typeof raw.timestamp !== 'number' && raw.timestamp !== undefined) {
    fail('.timestamp', `expected epoch milliseconds, got ${describe(raw.timestamp)}`);
  }
  const timestampType = TIMESTAMP_TYPES.has(raw.timestampType as string)
    ? (raw.timestampType as TimestampType)
    : 'NO_TIMESTAMP_TYPE';
  const headers = decodeHeaders(raw.headers, fail);

  const record: KafkaRecord = { topic, partition, offset, timestamp, timestampType, key, value, headers };
  if (problem) errors.set(record, new MalformedRecordError(recordRef(record), problem.path, problem.reason));
  return record;
}

function decodeHeaders(raw: unknown, fail: (field: string, reason: string) => void): KafkaHeader[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    fail('.headers', `expected an array of {name: bytes} objects, got ${describe(raw)}`);
    return [];
  }
  const headers: KafkaHeader[] = [];
  for (let i = 0; i < raw.length; i++) {
    const entry = raw[i];
    if (!isObject(entry)) {
      fail(`.headers[${i}]`, `expected a {name: bytes} object, got ${describe(entry)}`);
      continue;
    }
    for (const [name, bytes] of Object.entries(entry)) {
      if (!isByteArray(bytes)) {
        fail(
          `.headers[${i}][${JSON.stringify(name)}]`,
          `expected an array of bytes (0-255), got ${describe(bytes)}`,
        );
        continue;
      }
      headers.push({ key: name, value: Buffer.from(bytes) });
    }
  }
  return headers;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isByteArray(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (const b of value) if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return false;
  return true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${String(value)}`;
}
