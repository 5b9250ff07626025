// One task of a connector: a kafkajs consumer in the connector's group that behaves like a Lambda event source
// mapping poller (AWS docs: "How Lambda processes records from Amazon MSK / self-managed Apache Kafka",
// "Kafka event source mapping retry configurations"): batches by size, window and payload, invokes the sink,
// commits only after success, retries a failed batch while blocking its partitions, honours partial batch responses.
import { type Consumer, type EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import type { ClientSettings } from '../../kafka/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { KafkaBatchResponse } from '../../records/types.ts';
import { Batcher, type BatchPart, describeParts } from './batching.ts';
import type { FunctionIdentity } from './context.ts';
import {
  asBrokerUnreachable,
  InvocationError,
  LocalMappingError,
  RecordTooLargeError,
  traceOf,
} from './errors.ts';
import { type EventBuilder, type EventEnvelope, partitionKey, toEsmRecord } from './event.ts';
import { invokeSink, retriesExhausted, retryDelay } from './invocation.ts';
import {
  enqueue,
  markDelivered,
  OffsetCommitter,
  type OffsetToCommit,
  type PartitionPosition,
  pastParts,
  resumeOffsets,
  settleParts,
} from './offsets.ts';
import { Signal } from './signal.ts';
import type { EsmSettings, MappingListener, OnFailureDestination, SinkInvoker } from './types.ts';

/**
 * A task's observable state (Connect's task states).
 *
 * @example
 * task.state === 'FAILED' && console.log(task.trace);
 */
export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED';

/**
 * @example
 * new LocalTask({ ...deps, id: 0 }).start(false);
 */
export interface TaskDeps {
  readonly connector: string;
  readonly id: number;
  readonly settings: EsmSettings;
  readonly client: ClientSettings;
  readonly envelope: EventEnvelope;
  readonly identity: FunctionIdentity;
  readonly invoke: SinkInvoker;
  readonly onFailure?: OnFailureDestination;
  /** Runs before each connection attempt (AT_TIMESTAMP seeds the group's offsets); a failure retries later. */
  readonly beforeConnect?: () => Promise<void>;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly limits: {
    readonly maxPayloadBytes: number;
    readonly maxConcurrentBatches: number;
    readonly bufferedRecordsPerPartition: number;
    readonly reconnectDelayMs: number;
    readonly stopGraceMs: number;
  };
  readonly listener: MappingListener;
  readonly logger: Logger;
}

/** A partition this task holds (or held, until its in-flight batch ends after a rebalance moved it away). */
interface PartitionState extends PartitionPosition {
  highWatermark: number;
  fetchPaused: boolean;
}

type Part = BatchPart<PartitionState>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A task: start it once, pause/resume it, stop it. `state`/`trace` reflect what the consumer is really doing.
 *
 * @example
 * const task = new LocalTask(deps);
 * task.start(false);
 * await task.stop();
 */
export class LocalTask {
  readonly #deps: TaskDeps;
  readonly #partitions = new Map<string, PartitionState>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #signal = new Signal();
  #consumer: Consumer | undefined;
  #state: TaskState = 'UNASSIGNED';
  #trace: string | undefined;
  #paused = false;
  #invoking = 0;
  #stopping = false;
  #abandoned = false;
  #crash: Error | undefined;
  #joined = false;
  #warnedIgnoredFailures = false;
  #loop: Promise<void> | undefined;
  readonly #batcher: Batcher;
  readonly #committer: OffsetCommitter;

  constructor(deps: TaskDeps) {
    this.#deps = deps;
    this.#batcher = new Batcher({
      batchSize: deps.settings.batchSize,
      batchingWindowMs: deps.settings.batchingWindowMs,
      maxPayloadBytes: deps.limits.maxPayloadBytes,
      envelope: deps.envelope,
    });
    this.#committer = new OffsetCommitter(
      async (offsets) => {
        if (!this.#abandoned) await this.#consumer?.commitOffsets(offsets);
      },
      (message) => this.#deps.logger.warn(`[${this.#deps.connector}-${this.#deps.id}] ${message}`),
    );
  }

  get id(): number {
    return this.#deps.id;
  }

  /** PAUSED only once no invocation is running, so nothing is delivered after it shows. */
  get state(): TaskState {
    if (this.#state === 'RUNNING' && this.#paused && this.#invoking === 0) return 'PAUSED';
    return this.#state;
  }

  get trace(): string | undefined {
    return this.#state === 'FAILED' ? this.#trace : undefined;
  }

  /** Topics of the partitions assigned to this task's consumer. */
  get topics(): string[] {
    return [...new Set([...this.#partitions.values()].filter((p) => p.assigned).map((p) => p.topic))];
  }

  /** Records in the assigned partitions not yet delivered (high watermark minus delivered position). */
  get lag(): number {
    let lag = 0;
    for (const p of this.#partitions.values()) {
      const position = p.delivered >= 0 ? p.delivered : (p.records[0]?.offset ?? p.highWatermark);
      lag += Math.max(0, p.highWatermark - position);
    }
    return lag;
  }

  start(paused: boolean): void {
    this.#paused = paused;
    this.#loop ??= this.#run();
  }

  pause(): void {
    this.#paused = true;
    this.#syncAllFetching();
  }

  resume(): void {
    this.#paused = false;
    this.#syncAllFetching();
    this.#signal.notify();
  }

  /**
   * Stops fetching and dispatching, lets in-flight invocations finish for up to `stopGraceMs` (committing what
   * succeeded), then abandons the rest without committing them, and leaves the group.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#signal.notify();
    await this.#loop;
  }

  #setState(state: TaskState, trace?: string): void {
    if (state === this.#state && trace === this.#trace) return;
    this.#state = state;
    this.#trace = trace;
    const task = `${this.#deps.connector}-${this.#deps.id}`;
    if (state === 'FAILED') this.#deps.logger.warn(`[${task}] FAILED: ${trace?.split('\n')[0] ?? ''}`);
    else if (state === 'RUNNING') this.#deps.logger.info(`[${task}] RUNNING`);
  }

  async #run(): Promise<void> {
    const { settings, client, limits } = this.#deps;
    while (!this.#stopping) {
      this.#crash = undefined;
      this.#joined = false;
      this.#setState(this.#state === 'FAILED' ? 'FAILED' : 'UNASSIGNED', this.#trace);
      const kafka = new Kafka({
        retry: { retries: 3, initialRetryTime: 300 },
        ...client.kafka,
        clientId: client.kafka.clientId ?? `connector-consumer-${this.#deps.connector}-${this.#deps.id}`,
        logLevel: logLevel.NOTHING,
      });
      const consumer = kafka.consumer({
        ...client.consumer,
        groupId: settings.groupId,
        retry: { retries: 3, initialRetryTime: 300, restartOnFailure: async () => false },
      });
      this.#consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, (e) => this.#onJoin(e.payload.memberAssignment));
      consumer.on(consumer.events.CRASH, (e) => {
        this.#crash = e.payload.error;
        this.#signal.notify();
      });
      try {
        await this.#deps.beforeConnect?.();
        await consumer.connect();
        await consumer.subscribe({
          topics: settings.topicsRegex ? [settings.topicsRegex] : [...settings.topics],
          fromBeginning: settings.startingPosition !== 'LATEST',
        });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async (payload) => this.#onBatch(payload),
        });
        await this.#dispatch();
        if (this.#crash) throw this.#crash;
      } catch (e) {
        if (!this.#stopping) {
          this.#setState('FAILED', traceOf(asBrokerUnreachable(e, client.kafka.brokers)));
        }
      }
      await this.#drain();
      await consumer.disconnect().catch(() => {});
      this.#partitions.clear();
      // Like Connect, a task that failed for a reason retrying cannot fix stays FAILED until it is restarted.
      const crash = this.#crash as Error | undefined; // set by kafkajs events and batches, not by this loop
      if (crash instanceof LocalMappingError && !crash.retriable) return;
      if (!this.#stopping) await this.#signal.wait(limits.reconnectDelayMs);
    }
    this.#setState('UNASSIGNED');
  }

  #onJoin(assignment: Record<string, number[]>): void {
    // After a rebalance kafkajs fetches every assigned partition again from its committed offset, so records
    // waiting in memory are dropped here (they come back); in-flight batches keep their partitions locked.
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        assigned.add(key);
        const existing = this.#partitions.get(key);
        if (existing) {
          existing.records = [];
          existing.assigned = true;
        } else {
          this.#partitions.set(key, {
            topic,
            partition,
            key,
            records: [],
            since: 0,
            locked: false,
            assigned: true,
            delivered: -1,
            highWatermark: 0,
            fetchPaused: false,
          });
        }
      }
    }
    for (const [key, state] of this.#partitions) {
      if (assigned.has(key)) continue;
      state.assigned = false;
      if (!state.locked) this.#partitions.delete(key);
    }
    this.#joined = true;
    this.#setState('RUNNING');
    // kafkajs keeps paused partitions paused across rebalances: state them all explicitly.
    for (const state of this.#partitions.values()) this.#syncFetching(state, true);
    this.#signal.notify();
  }

  /**
   * Takes a fetched batch into memory and only then marks it consumed (`resolveOffset`), so a batch this task
   * does not take is fetched again rather than skipped.
   */
  async #onBatch({ batch, isStale, isRunning, resolveOffset }: EachBatchPayload): Promise<void> {
    const state = this.#partitions.get(partitionKey(batch.topic, batch.partition));
    if (!state?.assigned || this.#stopping || isStale() || !isRunning()) return;
    state.highWatermark = Number(batch.highWatermark);
    const before = state.records.length;
    enqueue(
      state,
      batch.messages.map((message) => toEsmRecord(batch.topic, batch.partition, message)),
    );
    if (before === 0 && state.records.length > 0) state.since = Date.now();
    resolveOffset(batch.lastOffset());
    this.#syncFetching(state);
    this.#signal.notify();
  }

  /** Keeps a partition fetching only while the task runs and its waiting records stay under the limit. */
  #syncFetching(state: PartitionState, force = false): void {
    const consumer = this.#consumer;
    if (!consumer || !this.#joined || !state.assigned) return;
    const pause = this.#paused || state.records.length >= this.#deps.limits.bufferedRecordsPerPartition;
    if (pause === state.fetchPaused && !force) return;
    state.fetchPaused = pause;
    const target = [{ topic: state.topic, partitions: [state.partition] }];
    if (pause) consumer.pause(target);
    else consumer.resume(target);
  }

  #syncAllFetching(): void {
    for (const state of this.#partitions.values()) this.#syncFetching(state);
  }

  async #dispatch(): Promise<void> {
    const { limits } = this.#deps;
    while (!this.#stopping && !this.#crash) {
      let waitMs = 1_000;
      if (!this.#paused && this.#inFlight.size < limits.maxConcurrentBatches) {
        const next = this.#batcher.take(this.#partitions.values());
        if (Array.isArray(next)) {
          for (const part of next) this.#syncFetching(part.queue);
          const job: Promise<void> = this.#process(next).finally(() => {
            this.#inFlight.delete(job);
            this.#signal.notify();
          });
          this.#inFlight.add(job);
          continue;
        }
        waitMs = next;
      }
      await this.#signal.wait(waitMs);
    }
  }

  /** Invokes, commits and retries one batch until every part is delivered or given up. Never throws. */
  async #process(parts: Part[]): Promise<void> {
    const { retry } = this.#deps;
    let attempt = 0;
    try {
      while (parts.length > 0) {
        for (const part of parts) if (!part.queue.assigned) this.#release(part.queue);
        parts = parts.filter((p) => p.queue.assigned);
        if (parts.length === 0 || this.#abandoned) return;
        let failure: Error | undefined;
        const builder = this.#batcher.builder();
        for (const part of parts) {
          for (const record of part.records) {
            if (!builder.add(record)) {
              failure = new RecordTooLargeError(
                `${part.queue.key}@${record.offset}`,
                builder.cost(record),
                this.#deps.limits.maxPayloadBytes,
              );
            }
          }
        }
        if (!failure) {
          try {
            const response = await this.#invoke(builder);
            if (this.#abandoned) return;
            const { commits, delivered, retry } = settleParts(parts, this.#resumeOffsets(response, parts));
            await this.#commit(commits);
            for (const part of parts)
              if (!retry.some((r) => r.queue === part.queue)) this.#release(part.queue);
            if (delivered > 0) this.#deps.listener.delivered?.(this.#deps.connector, delivered);
            parts = retry;
            if (parts.length === 0) return;
            failure = new InvocationError(
              this.#deps.connector,
              `the handler reported ${retry.length} failed partition(s)`,
            );
          } catch (e) {
            failure = e instanceof Error ? e : new Error(String(e));
          }
        }
        attempt++;
        const retriable = !(failure instanceof LocalMappingError) || failure.retriable;
        const expired = parts.filter(
          (p) => !retriable || retriesExhausted(this.#deps.settings, attempt, p.records),
        );
        if (expired.length > 0) {
          if (!(await this.#giveUp(expired, failure, attempt))) return;
          parts = parts.filter((p) => !expired.includes(p));
          continue;
        }
        const delay = retryDelay(retry, attempt);
        this.#deps.logger.warn(
          `[${this.#deps.connector}-${this.#deps.id}] batch ${describeParts(parts)} failed (attempt ${attempt}): ${failure.message}; retrying in ${delay} ms`,
        );
        await this.#sleepUnlessStopping(delay);
        if (this.#stopping) return;
      }
    } catch (e) {
      // Only a failing commit or destination gets here: stop this task so the batch is not lost.
      this.#crash = e instanceof Error ? e : new Error(String(e));
      this.#signal.notify();
    } finally {
      for (const part of parts) this.#release(part.queue);
    }
  }

  #release(state: PartitionState): void {
    state.locked = false;
    if (!state.assigned) this.#partitions.delete(state.key);
  }

  async #invoke(builder: EventBuilder): Promise<KafkaBatchResponse | undefined> {
    const { identity, invoke, connector } = this.#deps;
    this.#invoking++;
    try {
      return await invokeSink(invoke, builder.build(), identity, connector);
    } finally {
      this.#invoking--;
    }
  }

  /** Where each failed partition resumes (Lambda's Kafka partial batch response), honoured only when enabled. */
  #resumeOffsets(response: unknown, parts: Part[]): Map<string, number> {
    const items = (response as KafkaBatchResponse | undefined)?.batchItemFailures;
    if (!Array.isArray(items) || items.length === 0) return new Map();
    if (!this.#deps.settings.reportBatchItemFailures) {
      if (!this.#warnedIgnoredFailures) {
        this.#warnedIgnoredFailures = true;
        this.#deps.logger.warn(
          `[${this.#deps.connector}] the sink returned batchItemFailures but esm.report.batch.item.failures is off; like Lambda, the response is ignored and the batch counts as delivered`,
        );
      }
      return new Map();
    }
    return resumeOffsets(items, parts, this.#deps.connector);
  }

  /** Moves each partition's delivered position past what is done and commits it. */
  async #commit(commits: readonly OffsetToCommit<PartitionState>[]): Promise<void> {
    for (const { queue, next } of commits) markDelivered(queue, next);
    await this.#committer.commit(commits);
  }

  /**
   * Retries are over for these parts: hand them to the on-failure destination and move on; with no destination,
   * discard them if the connector set retry or age limits (Lambda's behaviour, logged per range), otherwise fail
   * the task, because nothing may be dropped silently. Returns false when the task failed.
   */
  async #giveUp(parts: Part[], failure: Error, attempts: number): Promise<boolean> {
    const { onFailure, settings, connector, listener, logger } = this.#deps;
    const records = parts.flatMap((p) => p.records);
    if (onFailure) {
      await onFailure(records, failure.message, attempts);
      listener.deadLettered?.(connector, records.length);
      logger.warn(
        `[${connector}] sent ${describeParts(parts)} to ${settings.onFailureDestination}: ${failure.message}`,
      );
    } else if (settings.maximumRetryAttempts >= 0 || settings.maximumRecordAgeSeconds >= 0) {
      listener.discarded?.(connector, records.length);
      logger.error(
        `[${connector}] discarded ${describeParts(parts)} after ${attempts} attempt(s) (no on-failure destination): ${failure.message}`,
      );
    } else {
      this.#crash = failure;
      this.#signal.notify();
      return false;
    }
    await this.#commit(pastParts(parts));
    for (const part of parts) this.#release(part.queue);
    return true;
  }

  /** Waits out a retry delay; a paused task also waits until it is resumed before retrying. */
  async #sleepUnlessStopping(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.#stopping && (this.#paused || Date.now() < until)) {
      await this.#signal.wait(this.#paused ? 1_000 : until - Date.now());
    }
  }

  /** Waits for in-flight batches up to the grace period; what is still running then is abandoned, uncommitted. */
  async #drain(): Promise<void> {
    const deadline = Date.now() + this.#deps.limits.stopGraceMs;
    while (this.#inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(deadline - Date.now())]);
    }
    if (this.#inFlight.size > 0) {
      this.#abandoned = true;
      this.#deps.logger.warn(
        `[${this.#deps.connector}-${this.#deps.id}] abandoned ${this.#inFlight.size} in-flight batch(es); their offsets stay uncommitted and they will be delivered again`,
      );
    }
  }
}
