// How a Kafka event source mapping cuts batches (AWS docs: "Using Lambda with Amazon MSK", batching;
// CreateEventSourceMapping `BatchSize` and `MaximumBatchingWindowInSeconds`): an event is invoked once it holds
// `BatchSize` records, once the next record would take it past the 6 MB invocation payload, or once its oldest
// record has waited the batching window. A partition is in at most one batch at a time, so order per partition holds.
import type { EsmRecord } from '../../records/types.ts';
import { EventBuilder, type EventEnvelope, envelopeBytes, groupBytes, recordBytes } from './event.ts';

/** How long to wait when no partition has records (a fetch wakes the loop earlier). */
const IDLE_MS = 1_000;

/**
 * Below this many records, partitions share one event rather than each taking an invocation of its own (a few
 * records per invocation would cost more in invocations and AEP requests than the concurrency gains).
 */
export const MIN_SPREAD_RECORDS = 1_000;

/** The records of one partition that wait for a batch, and whether a batch of it is under way. */
export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** `"<topic>-<partition>"`, as in the event. */
  readonly key: string;
  /** Fetched, not yet in a batch, in offset order. */
  records: EsmRecord[];
  /** The JSON bytes of `records` in an event, commas included (see {@link waitingBytes}). */
  bytes: number;
  /** When the oldest waiting record arrived (ms), for the batching window. */
  since: number;
  /** True while a batch holding this partition's records is in flight or being retried. */
  locked: boolean;
  /** False once a rebalance moved the partition away. */
  assigned: boolean;
  /** The partition's high watermark at the last fetch: records past the waiting ones are still in Kafka. */
  highWatermark?: number;
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
  /**
   * Invoke without waiting out the window while a partition has more records in Kafka than it holds (a backlog):
   * waiting gathers nothing that fetching does not bring anyway. The local default; an ESM always waits.
   */
  readonly skipWindowOnBacklog?: boolean;
  readonly maxPayloadBytes: number;
  readonly envelope: EventEnvelope;
}

/**
 * The JSON bytes records take in an event's group, commas included: what {@link PartitionQueue.bytes} holds.
 *
 * @example
 * queue.bytes = waitingBytes(queue.records);
 */
export function waitingBytes(records: readonly EsmRecord[]): number {
  let total = 0;
  for (const r of records) total += recordBytes(r) + 1;
  return total;
}

/**
 * Cuts batches from partition queues the way an ESM does; `take` returns the next batch or how long to wait.
 *
 * @example
 * const batcher = new Batcher({ batchSize: 100, batchingWindowMs: 500, maxPayloadBytes, envelope });
 * const next = batcher.take(queues, Date.now(), 5);
 * if (typeof next === 'number') await signal.wait(next); else invoke(next);
 */
export class Batcher {
  readonly #settings: BatchingSettings;
  readonly #envelopeBytes: number;
  /** The event each batch was measured with, so its first invocation does not build it again. */
  readonly #events = new WeakMap<readonly BatchPart[], EventBuilder>();
  #rotation = 0;

  constructor(settings: BatchingSettings) {
    this.#settings = settings;
    this.#envelopeBytes = envelopeBytes(settings.envelope);
  }

  /**
   * The next batch: takes its records out of their queues, locks those queues and restarts their window. When no
   * batch is due, the milliseconds until one can be, and nothing changes. `slots` is how many invocations may start
   * now: with several free and many records waiting, each share of at least {@link MIN_SPREAD_RECORDS} records goes
   * to an invocation of its own, so partitions are delivered concurrently instead of one after the other.
   */
  take<Q extends PartitionQueue>(queues: Iterable<Q>, now = Date.now(), slots = 1): BatchPart<Q>[] | number {
    const { batchSize, batchingWindowMs, maxPayloadBytes, skipWindowOnBacklog } = this.#settings;
    const ready: Q[] = [];
    let waiting = 0;
    let bytes = this.#envelopeBytes;
    let oldest = Number.POSITIVE_INFINITY;
    let backlog = false;
    for (const q of queues) {
      if (!q.assigned || q.locked || q.records.length === 0) continue;
      ready.push(q);
      waiting += q.records.length;
      bytes += q.bytes + groupBytes(q.key);
      oldest = Math.min(oldest, q.since);
      backlog ||= (q.records.at(-1)?.offset ?? -1) + 1 < (q.highWatermark ?? 0);
    }
    if (ready.length === 0) return IDLE_MS;
    const windowLeft = oldest + batchingWindowMs - now;
    const full = waiting >= batchSize || bytes > maxPayloadBytes || (backlog && skipWindowOnBacklog === true);
    if (!full && windowLeft > 0) return windowLeft;

    const share = Math.min(batchSize, Math.max(Math.ceil(waiting / Math.max(1, slots)), MIN_SPREAD_RECORDS));
    // Rotate the starting partition so a busy partition cannot starve the others.
    const start = this.#rotation++ % ready.length;
    const builder = this.builder();
    const parts: BatchPart<Q>[] = [];
    for (let i = 0; i < ready.length; i++) {
      const queue = ready[(start + i) % ready.length] as Q;
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
        const taken = n === queue.records.length ? queue.records : queue.records.slice(0, n);
        queue.records = n === queue.records.length ? [] : queue.records.slice(n);
        queue.bytes = queue.records.length === 0 ? 0 : queue.bytes - waitingBytes(taken);
        parts.push({ queue, records: taken });
        queue.locked = true;
        queue.since = now;
      }
      if (payloadFull || builder.count >= share) break;
    }
    if (builder.count === parts.reduce((n, p) => n + p.records.length, 0)) this.#events.set(parts, builder);
    return parts;
  }

  /**
   * The event holding exactly `parts`: the one `take` measured them with, or a new one (a retry holds fewer
   * records). `tooLarge` is the first record that fits in no event.
   */
  event(parts: readonly BatchPart[]): {
    builder: EventBuilder;
    tooLarge?: { readonly ref: string; readonly cost: number };
  } {
    const measured = this.#events.get(parts);
    if (measured) {
      this.#events.delete(parts);
      return { builder: measured };
    }
    const builder = this.builder();
    for (const part of parts) {
      for (const record of part.records) {
        if (!builder.add(record)) {
          return {
            builder,
            tooLarge: { ref: `${part.queue.key}@${record.offset}`, cost: builder.cost(record) },
          };
        }
      }
    }
    return { builder };
  }

  /** An empty event for these settings. */
  builder(): EventBuilder {
    return new EventBuilder(this.#settings.envelope, this.#settings.maxPayloadBytes);
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
