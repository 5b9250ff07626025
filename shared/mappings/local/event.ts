// Builds the event a Lambda Kafka event source mapping invokes its function with (AWS docs: "Using Lambda with
// Amazon MSK" / "self-managed Apache Kafka", event payload), from records a kafkajs consumer fetched.
import type { KafkaMessage } from '../../kafka/index.ts';
import { FETCHED_BYTES, type FetchedBytes } from '../../records/index.ts';
import type { EsmRecord, KafkaEvent } from '../../records/types.ts';
import { MAX_INVOCATION_PAYLOAD_BYTES, TIMESTAMP_TYPES } from './constants.ts';

/** Lambda's `timestampType` by Kafka's timestamp-type attribute + 1 (-1, 0, 1). */
const TIMESTAMP_TYPE_NAMES = [TIMESTAMP_TYPES['-1'], TIMESTAMP_TYPES['0'], TIMESTAMP_TYPES['1']] as const;
const NO_HEADERS: EsmRecord['headers'] = Object.freeze([]) as unknown as EsmRecord['headers'];

// {"topic":,"partition":,"offset":,"timestamp":,"timestampType":"","headers":[]}
const FIXED_RECORD_BYTES = '{"topic":,"partition":,"offset":,"timestamp":,"timestampType":"","headers":[]}'
  .length;
const KEY_FIELD_BYTES = ',"key":""'.length;
const VALUE_FIELD_BYTES = ',"value":""'.length;

/**
 * An ESM record built from a fetched message. Its base64 `key` and `value` are made only when read (the in-process
 * sink reads the fetched bytes instead, through {@link FETCHED_BYTES}), and it knows its JSON size without
 * serialising itself. JSON shows exactly the ESM record; the bytes and the size are not fields of it.
 */
