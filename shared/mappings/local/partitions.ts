// The partitions one task's consumer holds: what the group assigned it, the records fetched and waiting for a batch,
// and the backpressure that pauses a partition's fetching while too much of it waits in memory.
import type { EachBatchPayload } from '../../kafka/index.ts';
import { partitionKey, toEsmRecords } from './event.ts';
import { enqueue, type PartitionPosition } from './offsets.ts';

/** A partition this task holds (or held, until its in-flight batch ends after a rebalance moved it away). */
export interface PartitionState extends PartitionPosition {
  highWatermark: number;
  fetchPaused: boolean;
}

/** kafkajs `consumer.pause` / `consumer.resume`. */
export interface FetchControl {
  pause(topics: Array<{ topic: string; partitions: number[] }>): void;
  resume(topics: Array<{ topic: string; partitions: number[] }>): void;
}

/** How much may wait in memory. */
export interface BufferLimits {
  /** Bytes (as event JSON) one partition may hold waiting. */
  readonly bytesPerPartition: number;
  /** Bytes all the task's partitions may hold waiting, divided between them. */
  readonly bytesPerTask: number;
  /** Records one partition may hold waiting. */
  readonly recordsPerPartition: number;
}

/**
 * The task's partitions, keyed `"<topic>-<partition>"`.
 *
 * @example
 * const partitions = new Partitions(limits);
 * partitions.attach(consumer);
 * consumer.on(consumer.events.GROUP_JOIN, (e) => partitions.assign(e.payload.memberAssignment));
 */
export class Partitions {
  readonly #limits: BufferLimits;
  readonly #states = new Map<string, PartitionState>();
  #fetch: FetchControl | undefined;
  #paused = false;
  #assigned = 0;

  constructor(limits: BufferLimits) {
    this.#limits = limits;
  }

  values(): IterableIterator<PartitionState> {
    return this.#states.values();
  }

  /** Records in the assigned partitions not yet delivered (high watermark minus delivered position). */
  get lag(): number {
    let lag = 0;
    for (const p of this.#states.values()) {
      const position = p.delivered >= 0 ? p.delivered : (p.records[0]?.offset ?? p.highWatermark);
      lag += Math.max(0, p.highWatermark - position);
    }
    return lag;
  }

  /** A new consumer fetches for these partitions (none until it has joined: see {@link assign}). */
  attach(fetch: FetchControl | undefined): void {
    this.#fetch = fetch;
    this.#states.clear();
    this.#assigned = 0;
  }

  /**
   * The group's assignment after a (re)join. After a rebalance kafkajs fetches every assigned partition again from
   * its committed offset, so records waiting in memory are dropped here (they come back); a partition moved away is
   * kept, unassigned, while its batch is in flight. Returns the keys of the partitions moved away.
   */
  assign(assignment: Record<string, number[]>): string[] {
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        assigned.add(key);
        const existing = this.#states.get(key);
        if (existing) {
          existing.records = [];
          existing.bytes = 0;
          existing.assigned = true;
        } else {
          this.#states.set(key, {
            topic,
            partition,
            key,
            records: [],
            bytes: 0,
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
    this.#assigned = assigned.size;
    const revoked: string[] = [];
    for (const [key, state] of this.#states) {
      if (assigned.has(key) || !state.assigned) continue;
      revoked.push(key);
      state.assigned = false;
      if (!state.locked) this.#states.delete(key);
    }
    // kafkajs keeps paused partitions paused across rebalances: state them all explicitly.
    this.#syncAll(true);
    return revoked;
  }

  /**
   * Takes a fetched batch into memory and only then marks it consumed (`resolveOffset`), so a batch this task does
   * not take is fetched again rather than skipped. Returns whether it took it.
   */
  take({ batch, isStale, isRunning, resolveOffset }: EachBatchPayload): boolean {
    const state = this.#states.get(partitionKey(batch.topic, batch.partition));
    if (!state?.assigned || isStale() || !isRunning()) return false;
    state.highWatermark = Number(batch.highWatermark);
    const before = state.records.length;
    enqueue(state, toEsmRecords(batch.topic, batch.partition, batch.messages));
    if (before === 0 && state.records.length > 0) state.since = Date.now();
    resolveOffset(batch.lastOffset());
    this.#syncAll();
    return true;
  }

  /** Pauses (or resumes) fetching every partition: a paused task fetches nothing. */
  pauseAll(paused: boolean): void {
    this.#paused = paused;
    this.#syncAll();
  }

  /** Records were taken out of partitions (a batch), so they may fetch again. */
  drained(): void {
    this.#syncAll();
  }

  /** The partition's batch has ended: it can be in the next one, or, moved away meanwhile, it is forgotten. */
  release(state: PartitionState): void {
    state.locked = false;
    if (!state.assigned && this.#states.get(state.key) === state) this.#states.delete(state.key);
  }

  /**
   * Keeps each partition fetching only while the task runs and what it holds stays under the limits. The limits are
   * soft while some other partition still fetches, and a partition may then go on to twice its limit rather than let
   * every partition pause: kafkajs, once all are paused, sleeps `fetch.max.wait.ms` before it looks again, and the
   * buffers would run dry meanwhile.
   */
  #syncAll(force = false): void {
    const fetch = this.#fetch;
    if (!fetch) return;
    const assigned = [...this.#states.values()].filter((s) => s.assigned);
    const full = assigned.map((s) => this.#over(s, 1));
    const keepOneFetching = !this.#paused && assigned.length > 0 && full.every(Boolean);
    assigned.forEach((state, i) => {
      const pause = this.#paused || (full[i] === true && (!keepOneFetching || this.#over(state, 2)));
      if (pause === state.fetchPaused && !force) return;
      state.fetchPaused = pause;
      const target = [{ topic: state.topic, partitions: [state.partition] }];
      if (pause) fetch.pause(target);
      else fetch.resume(target);
    });
  }

  /** Whether the partition holds `factor` times its share of the limits or more. */
  #over(state: PartitionState, factor: number): boolean {
    const { bytesPerPartition, bytesPerTask, recordsPerPartition } = this.#limits;
    const bytes = Math.min(bytesPerPartition, bytesPerTask / Math.max(1, this.#assigned));
    return state.bytes >= factor * bytes || state.records.length >= factor * recordsPerPartition;
  }
}
