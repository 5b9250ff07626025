// One task of a connector: a kafkajs consumer in the connector's group that behaves like a Lambda event source
// mapping poller (AWS docs: "How Lambda processes records from Amazon MSK / self-managed Apache Kafka",
// "Kafka event source mapping retry configurations"): batches by size, window and payload, invokes the sink,
// commits only after success, retries a failed batch while blocking its partitions, honours partial batch responses.
import { type Consumer, type EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import type { ClientSettings } from '../../kafka/index.ts';
import type { EsmRecord, KafkaBatchResponse } from '../../records/types.ts';
import { EsmDefaults } from './constants.ts';
import { createLambdaContext, type FunctionIdentity } from './context.ts';
import { BrokerUnreachableError, InvocationError, LocalMappingError, RecordTooLargeError } from './errors.ts';
import { EventBuilder, type EventEnvelope, partitionKey, toEsmRecord } from './event.ts';
import { Signal } from './signal.ts';
import type { EsmSettings, MappingListener, MappingLogger, SinkInvoker } from './types.ts';

/**
 * A task's observable state (Connect's task states).
 *
 * @example
 * task.state === 'FAILED' && console.log(task.trace);
 */
export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED';

/**
 * Records that could not be delivered, handed to the on-failure destination.
 *
 * @example
 * const deadLetter: DeadLetter = kafkaOnFailureDestination(producer, 'kafka://aep-failed');
 */
export type DeadLetter = (records: readonly EsmRecord[], reason: string, attempts: number) => Promise<void>;

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
  readonly deadLetter?: DeadLetter;
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
  readonly logger: MappingLogger;
}

interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  /** Fetched, not yet in a batch, in offset order. */
  records: EsmRecord[];
  /** When the oldest waiting record arrived (ms), for the batching window. */
  since: number;
  /** True while a batch holding this partition's records is in flight or being retried. */
  locked: boolean;
  /** False once a rebalance moved the partition away (kept only until its in-flight batch ends). */
  assigned: boolean;
  /** Next offset after the last record this task delivered; older fetched records are duplicates. */
  delivered: number;
  highWatermark: number;
  fetchPaused: boolean;
}

interface BatchPart {
  readonly state: PartitionState;
  records: EsmRecord[];
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
  #rotation = 0;
  #warnedIgnoredFailures = false;
  #loop: Promise<void> | undefined;

