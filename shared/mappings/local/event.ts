// Builds the event a Lambda Kafka event source mapping invokes its function with (AWS docs: "Using Lambda with
// Amazon MSK" / "self-managed Apache Kafka", event payload), from records a kafkajs consumer fetched.
import type { KafkaMessage } from 'kafkajs';
import type { EsmRecord, KafkaEvent } from '../../records/types.ts';
import { MAX_INVOCATION_PAYLOAD_BYTES, TIMESTAMP_TYPES } from './constants.ts';

/**
 * Turns one fetched message into the ESM record shape: base64 key and value (absent when null), header values
 * as byte arrays in `[{name: number[]}]`, numeric offset and timestamp.
 *
 * @example
 * const record = toEsmRecord('orders', 0, message); // { topic: 'orders', partition: 0, offset: 42, value: 'eyJ…', … }
 */
export function toEsmRecord(topic: string, partition: number, message: KafkaMessage): EsmRecord {
  const timestampType = (message as { batchContext?: { timestampType?: number } }).batchContext
    ?.timestampType;
  const record: EsmRecord = {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    timestampType:
      TIMESTAMP_TYPES[String(timestampType ?? 0) as keyof typeof TIMESTAMP_TYPES] ?? 'CREATE_TIME',
  };
  if (message.key) record.key = message.key.toString('base64');
  if (message.value) record.value = message.value.toString('base64');
  record.headers = [];
  for (const [name, values] of Object.entries(message.headers ?? {})) {
    for (const value of Array.isArray(values) ? values : [values]) {
      record.headers.push({ [name]: value === undefined || value === null ? [] : [...Buffer.from(value)] });
    }
  }
  return record;
}

/**
 * `"<topic>-<partition>"`, the key of `records` and of `batchItemFailures[].itemIdentifier.partition`.
 *
 * @example
 * partitionKey('orders', 0); // 'orders-0'
 */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/**
 * The fields of the event besides `records`.
 *
 * @example
 * const envelope: EventEnvelope = { eventSource: 'SelfManagedKafka', bootstrapServers: '127.0.0.1:9092' };
 */
export type EventEnvelope =
  | { eventSource: 'aws:kafka'; eventSourceArn: string; bootstrapServers: string }
  | { eventSource: 'SelfManagedKafka'; bootstrapServers: string };

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

// A record's JSON size, computed once: batches are sized (and re-sized on retries) many times over.
const recordSizes = new WeakMap<EsmRecord, number>();
function recordBytes(record: EsmRecord): number {
  let size = recordSizes.get(record);
  if (size === undefined) {
    size = bytes(record);
    recordSizes.set(record, size);
  }
  return size;
}

/**
 * Accumulates records into one event while keeping its serialized JSON within Lambda's invocation payload limit;
 * `size` is exactly `Buffer.byteLength(JSON.stringify(build()))`.
 *
 * @example
 * const builder = new EventBuilder({ eventSource: 'SelfManagedKafka', bootstrapServers: '127.0.0.1:9092' });
 * if (!builder.add(record)) dispatchThenStartANewBatch();
 * const event = builder.build();
 */
export class EventBuilder {
  readonly #envelope: EventEnvelope;
  readonly #limit: number;
  readonly #records: Record<string, EsmRecord[]> = {};
  #size: number;
  #count = 0;

  constructor(envelope: EventEnvelope, limit: number = MAX_INVOCATION_PAYLOAD_BYTES) {
    this.#envelope = envelope;
    this.#limit = limit;
    this.#size = bytes({ ...envelope, records: {} });
  }

  /** The bytes `record` would add to the event. */
  cost(record: EsmRecord): number {
    const key = partitionKey(record.topic, record.partition);
    const group = this.#records[key];
    const groupCost = group ? 0 : bytes(key) + 3 + (Object.keys(this.#records).length > 0 ? 1 : 0);
    return groupCost + recordBytes(record) + (group && group.length > 0 ? 1 : 0);
  }

  /** Adds the record if it fits; returns false (adding nothing) when it would push the event over the limit. */
  add(record: EsmRecord): boolean {
    const cost = this.cost(record);
    if (this.#size + cost > this.#limit) return false;
    const key = partitionKey(record.topic, record.partition);
    let group = this.#records[key];
    if (!group) {
      group = [];
      this.#records[key] = group;
    }
    group.push(record);
    this.#size += cost;
    this.#count++;
    return true;
  }

  get size(): number {
    return this.#size;
  }

  get count(): number {
    return this.#count;
  }

  build(): KafkaEvent {
    return { ...this.#envelope, records: this.#records } as KafkaEvent;
  }
}
