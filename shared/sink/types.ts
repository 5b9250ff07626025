// Ports and shapes of the sink pipeline: what it needs (config source, sender factory, transforms, dead-letter
// destination, logger, metrics) and what it offers (a task per connector config, a Lambda-shaped handler).
import type { AepSender } from '../aep/types.ts';
import type { Stage } from '../dead-letter/index.ts';
import type { DeadLetterQueue } from '../dead-letter/types.ts';
import type { Logger } from '../logging/index.ts';
import type { KafkaBatchResponse } from '../records/types.ts';
import type { StoredConnector } from '../store/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import type { DeadLetterSettings } from './config.ts';

/**
 * What identifies an invocation: Lambda's context (or the local worker's equivalent) carrying the invoked ARN.
 */
export interface InvocationIdentity {
  readonly invokedFunctionArn: string;
}

/**
 * One connector's config as the sink applies it: secrets resolved, with the stored version it came from.
 */
export interface ConnectorConfigSnapshot {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly version: number;
}

/**
 * Tells the sink pipeline which connector's config applies to an invocation.
 */
export interface ConnectorConfigSource {
  get(context: InvocationIdentity): Promise<ConnectorConfigSnapshot>;
  /**
   * The connector's item as last read from the connector store (placeholders unresolved), for the partition failures
   * recorded on it; sources without a store have none.
   */
  stored?(context: InvocationIdentity): Promise<StoredConnector>;
}

/** What happened to one invocation's records. Every record is in exactly one of the outcome counts. */
export interface BatchSummary {
  /** Records in the event. */
  readonly records: number;
  /** Accepted by AEP. */
  readonly delivered: number;
  /** Given up on with `errors.tolerance=all` (bad bytes, failed transform, AEP rejection); see `deadLettered`. */
  readonly failed: number;
  /** Of `failed`, written to the dead letter queue. */
  readonly deadLettered: number;
  /** Dropped on purpose: a transform returned null, or a null value with `behavior.on.null.values=ignore`. */
  readonly filtered: number;
  /** Left for the event source mapping to deliver again (throttling, AEP unavailable, deadline, `tolerance=none`). */
  readonly retried: number;
  /** Bytes of record keys and values in the event. */
  readonly bytes: number;
  /** Time spent in the pipeline, milliseconds. */
  readonly durationMs: number;
}

/** How one invocation ended, for the metrics a host has no other source of (Lambda; the local runtime counts its own). */
export interface InvocationSummary {
  /** It threw, or left records for the event source mapping to deliver again (a partial batch response). */
  readonly failed: boolean;
  /** It delivered a batch again that was known to fail: a partition starts at or before its recorded failure. */
  readonly retry: boolean;
  /** When it ended, epoch milliseconds. */
  readonly at: number;
}

/**
 * Where the pipeline reports each invocation. The Powertools adapter writes EMF metrics; the local worker adds its
 * counters.
 */
export interface SinkMetrics {
  batch(connector: string, summary: BatchSummary): void;
  /**
   * Called once at the end of every invocation whose connector is known, after {@link batch} (when the task ran): the
   * last call of the invocation.
   */
  invocation?(connector: string, summary: InvocationSummary): void;
}

/**
 * Why a partition of an invocation cannot progress past a record. `stage` is Connect's (`KAFKA_CONSUME`,
 * `KEY_CONVERTER`, `VALUE_CONVERTER`, `HEADER_CONVERTER`, `TRANSFORMATION`, `TASK_PUT` for AEP delivery) or
 * `TASK_START` when the connector could not be started for the invocation (its config, the config store).
 */
export interface PartitionFailure {
  readonly topic: string;
  readonly partition: number;
  /** The first record that is not settled: the partition resumes here. */
  readonly offset: number;
  readonly stage: Stage | 'TASK_START';
  readonly reason: string;
  /**
   * Whether delivering the same record again can succeed without anyone changing anything: true for throttling,
   * AEP or IMS outages, network errors, the deadline and a stop; false for a record failing under
   * `errors.tolerance=none` (conversion, transform, AEP per-message 400), refused credentials (401/403 after a token
   * refresh), an unknown inlet, a host outside the allowlist and an invalid config.
   */
  readonly healable: boolean;
  readonly error: Error;
}

/**
 * What a host that commits offsets itself learns while an invocation runs: the local runtime passes one per
 * invocation (on the {@link InvocationContext} or in {@link ProcessOptions}); Lambda passes none, and the event
 * source mapping commits from the invocation's answer alone.
 *
 * The invocation's answer stays the whole truth (it never contradicts what was reported); progress only lets the
 * host commit earlier, and know a partition's failure with its coordinates.
 *
 * @example
 * const progress: SinkProgress = {
 *   settled: (topic, partition, next) => committer.commit(topic, partition, next),
 *   failed: (f) => log.error(`${f.topic}-${f.partition}@${f.offset} (${f.stage}): ${f.reason}`),
 * };
 */
