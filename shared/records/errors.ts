// Errors raised while reading the event a Lambda Kafka event source mapping (ESM) invokes the sink with.
import { ConnectException } from '../errors/index.ts';

/**
 * The input is not an ESM Kafka event (wrong shape, missing `records`, a record without a usable topic, partition or
 * offset). Names the JSON path of the offending field. Not retriable: the same event fails the same way.
 */
export class MalformedEventError extends ConnectException {
  override readonly name = 'MalformedEventError';
  /** JSON path of the offending field, from the event root (`$`). */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`Not a Kafka event from a Lambda event source mapping: ${path}: ${reason}`);
    this.path = path;
  }
}

/**
 * One record of an otherwise valid event cannot be decoded (a key or value that is not base64 text, headers that are
 * not `[{name: byte[]}]`, a timestamp that is not a number). Names the record (`topic-partition@offset`) and the JSON
 * path. The sink routes it through `errors.tolerance` like any other bad record. Not retriable.
 */
export class MalformedRecordError extends ConnectException {
  override readonly name = 'MalformedRecordError';
  /** `topic-partition@offset` of the record. */
  readonly record: string;
  readonly path: string;

  constructor(record: string, path: string, reason: string) {
    super(`Record ${record} is malformed: ${path}: ${reason}`);
    this.record = record;
    this.path = path;
  }
}
