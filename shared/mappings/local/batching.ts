// How a Kafka event source mapping cuts batches (AWS docs: "Using Lambda with Amazon MSK", batching;
// CreateEventSourceMapping `BatchSize` and `MaximumBatchingWindowInSeconds`): an event is invoked once it holds
// `BatchSize` records, once the next record would take it past the 6 MB invocation payload, or once its oldest
// record has waited the batching window. A partition is in at most one batch at a time, so order per partition holds.
import type { EsmRecord } from '../../records/types.ts';
import { EventBuilder, type EventEnvelope } from './event.ts';

/** How long to wait when no partition has records (a fetch wakes the loop earlier). */
const IDLE_MS = 1_000;

/** The records of one partition that wait for a batch, and whether a batch of it is under way. */
export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** `"<topic>-<partition>"`, as in the event. */
  readonly key: string;
  /** Fetched, not yet in a batch, in offset order. */
  records: EsmRecord[];
  /** When the oldest waiting record arrived (ms), for the batching window. */
  since: number;
  /** True while a batch holding this partition's records is in flight or being retried. */
  locked: boolean;
  /** False once a rebalance moved the partition away. */
  assigned: boolean;
}

/** One partition's share of a batch. */
export interface BatchPart<Q extends PartitionQueue = PartitionQueue> {
  readonly queue: Q;
  records: EsmRecord[];
}

/** What batches are cut by. */
export interface BatchingSettings {
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly maxPayloadBytes: number;
  readonly envelope: EventEnvelope;
}

/**
 * Cuts batches from partition queues the way an ESM does; `take` returns the next batch or how long to wait.
 *
 * @example
 * const batcher = new Batcher({ batchSize: 100, batchingWindowMs: 500, maxPayloadBytes, envelope });
 * const next = batcher.take(queues);
 * if (typeof next === 'number') await signal.wait(next); else invoke(next);
 */
export class Batcher {
  readonly #settings: BatchingSettings;
  #rotation = 0;

  constructor(settings: BatchingSettings) {
    this.#settings = settings;
  }

  /**
   * The next batch: takes its records out of their queues, locks those queues and restarts their window. When no
   * batch is due, the milliseconds until one can be, and nothing changes.
   */
  take<Q extends PartitionQueue>(queues: Iterable<Q>, now = Date.now()): BatchPart<Q>[] | number {
    const { batchSize, batchingWindowMs } = this.#settings;
    const ready = [...queues].filter((q) => q.assigned && !q.locked && q.records.length > 0);
    if (ready.length === 0) return IDLE_MS;
    let waiting = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const q of ready) {
      waiting += q.records.length;
      oldest = Math.min(oldest, q.since);
    }
    const windowLeft = oldest + batchingWindowMs - now;
    const full = waiting >= batchSize || this.#wouldExceedPayload(ready);
    if (!full && windowLeft > 0) return windowLeft;

    // Rotate the starting partition so a busy partition cannot starve the others.
    const start = this.#rotation++ % ready.length;
    const ordered = [...ready.slice(start), ...ready.slice(0, start)];
    const builder = this.builder();
    const parts: BatchPart<Q>[] = [];
    for (const queue of ordered) {
      let n = 0;
      let payloadFull = false;
      while (n < queue.records.length && builder.count < batchSize) {
        if (!builder.add(queue.records[n] as EsmRecord)) {
          payloadFull = true;
          if (builder.count === 0) n = 1; // alone over the limit: a batch of its own, which will fail
          break;
        }
        n++;
      }
      if (n > 0) {
        parts.push({ queue, records: queue.records.splice(0, n) });
        queue.locked = true;
        queue.since = now;
      }
      if (payloadFull || builder.count >= batchSize) break;
    }
    return parts;
  }

  /** An empty event for these settings. */
  builder(): EventBuilder {
    return new EventBuilder(this.#settings.envelope, this.#settings.maxPayloadBytes);
  }

  #wouldExceedPayload(ready: readonly PartitionQueue[]): boolean {
    const builder = this.builder();
    for (const q of ready) for (const r of q.records) if (!builder.add(r)) return true;
    return false;
  }
}

/**
 * `orders-0@40..59, orders-1@7..9`: the offset ranges of a batch, for log lines.
 *
 * @example
 * describeParts(parts); // 'orders-0@40..59'
 */
export function describeParts(parts: readonly BatchPart[]): string {
  return parts.map((p) => `${p.queue.key}@${p.records[0]?.offset}..${p.records.at(-1)?.offset}`).join(', ');
}