  constructor(deps: TaskDeps) {
    this.#deps = deps;
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
          const error = isConnectionError(e) ? new BrokerUnreachableError(brokersOf(client), e) : e;
          this.#setState('FAILED', traceOf(error));
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
    for (const message of batch.messages) {
      const record = toEsmRecord(batch.topic, batch.partition, message);
      const last = state.records.at(-1);
      if (record.offset < state.delivered || (last && record.offset <= last.offset)) continue;
      state.records.push(record);
    }
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
        const next = this.#takeBatch();
        if (Array.isArray(next)) {
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

  /** The next batch to invoke, or how long to wait before one can be ready. */
  #takeBatch(): BatchPart[] | number {
    const { settings, limits } = this.#deps;
    const ready = [...this.#partitions.values()].filter(
      (p) => p.assigned && !p.locked && p.records.length > 0,
    );
    if (ready.length === 0) return 1_000;
    let waiting = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const p of ready) {
      waiting += p.records.length;
      oldest = Math.min(oldest, p.since);
    }
    const windowLeft = oldest + settings.batchingWindowMs - Date.now();
    const full = waiting >= settings.batchSize || this.#wouldExceedPayload(ready);
    if (!full && windowLeft > 0) return windowLeft;

    // Rotate the starting partition so a busy partition cannot starve the others.
    const start = this.#rotation++ % ready.length;
    const ordered = [...ready.slice(start), ...ready.slice(0, start)];
    const builder = new EventBuilder(this.#deps.envelope, limits.maxPayloadBytes);
    const parts: BatchPart[] = [];
    for (const state of ordered) {
      let n = 0;
      let payloadFull = false;
      while (n < state.records.length && builder.count < settings.batchSize) {
        if (!builder.add(state.records[n] as EsmRecord)) {
          payloadFull = true;
          if (builder.count === 0) n = 1; // alone over the limit: a batch of its own, which will fail
          break;
        }
        n++;
      }
      if (n > 0) {
        parts.push({ state, records: state.records.splice(0, n) });
        state.locked = true;
        state.since = Date.now();
        this.#syncFetching(state);
      }
      if (payloadFull || builder.count >= settings.batchSize) break;
    }
    return parts;
  }

  #wouldExceedPayload(ready: PartitionState[]): boolean {
    const builder = new EventBuilder(this.#deps.envelope, this.#deps.limits.maxPayloadBytes);
    for (const p of ready) for (const r of p.records) if (!builder.add(r)) return true;
    return false;
  }

  /** Invokes, commits and retries one batch until every part is delivered or given up. Never throws. */
  async #process(parts: BatchPart[]): Promise<void> {
    const { retry } = this.#deps;
    let attempt = 0;
    try {
      while (parts.length > 0) {
        for (const part of parts) if (!part.state.assigned) this.#release(part.state);
        parts = parts.filter((p) => p.state.assigned);
        if (parts.length === 0 || this.#abandoned) return;
        let failure: Error | undefined;
        const builder = new EventBuilder(this.#deps.envelope, this.#deps.limits.maxPayloadBytes);
        for (const part of parts) {
          for (const record of part.records) {
            if (!builder.add(record)) {
              failure = new RecordTooLargeError(
                `${part.state.key}@${record.offset}`,
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
            const failed = this.#failedItems(response, parts);
            await this.#commit(parts, failed);
            parts = parts.flatMap((part) => {
              const from = failed.get(part.state.key);
              return from === undefined
                ? []
                : [{ state: part.state, records: part.records.filter((r) => r.offset >= from) }];
            });
            if (parts.length === 0) return;
            failure = new InvocationError(
              this.#deps.connector,
              `the handler reported ${failed.size} failed partition(s)`,
            );
          } catch (e) {
            failure = e instanceof Error ? e : new Error(String(e));
          }
        }
        attempt++;
        const retriable = !(failure instanceof LocalMappingError) || failure.retriable;
        const expired = parts.filter((p) => !retriable || this.#exhausted(attempt, p));
        if (expired.length > 0) {
          if (!(await this.#giveUp(expired, failure, attempt))) return;
          parts = parts.filter((p) => !expired.includes(p));
          continue;
        }
        const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
        this.#deps.logger.warn(
          `[${this.#deps.connector}-${this.#deps.id}] batch ${describe(parts)} failed (attempt ${attempt}): ${failure.message}; retrying in ${delay} ms`,
        );
        await this.#sleepUnlessStopping(delay);
        if (this.#stopping) return;
      }
    } catch (e) {
      // Only a failing commit or destination gets here: stop this task so the batch is not lost.
      this.#crash = e instanceof Error ? e : new Error(String(e));
      this.#signal.notify();
    } finally {
      for (const part of parts) this.#release(part.state);
    }
  }

  #release(state: PartitionState): void {
    state.locked = false;
    if (!state.assigned) this.#partitions.delete(state.key);
  }

  async #invoke(builder: EventBuilder): Promise<KafkaBatchResponse | undefined> {
    const { identity, invoke, connector } = this.#deps;
    const context = createLambdaContext(identity);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new InvocationError(
              connector,
              `Task timed out after ${(identity.timeoutMs / 1000).toFixed(2)} seconds`,
            ),
          ),
        identity.timeoutMs,
      );
    });
    this.#invoking++;
    try {
      return await Promise.race([invoke(builder.build(), context), timeout]);
    } catch (e) {
      if (e instanceof InvocationError) throw e;
      throw new InvocationError(connector, e instanceof Error ? e.message : String(e), { cause: e });
    } finally {
      this.#invoking--;
      clearTimeout(timer);
    }
  }

  /**
   * The offset each failed partition resumes from (Lambda's Kafka partial batch response). An identifier naming a
   * partition or offset that is not in the batch fails the whole batch, as Lambda does.
   */
  #failedItems(response: unknown, parts: BatchPart[]): Map<string, number> {
    const failed = new Map<string, number>();
    const items = (response as KafkaBatchResponse | undefined)?.batchItemFailures;
    if (!Array.isArray(items) || items.length === 0) return failed;
    if (!this.#deps.settings.reportBatchItemFailures) {
      if (!this.#warnedIgnoredFailures) {
        this.#warnedIgnoredFailures = true;
        this.#deps.logger.warn(
          `[${this.#deps.connector}] the sink returned batchItemFailures but esm.report.batch.item.failures is off; like Lambda, the response is ignored and the batch counts as delivered`,
        );
      }
      return failed;
    }
    for (const item of items) {
      const { partition, offset } = (item?.itemIdentifier ?? {}) as { partition?: unknown; offset?: unknown };
      const part = parts.find((p) => p.state.key === partition);
      const n = Number(offset);
      if (!part?.records.some((r) => r.offset === n)) {
        throw new InvocationError(
          this.#deps.connector,
          `batchItemFailures names ${String(partition)}@${String(offset)}, which is not in the batch`,
        );
      }
      failed.set(part.state.key, Math.min(failed.get(part.state.key) ?? n, n));
    }
    return failed;
  }

  /** Commits each part up to its failed offset (or past its last record), then unlocks the finished partitions. */
  async #commit(parts: BatchPart[], failed: ReadonlyMap<string, number>): Promise<void> {
    const offsets: Array<{ topic: string; partition: number; offset: string }> = [];
    let delivered = 0;
    for (const part of parts) {
      const from = failed.get(part.state.key);
      const done = from === undefined ? part.records : part.records.filter((r) => r.offset < from);
      const last = done.at(-1);
      if (!last) continue;
      delivered += done.length;
      this.#markDelivered(part.state, last.offset + 1);
      offsets.push({
        topic: part.state.topic,
        partition: part.state.partition,
        offset: String(last.offset + 1),
      });
    }
    await this.#commitOffsets(offsets);
    for (const part of parts) if (!failed.has(part.state.key)) this.#release(part.state);
    if (delivered > 0) this.#deps.listener.delivered?.(this.#deps.connector, delivered);
  }

  #markDelivered(state: PartitionState, next: number): void {
    state.delivered = Math.max(state.delivered, next);
    state.records = state.records.filter((r) => r.offset >= state.delivered);
  }

  async #commitOffsets(all: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    // A partition a rebalance moved away belongs to its new owner, which reads on from the committed offset and
    // commits its own progress; committing this late batch could move the group back behind it (Connect commits a
    // revoked partition only before it lets it go). Its records were delivered here, and may be delivered again.
    const offsets = all.filter((o) => this.#partitions.get(partitionKey(o.topic, o.partition))?.assigned);
    if (offsets.length === 0 || this.#abandoned || !this.#consumer) return;
    try {
      await this.#consumer.commitOffsets(offsets);
    } catch (e) {
      // Delivered but not committed (typically a rebalance): the records may be delivered again (at least once).
      this.#deps.logger.warn(
        `[${this.#deps.connector}-${this.#deps.id}] could not commit ${offsets
          .map((o) => `${o.topic}-${o.partition}@${o.offset}`)
          .join(', ')}: ${(e as Error).message}; those records may be delivered again`,
      );
    }
  }

  #exhausted(attempt: number, part: BatchPart): boolean {
    const { settings } = this.#deps;
    const maxRetries =
      settings.maximumRetryAttempts >= 0
        ? settings.maximumRetryAttempts
        : settings.onFailureDestination
          ? EsmDefaults.RETRIES_WITH_DESTINATION
          : Number.POSITIVE_INFINITY;
    if (attempt > maxRetries) return true;
    if (settings.maximumRecordAgeSeconds < 0) return false;
    const oldest = part.records[0]?.timestamp ?? Date.now();
    return Date.now() - oldest > settings.maximumRecordAgeSeconds * 1000;
  }

  /**
   * Retries are over for these parts: hand them to the on-failure destination and move on; with no destination,
   * discard them if the connector set retry or age limits (Lambda's behaviour, logged per range), otherwise fail
   * the task, because nothing may be dropped silently. Returns false when the task failed.
   */
  async #giveUp(parts: BatchPart[], failure: Error, attempts: number): Promise<boolean> {
    const { deadLetter, settings, connector, listener, logger } = this.#deps;
    const records = parts.flatMap((p) => p.records);
    if (deadLetter) {
      await deadLetter(records, failure.message, attempts);
      listener.deadLettered?.(connector, records.length);
      logger.warn(
        `[${connector}] sent ${describe(parts)} to ${settings.onFailureDestination}: ${failure.message}`,
      );
    } else if (settings.maximumRetryAttempts >= 0 || settings.maximumRecordAgeSeconds >= 0) {
      listener.discarded?.(connector, records.length);
      logger.error(
        `[${connector}] discarded ${describe(parts)} after ${attempts} attempt(s) (no on-failure destination): ${failure.message}`,
      );
    } else {
      this.#crash = failure;
      this.#signal.notify();
      return false;
    }
    for (const part of parts) {
      const last = part.records.at(-1);
      if (last) this.#markDelivered(part.state, last.offset + 1);
    }
    await this.#commitOffsets(
      parts.flatMap((p) => {
        const last = p.records.at(-1);
        return last
          ? [{ topic: p.state.topic, partition: p.state.partition, offset: String(last.offset + 1) }]
          : [];
      }),
    );
    for (const part of parts) this.#release(part.state);
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

function describe(parts: readonly BatchPart[]): string {
  return parts.map((p) => `${p.state.key}@${p.records[0]?.offset}..${p.records.at(-1)?.offset}`).join(', ');
}

function brokersOf(client: ClientSettings): string {
  const brokers = client.kafka.brokers;
  return Array.isArray(brokers) ? brokers.join(',') : 'the configured brokers';
}

/** True when the error, or one of its causes, is kafkajs failing to reach a broker. */
function isConnectionError(e: unknown): boolean {
  for (let cause = e; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'KafkaJSConnectionError' || cause.name === 'KafkaJSBrokerNotFound') return true;
  }
  return false;
}

function traceOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}
