// One task of a connector: a kafkajs consumer in the connector's group that behaves like a Lambda event source
// mapping poller (AWS docs: "How Lambda processes records from Amazon MSK / self-managed Apache Kafka",
// "Kafka event source mapping retry configurations"): batches by size, window and payload, invokes the sink with at
// most one batch per partition in flight, retries a failed batch while blocking its partitions, honours partial batch
// responses. Going further than an ESM, it commits each partition as the sink settles its records (AEP acknowledged
// them), in the background, and a graceful stop lets the AEP requests in flight end and commits what they settled.

import type { ClientSettings } from '../../kafka/index.ts';
import { type Consumer, Kafka, logLevel } from '../../kafka/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { KafkaBatchResponse } from '../../records/types.ts';
import type { PartitionFailure } from '../../sink/types.ts';
import { Batcher, type BatchPart, describeParts } from './batching.ts';
import type { FunctionIdentity } from './context.ts';
import {
  asBrokerUnreachable,
  InvocationError,
  LocalMappingError,
  RecordTooLargeError,
  traceOf,
} from './errors.ts';
import { type EventEnvelope, partitionKey } from './event.ts';
import { invokeSink, retriesExhausted, retryDelay } from './invocation.ts';
import { describeOffsets, markDelivered, OffsetCommitter, pastParts, resumeOffsets } from './offsets.ts';
import { type PartitionState, Partitions } from './partitions.ts';
import { Signal } from './signal.ts';
import type { EsmSettings, MappingListener, OnFailureDestination, SinkInvoker } from './types.ts';

/**
 * A task's observable state (Connect's task states).
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
    readonly bufferedBytesPerPartition: number;
    readonly bufferedBytesPerTask: number;
    readonly reconnectDelayMs: number;
    readonly stopGraceMs: number;
  };
  readonly listener: MappingListener;
  /** Where the task notes each topic it consumed records from (`GET /connectors/{c}/topics`). */
  readonly consumedTopics?: Set<string>;
  readonly logger: Logger;
}

type Part = BatchPart<PartitionState>;

