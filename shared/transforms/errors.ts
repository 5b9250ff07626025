// Errors of single message transforms, worded like Kafka Connect's (`org.apache.kafka.connect.errors.DataException`).
import type { SinkRecord } from '../records/types.ts';
import { JavaClass } from './constants.ts';

/**
 * A record a transform cannot handle (Connect's `DataException`): a tombstone where a map is required, a value of the
 * wrong type, an unparsable timestamp. The message is Connect's. Never retriable: the same record fails the same way.
 * `exceptionClass` names the Java exception Connect throws in that place (for `__connect.errors.exception.class.name`).
 *
 * @example
 * throw new DataException('Only Map objects supported in absence of schema for [field insertion], found: null');
 */
export class DataException extends Error {
  override readonly name = 'DataException';
  readonly retriable = false;
  readonly exceptionClass: string;

  constructor(message: string, options?: ErrorOptions & { exceptionClass?: string }) {
    super(message, options);
    this.exceptionClass = options?.exceptionClass ?? JavaClass.DATA_EXCEPTION;
  }
}

/**
 * A transform (or its predicate) failed on one record. It names the alias, the plugin class and the record
 * (`topic-partition@offset`) and keeps the transform's error as `cause`; the sink routes it through
 * `errors.tolerance` (stage `TRANSFORMATION`). Never retriable.
 *
 * @example
 * try { chain.apply(record); } catch (e) { if (e instanceof TransformationError) deadLetter(e.record, e); }
 */
export class TransformationError extends Error {
  override readonly name = 'TransformationError';
  readonly retriable = false;
  /** Connect's error stage for the dead-letter queue headers. */
  readonly stage = 'TRANSFORMATION';
  readonly alias: string;
  readonly pluginClass: string;
  readonly record: SinkRecord;

  constructor(alias: string, pluginClass: string, record: SinkRecord, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Transformation '${alias}' (${pluginClass}) failed on record ${recordId(record)}: ${reason}`, {
      cause,
    });
    this.alias = alias;
    this.pluginClass = pluginClass;
    this.record = record;
  }
}

/**
 * The `topic-partition@offset` that names a record in errors and logs.
 *
 * @example
 * recordId(record); // "orders-0@42"
 */
export function recordId(record: SinkRecord): string {
  return `${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`;
}
