// Wire shapes of the Kafka events a Lambda event source mapping (ESM) delivers, and the records the sink works on.
// AWS docs: "Using Lambda with Amazon MSK" / "Using Lambda with self-managed Apache Kafka" (event payload).

/** `CREATE_TIME` or `LOG_APPEND_TIME`, as the ESM reports it. */
export type TimestampType = 'CREATE_TIME' | 'LOG_APPEND_TIME' | 'NO_TIMESTAMP_TYPE';

/** One record as the ESM sends it: base64 key/value (either may be absent), headers as `[{name: byte[]}]`. */
export interface EsmRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: TimestampType;
  key?: string | null;
  value?: string | null;
  headers?: Array<Record<string, number[]>>;
  keySchemaMetadata?: { dataFormat?: string; schemaId?: string };
  valueSchemaMetadata?: { dataFormat?: string; schemaId?: string };
}

/** Records grouped by `"<topic>-<partition>"`, each group in offset order. */
export type EsmRecords = Record<string, EsmRecord[]>;

/** The event an Amazon MSK event source mapping invokes the function with. */
export interface MskEvent {
  eventSource: 'aws:kafka';
  eventSourceArn: string;
  bootstrapServers: string;
  records: EsmRecords;
}

/** The event a self-managed Apache Kafka event source mapping invokes the function with. */
export interface SelfManagedKafkaEvent {
  eventSource: 'SelfManagedKafka';
  eventSourceArn?: string;
  bootstrapServers: string;
  records: EsmRecords;
}

export type KafkaEvent = MskEvent | SelfManagedKafkaEvent;

/**
 * Lambda's partial-batch response for Kafka event sources (`FunctionResponseTypes: ["ReportBatchItemFailures"]`):
 * each item names a `"<topic>-<partition>"` and the offset to resume that partition from.
 */
export interface KafkaBatchItemFailure {
  itemIdentifier: { partition: string; offset: number };
}
export interface KafkaBatchResponse {
  batchItemFailures: KafkaBatchItemFailure[];
}

/** A record header after decoding: the name and its raw bytes (`null` for a header with no value). */
export interface KafkaHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * A Kafka record decoded from an ESM event: raw key/value bytes (`null` when absent; a `null` value is a
 * tombstone) and headers in their original order.
 */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly KafkaHeader[];
}

/**
 * A Connect schema (`org.apache.kafka.connect.data.Schema`), shaped like the JSON JsonConverter writes in the
 * `{schema, payload}` envelope (`JsonConverter#asJsonSchema`), except that `type` uses `Schema.Type` names: the
 * envelope's `float` and `double` are `float32` and `float64` here.
 */
export interface ConnectSchema {
  type:
    | 'int8'
    | 'int16'
    | 'int32'
    | 'int64'
    | 'float32'
    | 'float64'
    | 'boolean'
    | 'string'
    | 'bytes'
    | 'array'
    | 'map'
    | 'struct';
  optional?: boolean;
  name?: string;
  version?: number;
  doc?: string;
  parameters?: Record<string, string>;
  default?: unknown;
  fields?: Array<ConnectSchema & { field: string }>;
  items?: ConnectSchema;
  keys?: ConnectSchema;
  values?: ConnectSchema;
}

/** A header after the header converter: a typed value (Connect's `Header`). */
export interface ConnectHeader {
  readonly key: string;
  readonly value: unknown;
  readonly schema: ConnectSchema | null;
}

/**
 * A record after the key, value and header converters: what Connect's transforms and `SinkTask.put` see
 * (`org.apache.kafka.connect.sink.SinkRecord`). Schemaless values are plain JSON data (objects, arrays, strings,
 * numbers, booleans, null) or a `Buffer` (ByteArrayConverter). `original` keeps the consumed bytes for the
 * dead-letter queue.
 */
export interface SinkRecord {
  readonly topic: string;
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestamp: number | null;
  readonly timestampType: TimestampType;
  readonly keySchema: ConnectSchema | null;
  readonly key: unknown;
  readonly valueSchema: ConnectSchema | null;
  readonly value: unknown;
  readonly headers: readonly ConnectHeader[];
  readonly original: KafkaRecord;
}