class FetchedRecord implements EsmRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: EsmRecord['timestampType'];
  headers: NonNullable<EsmRecord['headers']>;
  readonly #key: Buffer | null;
  readonly #value: Buffer | null;
  #keyText: string | undefined;
  #valueText: string | undefined;
  readonly #bytes: number;

  constructor(topic: string, partition: number, constantBytes: number, message: KafkaMessage) {
    this.topic = topic;
    this.partition = partition;
    this.offset = Number(message.offset);
    this.timestamp = Number(message.timestamp);
    const type = (message as { batchContext?: { timestampType?: number } }).batchContext?.timestampType ?? 0;
    this.timestampType = TIMESTAMP_TYPE_NAMES[type + 1] ?? 'CREATE_TIME';
    this.#key = message.key ?? null;
    this.#value = message.value ?? null;
    let bytes = constantBytes + digits(this.offset) + digits(this.timestamp) + this.timestampType.length;
    if (this.#key) bytes += KEY_FIELD_BYTES + base64Length(this.#key.length);
    if (this.#value) bytes += VALUE_FIELD_BYTES + base64Length(this.#value.length);
    this.headers = NO_HEADERS as NonNullable<EsmRecord['headers']>;
    for (const name in message.headers) {
      if (this.headers === NO_HEADERS) this.headers = [];
      const nameBytes = jsonBytes(name);
      const values = message.headers[name];
      for (const value of Array.isArray(values) ? values : [values]) {
        const header = value === undefined || value === null ? [] : [...Buffer.from(value)];
        this.headers.push({ [name]: header });
        // {"name":[1,2,3]}, and a comma between entries
        bytes += nameBytes + 5 + header.reduce((n, b) => n + digits(b), 0) + Math.max(0, header.length - 1);
      }
    }
    this.#bytes = bytes + Math.max(0, this.headers.length - 1);
  }

  /** The key as base64 text; absent for a null key. */
  get key(): string | undefined {
    if (!this.#key) return undefined;
    this.#keyText ??= this.#key.toString('base64');
    return this.#keyText;
  }

  /** The value as base64 text; absent for a null value (a tombstone). */
  get value(): string | undefined {
    if (!this.#value) return undefined;
    this.#valueText ??= this.#value.toString('base64');
    return this.#valueText;
  }

  get [FETCHED_BYTES](): FetchedBytes {
    return { key: this.#key, value: this.#value };
  }

  /** The ESM record, field by field, in the ESM's order. */
  toJSON(): EsmRecord {
    const { topic, partition, offset, timestamp, timestampType, key, value, headers } = this;
    return {
      topic,
      partition,
      offset,
      timestamp,
      timestampType,
      ...(key === undefined ? {} : { key }),
      ...(value === undefined ? {} : { value }),
      headers,
    };
  }

  static bytesOf(record: EsmRecord): number | undefined {
    return #bytes in record ? record.#bytes : undefined;
  }
}

/** The length of the base64 text of `n` bytes. */
function base64Length(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/**
 * Turns fetched messages of one partition into ESM records: base64 key and value (absent when null), header values
 * as byte arrays in `[{name: number[]}]`, numeric offset and timestamp.
 *
 * @example
 * const records = toEsmRecords('orders', 0, batch.messages); // [{ topic: 'orders', partition: 0, offset: 42, value: 'eyJ…', … }]
 */
export function toEsmRecords(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
): EsmRecord[] {
  const constantBytes = FIXED_RECORD_BYTES + jsonBytes(topic) + digits(partition);
  return messages.map((message) => new FetchedRecord(topic, partition, constantBytes, message));
}

/**
 * {@link toEsmRecords} for one message.
 *
 * @example
 * const record = toEsmRecord('orders', 0, message);
 */
export function toEsmRecord(topic: string, partition: number, message: KafkaMessage): EsmRecord {
  return new FetchedRecord(
    topic,
    partition,
    FIXED_RECORD_BYTES + jsonBytes(topic) + digits(partition),
    message,
  );
}

function digits(n: number): number {
  return String(n).length;
}

function jsonBytes(text: string): number {
  return /^[\w.-]*$/.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text));
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
 */
export type EventEnvelope =
  | { eventSource: 'aws:kafka'; eventSourceArn: string; bootstrapServers: string }
  | { eventSource: 'SelfManagedKafka'; bootstrapServers: string };

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

// The JSON size of a record not built by toEsmRecords (tests, fixtures), computed once: batches are sized (and
// re-sized on retries) many times over.
const recordSizes = new WeakMap<EsmRecord, number>();

/**
 * The bytes `record` takes in an event's JSON (`Buffer.byteLength(JSON.stringify(record))`), computed once.
 *
 * @example
 * recordBytes(toEsmRecord('t', 0, message)); // 123
 */
export function recordBytes(record: EsmRecord): number {
  let size = FetchedRecord.bytesOf(record) ?? recordSizes.get(record);
  if (size === undefined) {
    size = bytes(record);
    recordSizes.set(record, size);
  }
  return size;
}

/**
 * The bytes a partition's group adds to an event besides its records: `"<key>":[]` and a comma.
 *
 * @example
 * groupBytes('orders-0'); // 15
 */
export function groupBytes(key: string): number {
  return jsonBytes(key) + 4;
}

/**
 * The bytes of an event holding no record.
 *
 * @example
 * envelopeBytes({ eventSource: 'SelfManagedKafka', bootstrapServers: 'b:9092' });
 */
export function envelopeBytes(envelope: EventEnvelope): number {
  return bytes({ ...envelope, records: {} });
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
  #groups = 0;
  /** The group of the last record added: records come partition by partition. */
  #last: { topic: string; partition: number; group: EsmRecord[] } | undefined;

  constructor(envelope: EventEnvelope, limit: number = MAX_INVOCATION_PAYLOAD_BYTES) {
    this.#envelope = envelope;
    this.#limit = limit;
    this.#size = envelopeBytes(envelope);
  }

  /** The bytes `record` would add to the event. */
  cost(record: EsmRecord): number {
    const group = this.#groupOf(record);
    const groupCost = group
      ? 0
      : groupBytes(partitionKey(record.topic, record.partition)) - (this.#groups > 0 ? 0 : 1);
    return groupCost + recordBytes(record) + (group && group.length > 0 ? 1 : 0);
  }

  /** Adds the record if it fits; returns false (adding nothing) when it would push the event over the limit. */
  add(record: EsmRecord): boolean {
    const cost = this.cost(record);
    if (this.#size + cost > this.#limit) return false;
    let group = this.#groupOf(record);
    if (!group) {
      group = [];
      this.#records[partitionKey(record.topic, record.partition)] = group;
      this.#groups++;
    }
    this.#last = { topic: record.topic, partition: record.partition, group };
    group.push(record);
    this.#size += cost;
    this.#count++;
    return true;
  }

  #groupOf(record: EsmRecord): EsmRecord[] | undefined {
    const last = this.#last;
    if (last && last.partition === record.partition && last.topic === record.topic) return last.group;
    return this.#records[partitionKey(record.topic, record.partition)];
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