/** One invocation under way: its parts, and the graceful stop of its AEP requests. */
interface Invocation {
  readonly parts: readonly Part[];
  readonly stop: AbortController;
}

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
  readonly #name: string;
  readonly #partitions: Partitions;
  readonly #batcher: Batcher;
  readonly #committer: OffsetCommitter;
  readonly #jobs = new Set<Promise<void>>();
  readonly #invocations = new Set<Invocation>();
  readonly #signal = new Signal();
  #consumer: Consumer | undefined;
  #state: TaskState = 'UNASSIGNED';
  #trace: string | undefined;
  #paused = false;
  #stopping = false;
  #abandoned = false;
  #crash: Error | undefined;
  #warnedIgnoredFailures = false;
  #loop: Promise<void> | undefined;

  constructor(deps: TaskDeps) {
    this.#deps = deps;
    this.#name = `${deps.connector}-${deps.id}`;
    const { settings, limits } = deps;
    this.#partitions = new Partitions({
      bytesPerPartition: limits.bufferedBytesPerPartition,
      bytesPerTask: limits.bufferedBytesPerTask,
      recordsPerPartition: Math.max(2 * settings.batchSize, 5_000),
    });
    this.#batcher = new Batcher({
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      maxPayloadBytes: limits.maxPayloadBytes,
      envelope: deps.envelope,
    });
    this.#committer = new OffsetCommitter((offsets) => this.#commitOffsets(offsets), {
      committed: (commits) => deps.logger.debug?.(`[${this.#name}] committed ${describeOffsets(commits)}`),
      failed: (commits, e) =>
        deps.logger.warn(
          `[${this.#name}] could not commit ${describeOffsets(commits)}: ${e.message}; trying again with the next commit (those records may be delivered again if none succeeds)`,
        ),
    });
  }

  get id(): number {
    return this.#deps.id;
  }

  /** PAUSED only once no invocation is running, so nothing is delivered after it shows. */
  get state(): TaskState {
    if (this.#state === 'RUNNING' && this.#paused && this.#invocations.size === 0) return 'PAUSED';
    return this.#state;
  }

  get trace(): string | undefined {
    return this.#state === 'FAILED' ? this.#trace : undefined;
  }

  /** Records in the assigned partitions not yet delivered (high watermark minus delivered position). */
  get lag(): number {
    return this.#partitions.lag;
  }

  start(paused: boolean): void {
    this.#paused = paused;
    this.#loop ??= this.#run();
  }

  /** Stops fetching and invoking; invocations under way stop gracefully (their settled records are committed). */
  pause(): void {
    this.#paused = true;
    this.#partitions.pauseAll(true);
    for (const invocation of this.#invocations) invocation.stop.abort();
  }

  resume(): void {
    this.#paused = false;
    this.#partitions.pauseAll(false);
    this.#signal.notify();
  }

  /**
   * Stops fetching and dispatching and stops the invocations under way gracefully: no further AEP request starts,
   * the requests in flight end (for up to `stopGraceMs`) and what they settled is committed. What is still running
   * then is abandoned uncommitted. Then it leaves the group.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const invocation of this.#invocations) invocation.stop.abort();
    this.#signal.notify();
    await this.#loop;
  }

  #setState(state: TaskState, trace?: string): void {
    if (state === this.#state && trace === this.#trace) return;
    this.#state = state;
    this.#trace = trace;
    if (state === 'FAILED') this.#deps.logger.warn(`[${this.#name}] FAILED: ${trace?.split('\n')[0] ?? ''}`);
    else if (state === 'RUNNING') this.#deps.logger.info(`[${this.#name}] RUNNING`);
  }

  async #run(): Promise<void> {
    const { settings, client, limits } = this.#deps;
    while (!this.#stopping) {
      this.#crash = undefined;
      this.#abandoned = false;
      this.#setState(this.#state === 'FAILED' ? 'FAILED' : 'UNASSIGNED', this.#trace);
      const kafka = new Kafka({
        retry: { retries: 3, initialRetryTime: 300 },
        ...client.kafka,
        clientId: client.kafka.clientId ?? `connector-consumer-${this.#name}`,
        logLevel: logLevel.NOTHING,
      });
      const consumer = kafka.consumer({
        ...client.consumer,
        groupId: settings.groupId,
        retry: { retries: 3, initialRetryTime: 300, restartOnFailure: async () => false },
      });
      this.#consumer = consumer;
      this.#partitions.attach(consumer);
      this.#partitions.pauseAll(this.#paused);
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
          eachBatch: async (payload) => {
            if (this.#stopping || !this.#partitions.take(payload)) return;
            if (payload.batch.messages.length > 0) this.#deps.consumedTopics?.add(payload.batch.topic);
            this.#signal.notify();
          },
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
      this.#partitions.attach(undefined);
      // Like Connect, a task that failed for a reason retrying cannot fix stays FAILED until it is restarted.
      const crash = this.#crash as Error | undefined; // set by kafkajs events and batches, not by this loop
      if (crash instanceof LocalMappingError && !crash.retriable) return;
      if (!this.#stopping) await this.#signal.wait(limits.reconnectDelayMs);
    }
    this.#setState('UNASSIGNED');
  }

  #onJoin(assignment: Record<string, number[]>): void {
    const revoked = new Set(this.#partitions.assign(assignment));
    // A partition moved away belongs to its new owner now: stop what is under way for it (the new owner delivers it
    // again from the committed offset) unless the same invocation also carries partitions this task keeps.
    if (revoked.size > 0) {
      for (const invocation of this.#invocations) {
        if (invocation.parts.every((p) => revoked.has(p.queue.key))) invocation.stop.abort();
      }
    }
    this.#setState('RUNNING');
    this.#signal.notify();
  }

  async #dispatch(): Promise<void> {
    const { limits } = this.#deps;
    while (!this.#stopping && !this.#crash) {
      let waitMs = 1_000;
      const free = limits.maxConcurrentBatches - this.#jobs.size;
      if (!this.#paused && free > 0) {
        const next = this.#batcher.take(this.#partitions.values(), Date.now(), free);
        if (Array.isArray(next)) {
          for (const part of next) this.#partitions.drained(part.queue);
          const job: Promise<void> = this.#process(next).finally(() => {
            this.#jobs.delete(job);
            this.#signal.notify();
          });
          this.#jobs.add(job);
          continue;
        }
        waitMs = next;
      }
      await this.#signal.wait(waitMs);
    }
  }

  /** Invokes and retries one batch until every part is settled or given up. Never throws. */
  async #process(parts: Part[]): Promise<void> {
    const { retry } = this.#deps;
    let attempt = 0;
    try {
      while (parts.length > 0) {
        for (const part of parts) if (!part.queue.assigned) this.#partitions.release(part.queue);
        parts = parts.filter((p) => p.queue.assigned);
        if (parts.length === 0 || this.#abandoned) return;
        const { failure, stopped, rest } = await this.#attempt(parts);
        parts = rest;
        if (parts.length === 0 || this.#abandoned || this.#stopping) return;
        // A graceful stop (pause, revoked partitions) is no failure: what is left waits for the resume.
        if (!stopped) {
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
        }
        const delay = stopped ? 0 : retryDelay(retry, attempt);
        if (!stopped) {
          this.#deps.logger.warn(
            `[${this.#name}] batch ${describeParts(parts)} failed (attempt ${attempt}): ${failure.message}; retrying in ${delay} ms`,
          );
        }
        await this.#sleepUnlessStopping(delay);
        if (this.#stopping) return;
      }
    } catch (e) {
      // Only a failing destination gets here: stop this task so the batch is not lost.
      this.#crash = e instanceof Error ? e : new Error(String(e));
      this.#signal.notify();
    } finally {
      for (const part of parts) this.#partitions.release(part.queue);
    }
  }

  /**
   * One invocation of the parts. Each partition advances as the sink settles its records; after the answer, a
   * partition resumes where the partial batch response says, or, when the invocation failed, after what settled
   * (an ESM retries the whole batch: records AEP already acknowledged are not sent again here). Finished partitions
   * are released; `rest` is what is left to retry.
   */
  async #attempt(parts: Part[]): Promise<{ failure: Error; stopped: boolean; rest: Part[] }> {
    const { builder, tooLarge } = this.#batcher.event(parts);
    if (tooLarge) {
      const { ref, cost } = tooLarge;
      const error = new RecordTooLargeError(ref, cost, this.#deps.limits.maxPayloadBytes);
      return { failure: error, stopped: false, rest: parts };
    }
    const byKey = new Map(parts.map((p) => [p.queue.key, p]));
    const failures = new Map<string, PartitionFailure>();
    const invocation: Invocation = { parts, stop: new AbortController() };
    if (this.#paused) invocation.stop.abort();
    this.#invocations.add(invocation);
    this.#deps.logger.debug?.(`[${this.#name}] invoking ${describeParts(parts)}`);
    let resumeAt: Map<string, number> | undefined;
    let failure: Error | undefined;
    try {
      const response = await invokeSink(
        this.#deps.invoke,
        builder.build(),
        this.#deps.identity,
        this.#deps.connector,
        {
          progress: {
            settled: (topic, partition, next) => {
              const part = byKey.get(partitionKey(topic, partition));
              if (part) this.#advance(part, next);
            },
            failed: (f) => failures.set(partitionKey(f.topic, f.partition), f),
          },
          stop: invocation.stop.signal,
        },
      );
      resumeAt = this.#resumeOffsets(response, parts);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    } finally {
      this.#invocations.delete(invocation);
    }
    const rest: Part[] = [];
    for (const part of parts) {
      // Never before what the sink reported settled (its answer never contradicts that, but a duplicate costs).
      const from = resumeAt
        ? Math.max(
            resumeAt.get(part.queue.key) ?? (part.records.at(-1)?.offset ?? -1) + 1,
            part.queue.delivered,
          )
        : part.queue.delivered;
      this.#advance(part, from);
      const left = part.records.filter((r) => r.offset >= from);
      if (left.length > 0) rest.push({ queue: part.queue, records: left });
      else this.#partitions.release(part.queue);
    }
    failure ??= new InvocationError(
      this.#deps.connector,
      `the handler reported ${rest.length} failed partition(s)${[...failures.values()].map((f) => `; ${f.topic}-${f.partition}@${f.offset}: ${f.reason}`).join('')}`,
    );
    return { failure, stopped: invocation.stop.signal.aborted, rest };
  }

  /** The sink settled the part's records below `next`: move the partition on and commit it in the background. */
  #advance(part: Part, next: number): void {
    const { queue } = part;
    if (this.#abandoned || next <= queue.delivered) return;
    const from = queue.delivered;
    let settled = 0;
    for (const r of part.records) if (r.offset >= from && r.offset < next) settled++;
    markDelivered(queue, next);
    if (settled > 0) this.#deps.listener.delivered?.(this.#deps.connector, settled);
    this.#committer.request([{ queue, next }]);
  }

  async #commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    await this.#consumer?.commitOffsets(offsets);
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
    for (const { queue, next } of pastParts(parts)) {
      markDelivered(queue, next);
      this.#committer.request([{ queue, next }]);
    }
    for (const part of parts) this.#partitions.release(part.queue);
    return true;
  }

  /** Waits out a retry delay; a paused task also waits until it is resumed before retrying. */
  async #sleepUnlessStopping(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.#stopping && (this.#paused || Date.now() < until)) {
      await this.#signal.wait(this.#paused ? 1_000 : until - Date.now());
    }
  }

  /**
   * Waits for the batches under way (stopped gracefully) up to the grace period, abandons what is still running
   * then (uncommitted: it will be delivered again), and commits what settled.
   */
  async #drain(): Promise<void> {
    for (const invocation of this.#invocations) invocation.stop.abort();
    const deadline = Date.now() + this.#deps.limits.stopGraceMs;
    while (this.#jobs.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.#jobs]), sleep(deadline - Date.now())]);
    }
    if (this.#jobs.size > 0) {
      this.#abandoned = true;
      this.#deps.logger.warn(
        `[${this.#name}] abandoned ${this.#jobs.size} in-flight batch(es); their offsets stay uncommitted and they will be delivered again`,
      );
    }
    await this.#committer.flush();
    this.#committer.clear();
  }
}
