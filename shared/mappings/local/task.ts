// One task of a connector: a kafkajs consumer in the connector's group that behaves like a Lambda event source
// mapping poller (AWS docs: "How Lambda processes records from Amazon MSK / self-managed Apache Kafka",
// "Kafka event source mapping retry configurations"): batches by size, window and payload, invokes the sink with at
// most one batch per partition in flight, retries a failed batch while blocking its partitions, honours partial batch
// responses. Going further than an ESM, it commits each partition as the sink settles its records (AEP acknowledged
// them), in the background, and a graceful stop lets the AEP requests in flight end and commits what they settled.

import type { ClientSettings } from '../../kafka/index.ts';
import { type Consumer, Kafka, logLevel } from '../../kafka/index.ts';
import type { Logger } from '../../logging/index.ts';
import { Batcher } from './batching.ts';
import type { FunctionIdentity } from './context.ts';
import { type DeliveryContext, deliverBatch, type Invocation } from './delivery.ts';
import { asBrokerUnreachable, isTransientKafkaError, LocalMappingError, traceOf } from './errors.ts';
import type { EventEnvelope } from './event.ts';
import { TaskFailedError } from './failures.ts';
import { describeOffsets, OffsetCommitter } from './offsets.ts';
import { Partitions } from './partitions.ts';
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

/** How long metadata errors are retried quietly (a topic being auto-created takes a second or two). */
const TRANSIENT_GRACE_MS = 30_000;
/** The delay before a quiet retry. */
const TRANSIENT_RETRY_MS = 500;

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
  /** When the consumer first failed on transient metadata, since it last joined (0: it is not failing). */
  #transientSince = 0;
  #loop: Promise<void> | undefined;
  readonly #delivery: DeliveryContext;

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
      skipWindowOnBacklog: !settings.batchingWindowSet,
      maxPayloadBytes: limits.maxPayloadBytes,
      envelope: deps.envelope,
    });
    this.#committer = new OffsetCommitter((offsets) => this.#commitOffsets(offsets), {
      committed: (commits) => deps.logger.debug(`[${this.#name}] committed ${describeOffsets(commits)}`),
      failed: (commits, e) =>
        deps.logger.warn(
          `[${this.#name}] could not commit ${describeOffsets(commits)}: ${e.message}; trying again with the next commit (those records may be delivered again if none succeeds)`,
        ),
    });
    this.#delivery = {
      connector: deps.connector,
      task: deps.id,
      settings,
      identity: deps.identity,
      invoke: deps.invoke,
      ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
      retry: deps.retry,
      maxPayloadBytes: limits.maxPayloadBytes,
      listener: deps.listener,
      logger: deps.logger,
      batcher: this.#batcher,
      partitions: this.#partitions,
      committer: this.#committer,
      invocations: this.#invocations,
      paused: () => this.#paused,
      stopping: () => this.#stopping,
      abandoned: () => this.#abandoned,
      wait: (ms) => this.#signal.wait(ms),
      fail: (error) => {
        this.#crash ??= error;
        this.#signal.notify();
      },
    };
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
    let quiet = false;
    while (!this.#stopping) {
      this.#crash = undefined;
      this.#abandoned = false;
      if (!quiet) this.#setState(this.#state === 'FAILED' ? 'FAILED' : 'UNASSIGNED', this.#trace);
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
      let failure: unknown;
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
        failure = this.#crash;
      } catch (e) {
        failure = e;
      }
      // Metadata not there yet (a topic being auto-created, a leader being elected) passes on its own: retry quietly,
      // as Connect's consumer does, unless it lasts; anything else shows as FAILED with its trace.
      quiet = !this.#stopping && failure !== undefined && this.#transient(failure);
      if (failure !== undefined && !this.#stopping && !quiet) {
        const error = asBrokerUnreachable(failure, client.kafka.brokers);
        this.#setState('FAILED', error instanceof TaskFailedError ? error.trace : traceOf(error));
      }
      await this.#drain();
      await consumer.disconnect().catch(() => {});
      this.#partitions.attach(undefined);
      // Like Connect, a task that failed for a reason retrying cannot fix stays FAILED until it is restarted.
      if (failure instanceof LocalMappingError && !failure.retriable) return;
      if (!this.#stopping) await this.#signal.wait(quiet ? TRANSIENT_RETRY_MS : limits.reconnectDelayMs);
    }
    this.#setState('UNASSIGNED');
  }

  /** Whether a consumer failure is transient metadata, and has not lasted longer than {@link TRANSIENT_GRACE_MS}. */
  #transient(failure: unknown): boolean {
    if (!isTransientKafkaError(failure)) {
      this.#transientSince = 0;
      return false;
    }
    this.#transientSince ||= Date.now();
    if (Date.now() - this.#transientSince > TRANSIENT_GRACE_MS) return false;
    this.#deps.logger.debug(`[${this.#name}] retrying: ${(failure as Error).message}`);
    return true;
  }

  async #commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    await this.#consumer?.commitOffsets(offsets);
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
    this.#transientSince = 0;
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
          this.#partitions.drained();
          const job: Promise<void> = deliverBatch(this.#delivery, next).finally(() => {
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

  /**
   * Waits for the batches under way (stopped gracefully) up to the grace period, abandons what is still running
   * then (uncommitted: it will be delivered again), and commits what settled.
   */
  async #drain(): Promise<void> {
    for (const invocation of this.#invocations) invocation.stop.abort();
    const deadline = Date.now() + this.#deps.limits.stopGraceMs;
    while (this.#jobs.size > 0 && Date.now() < deadline) {
      // The clock may pass the deadline between the check and here: never a negative delay (TimeoutNegativeWarning).
      await Promise.race([Promise.allSettled([...this.#jobs]), sleep(Math.max(0, deadline - Date.now()))]);
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
