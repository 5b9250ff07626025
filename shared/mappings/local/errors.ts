// Errors of the local mapping runtime. Each says whether trying again can succeed (`retriable`) and names its
// origin: the connector, the config key or the `topic-partition@offset` involved.
import { ConnectException } from '../../errors/index.ts';

/**
 * Base class: `retriable` tells the runtime whether to retry (the batch, or the connection) or to give up.
 */
export class LocalMappingError extends ConnectException {
  override readonly name: string = 'LocalMappingError';

  constructor(message: string, retriable: boolean, options?: ErrorOptions) {
    super(message, { retriable, cause: options?.cause });
  }
}

/**
 * The sink handler threw, timed out or answered something Lambda would treat as a failure: the batch is retried.
 */
export class InvocationError extends LocalMappingError {
  override readonly name = 'InvocationError';
  constructor(connector: string, reason: string, options?: ErrorOptions) {
    super(`Invocation of the sink for connector ${connector} failed: ${reason}`, true, options);
  }
}

/**
 * A single record is larger than Lambda's 6 MB invocation payload: no batch can carry it, so it is not retried.
 */
export class RecordTooLargeError extends LocalMappingError {
  override readonly name = 'RecordTooLargeError';
  constructor(record: string, size: number, limit: number) {
    super(
      `Record ${record} needs ${size} bytes in the event, more than the ${limit}-byte invocation payload limit; it cannot be delivered`,
      false,
    );
  }
}

/**
 * The brokers could not be reached: the runtime keeps retrying and the task shows FAILED with this text meanwhile.
 */
export class BrokerUnreachableError extends LocalMappingError {
  override readonly name = 'BrokerUnreachableError';
  constructor(brokers: string, cause: unknown) {
    super(
      `Cannot reach the Kafka brokers at ${brokers} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Start a local broker with `bash scripts/kafka.sh start`; the worker retries on its own and starts consuming once it is up.',
      true,
      { cause },
    );
  }
}

/**
 * `e` as a {@link BrokerUnreachableError} when it, or one of its causes, is kafkajs failing to reach a broker;
 * otherwise `e` itself.
 */
export function asBrokerUnreachable(e: unknown, brokers: unknown): unknown {
  for (let cause = e; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'KafkaJSConnectionError' || cause.name === 'KafkaJSBrokerNotFound') {
      return new BrokerUnreachableError(
        Array.isArray(brokers) ? brokers.join(',') : 'the configured brokers',
        e,
      );
    }
  }
  return e;
}

/**
 * The `trace` of a FAILED task: the stack, or the message.
 *
 * @example
 * traceOf(new Error('boom')); // 'Error: boom\n    at …'
 */
export function traceOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/**
 * Whether a kafkajs error (or one of its causes) is metadata that is not there yet and comes by itself: a topic being
 * auto-created ("This server does not host this topic-partition"), a leader or coordinator being elected. Not a
 * broker that cannot be reached: that is {@link BrokerUnreachableError}.
 *
 * @example
 * if (isTransientKafkaError(e)) retryQuietly();
 */
export function isTransientKafkaError(e: unknown): boolean {
  const seen = new Set<unknown>();
  for (let error = e; error instanceof Error && !seen.has(error); ) {
    seen.add(error);
    if (error.name === 'KafkaJSConnectionError' || error.name === 'KafkaJSBrokerNotFound') return false;
    const { retriable, type } = error as { retriable?: unknown; type?: unknown };
    if (error.name === 'KafkaJSProtocolError' && retriable === true && typeof type === 'string') return true;
    if (error.name === 'KafkaJSTopicMetadataNotLoaded' || error.name === 'KafkaJSMetadataNotLoaded')
      return true;
    error = (error as { originalError?: unknown }).originalError ?? error.cause;
  }
  return false;
}
