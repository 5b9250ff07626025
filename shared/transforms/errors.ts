// Errors of the transformation chain. A transform fails a record with the pipeline's DataException (shared/converters),
// with Connect's message.

import { ConnectException } from '../errors/index.ts';
import type { SinkRecord } from '../records/types.ts';

/**
 * A transform (or its predicate) failed on one record. It names the alias, the plugin class and the record
 * (`topic-partition@offset`) and keeps the transform's error as `cause`; the sink routes it through
 * `errors.tolerance` (stage `TRANSFORMATION`). Never retriable.
 */
export class TransformationError extends ConnectException {
  override readonly name = 'TransformationError';
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