export interface SinkProgress {
  /**
   * Every record of `topic`-`partition` in this invocation below `nextOffset` is settled: delivered to AEP
   * (acknowledged), filtered (a transform dropped it, or an ignored null value), or given up on under
   * `errors.tolerance=all` (written to the dead letter queue, or logged when there is none). Called as each AEP
   * request is acknowledged and as records are filtered or dead-lettered, with `nextOffset` increasing for each
   * partition; a record is never reported before every record before it in its partition is settled.
   */
  settled(topic: string, partition: number, nextOffset: number): void;
  /**
   * The partition cannot progress past `failure.offset` in this invocation. Called at most once per partition,
   * before the invocation answers, once its outcome is final.
   */
  failed(failure: PartitionFailure): void;
  /**
   * Every record of `topic`-`partition` in this invocation below `nextOffset` is in a request sent to AEP, or settled
   * without one: a crash can make AEP see again at most the records between the last settled offset and this one.
   * Called as each request goes out, with `nextOffset` increasing for each partition. Optional.
   */
  sending?(topic: string, partition: number, nextOffset: number): void;
}

/** When an invocation's delivery must stop, and who hears of its progress. */
export interface ProcessOptions {
  /** Epoch milliseconds by which AEP delivery gives up (the Lambda deadline minus a safety margin). */
  readonly deadline: number;
  /** Epoch milliseconds by which everything, dead-letter writes included, must be done; default deadline + 10 s. */
  readonly finishBy?: number;
  /** Aborts delivery at once, requests in flight included (the deadline). */
  readonly signal?: AbortSignal;
  /**
   * A graceful stop (the host is shutting down, or the partitions are revoked): no further AEP request or retry is
   * started, requests in flight end normally, what was settled is reported and dead-lettered as usual, and the rest
   * is answered as to be retried.
   */
  readonly stop?: AbortSignal;
  readonly progress?: SinkProgress;
}

/**
 * One connector config, built: converters, transforms, AEP sender and dead letter queue, reused by every invocation
 * until the config changes.
 *
 * @example
 * const task = createSinkTask(config, deps);
 * const response = await task.process(event, { deadline: Date.now() + 60_000 });
 */
export interface SinkTask {
  readonly connector: string;
  /**
   * Delivers one ESM event. Returns Lambda's partial batch response when `esm.report.batch.item.failures` is on and
   * some partition must be retried, else undefined.
   *
   * @throws when the whole batch must be retried (a retriable error), or a record failed with `errors.tolerance=none`
   *   and partial responses are off; the message names the first failing `topic-partition@offset` and the reason.
   */
  process(event: unknown, options: ProcessOptions): Promise<KafkaBatchResponse | undefined>;
  /** Waits for running invocations, then closes the sender and the dead letter queue. */
  close(): Promise<void>;
}

/** Builds the AEP sender of a connector config (the allowlist, logger and metrics are bound by the caller). */
export type AepSenderFactory = (config: Readonly<Record<string, string>>) => AepSender;

/** Builds the transformation chain of a connector config (`transforms`, `predicates`). */
export type TransformsFactory = (config: Readonly<Record<string, string>>) => TransformationChain;

/** Builds the dead letter queue of a connector. */
export type DeadLetterQueueFactory = (
  settings: DeadLetterSettings,
  task: { readonly connector: string; readonly task: number },
) => DeadLetterQueue;

/** What {@link SinkTask}s are built with. */
export interface SinkTaskDeps {
  readonly createSender: AepSenderFactory;
  /** Absent: a connector that configures `transforms` is refused (a config error), never run without them. */
  readonly createTransforms?: TransformsFactory;
  /** Default: `KafkaDeadLetterQueue` for a topic, `SqsDeadLetterQueue` for a queue URL. */
  readonly createDeadLetterQueue?: DeadLetterQueueFactory;
  readonly logger?: Logger;
  readonly metrics?: SinkMetrics;
  /** Connect's task id in error context; the ESM has one task per mapping, so 0 by default. */
  readonly taskId?: number;
  /**
   * The host's mappings decode schema-registry records themselves when a connector sets `esm.schema.registry.url`
   * (Lambda event source mappings do; the local worker does not): the sink then reads those parts as JSON.
   */
  readonly mappingsDecodeSchemas?: boolean;
}
