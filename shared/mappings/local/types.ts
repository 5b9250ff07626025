import type { Context } from 'aws-lambda';
import type { EsmRecord, KafkaBatchResponse, KafkaEvent } from '../../records/types.ts';
import type { SinkProgress } from '../../sink/types.ts';
import type { StartingPosition } from '../constants.ts';

/**
 * The event source mapping settings of one connector, as the local runtime applies them (the `esm.*` keys and the
 * framework keys, already parsed and validated).
 */
export interface EsmSettings {
  /** `msk` builds `aws:kafka` events with `eventSourceArn`; `self-managed` builds `SelfManagedKafka` events. */
  readonly source: 'msk' | 'self-managed';
  /** The MSK cluster ARN written into `eventSourceArn` (MSK only). */
  readonly eventSourceArn?: string;
  readonly topics: readonly string[];
  /** `topics.regex`: subscribe by pattern instead of `topics`. */
  readonly topicsRegex?: RegExp;
  readonly groupId: string;
  readonly tasks: number;
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  /** Whether the connector set `esm.maximum.batching.window.seconds` (then it applies as on an ESM, always). */
  readonly batchingWindowSet: boolean;
  readonly startingPosition: StartingPosition;
  /** Epoch milliseconds (AT_TIMESTAMP only). */
  readonly startingPositionTimestamp?: number;
  readonly reportBatchItemFailures: boolean;
  /** -1 for infinite. The first invocation is not a retry. */
  readonly maximumRetryAttempts: number;
  /** -1 for infinite. */
  readonly maximumRecordAgeSeconds: number;
  /** `kafka://<topic>` (the only destination that exists without AWS), or undefined. */
  readonly onFailureDestination?: string;
  /**
   * Whether the connector set one of the ESM's retry controls (retry attempts, record age, on-failure destination):
   * then a failing batch is retried and given up as an ESM does; otherwise as Connect does (errors.retry.*).
   */
  readonly esmRetries: boolean;
  /** `errors.retry.timeout`, ms; -1 for ever. */
  readonly retryTimeoutMs: number;
  /** `errors.retry.delay.max.ms`. */
  readonly retryMaxDelayMs: number;
  /** Kafka client settings for this connector's consumers (worker `consumer.*` under `consumer.override.*`). */
  readonly clientProperties: Readonly<Record<string, string>>;
}

/**
 * What the local runtime passes besides Lambda's context: it commits offsets itself, so it hears each partition's
 * progress as AEP acknowledges requests, and it can stop delivery gracefully (see `SinkProgress` in shared/sink).
 */
export interface HostContext {
  readonly progress?: SinkProgress;
  readonly stop?: AbortSignal;
}

/**
 * The sink handler the mapping invokes, as Lambda calls it (plus the {@link HostContext} Lambda does not pass).
 */
export type SinkInvoker = (
  event: KafkaEvent,
  context: Context & HostContext,
) => Promise<KafkaBatchResponse | undefined>;

/**
 * What the runtime reports while it works; the worker turns it into progress lines and `/metrics`.
 */
export interface MappingListener {
  /** The connector exists on this worker (created, or found in the store at start), in any target state. */
  registered?(connector: string): void;
  /** An invocation failed (it is retried, or its records are given up); `records` were in it. */
  failed?(connector: string, records: number, error: Error): void;
  /** A failed batch is invoked again after its backoff. */
  retried?(connector: string): void;
  /** Records the sink settled (delivered, filtered or dead-lettered); their offsets are committed right after. */
  delivered?(connector: string, records: number): void;
  /** Records handed to the on-failure destination after retries ran out. */
  deadLettered?(connector: string, records: number): void;
  /** Records given up on with no on-failure destination (Lambda discards them; we log each range). */
  discarded?(connector: string, records: number): void;
  /** The connector was deleted. */
  removed?(connector: string): void;
}

/**
 * Where records go once their retries are over (`esm.on.failure.destination`).
 *
 * @example
 * const onFailure: OnFailureDestination = kafkaOnFailureDestination(producer, 'kafka://aep-failed');
 */
export type OnFailureDestination = (
  records: readonly EsmRecord[],
  reason: string,
  attempts: number,
) => Promise<void>;
