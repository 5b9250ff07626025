// Offset bookkeeping of a local mapping, as a Kafka event source mapping keeps it (AWS docs: "Using Lambda with
// Amazon MSK": offsets are committed after each batch; "Kafka event source mapping retry configurations": a partial
// batch response resumes each named partition from its offset): which records of a batch are done, where each
// partition resumes, what to commit, and which fetched records were already delivered.
import type { EsmRecord } from '../../records/types.ts';
import type { BatchPart, PartitionQueue } from './batching.ts';
import { InvocationError } from './errors.ts';

/** A partition queue with its delivered position. */
export interface PartitionPosition extends PartitionQueue {
  /** Next offset after the last record this task delivered (-1: none yet); older fetched records are duplicates. */
  delivered: number;
}

/** An offset to commit: the next record to read in the partition, as Connect and Lambda commit it. */
export interface OffsetToCommit<Q extends PartitionQueue = PartitionQueue> {
  readonly queue: Q;
  readonly next: number;
}

/**
 * Adds fetched records to a partition's queue, in offset order, leaving out those already delivered or already
 * waiting (kafkajs fetches a partition again from its committed offset after a rebalance). Returns how many it added.
 *
 * @example
 * enqueue(queue, batch.messages.map((m) => toEsmRecord(topic, partition, m)));
 */
export function enqueue(queue: PartitionPosition, records: Iterable<EsmRecord>): number {
  let added = 0;
  for (const record of records) {
    const last = queue.records.at(-1);
    if (record.offset < queue.delivered || (last && record.offset <= last.offset)) continue;
    queue.records.push(record);
    added++;
  }
  return added;
}

/** Moves a partition's delivered position to `next` (never back) and drops waiting records below it. */
export function markDelivered(queue: PartitionPosition, next: number): void {
  queue.delivered = Math.max(queue.delivered, next);
  queue.records = queue.records.filter((r) => r.offset >= queue.delivered);
}

/**
 * The offset each failed partition resumes from, from Lambda's Kafka partial batch response
 * (`batchItemFailures[].itemIdentifier.{partition, offset}`); the lowest wins when a partition is named twice.
 *
 * @throws {InvocationError} when an identifier names a partition or offset that is not in the batch: Lambda then
 *   fails the whole batch.
 * @example
 * resumeOffsets([{ itemIdentifier: { partition: 'orders-0', offset: 42 } }], parts, 'aep'); // Map { 'orders-0' => 42 }
 */
export function resumeOffsets(
  items: readonly unknown[],
  parts: readonly BatchPart[],
  connector: string,
): Map<string, number> {
  const failed = new Map<string, number>();
  for (const item of items) {
    const { partition, offset } = ((item as { itemIdentifier?: unknown })?.itemIdentifier ?? {}) as {
      partition?: unknown;
      offset?: unknown;
    };
    const part = parts.find((p) => p.queue.key === partition);
    const n = Number(offset);
    if (!part?.records.some((r) => r.offset === n)) {
      throw new InvocationError(
        connector,
        `batchItemFailures names ${String(partition)}@${String(offset)}, which is not in the batch`,
      );
    }
    failed.set(part.queue.key, Math.min(failed.get(part.queue.key) ?? n, n));
  }
  return failed;
}

/** What an invocation settled: the offsets to commit, how many records were delivered, and what is left to retry. */
export interface InvocationResult<Q extends PartitionQueue> {
  readonly commits: OffsetToCommit<Q>[];
  readonly delivered: number;
  /** The parts with a resume offset, cut to their records from it on. */
  readonly retry: BatchPart<Q>[];
}

/**
 * Splits a batch at each partition's resume offset: the records before it are done (committed past their last),
 * the rest are retried.
 *
 * @example
 * const { commits, retry } = settleParts(parts, new Map([['orders-0', 42]]));
 */
export function settleParts<Q extends PartitionQueue>(
  parts: readonly BatchPart<Q>[],
  resumeAt: ReadonlyMap<string, number>,
): InvocationResult<Q> {
  const commits: OffsetToCommit<Q>[] = [];
  const retry: BatchPart<Q>[] = [];
  let delivered = 0;
  for (const part of parts) {
    const from = resumeAt.get(part.queue.key);
    const done = from === undefined ? part.records : part.records.filter((r) => r.offset < from);
    const last = done.at(-1);
    if (last) {
      delivered += done.length;
      commits.push({ queue: part.queue, next: last.offset + 1 });
    }
    if (from !== undefined)
      retry.push({ queue: part.queue, records: part.records.filter((r) => r.offset >= from) });
  }
  return { commits, delivered, retry };
}

/**
 * The offsets past the last record of each part (records given up on: dead-lettered or discarded).
 *
 * @example
 * const commits = pastParts(expired);
 */
export function pastParts<Q extends PartitionQueue>(parts: readonly BatchPart<Q>[]): OffsetToCommit<Q>[] {
  return parts.flatMap((p) => {
    const last = p.records.at(-1);
    return last ? [{ queue: p.queue, next: last.offset + 1 }] : [];
  });
}

/** Commits the consumer group's offsets (kafkajs `consumer.commitOffsets`). */
export type CommitOffsets = (
  offsets: Array<{ topic: string; partition: number; offset: string }>,
) => Promise<void>;

/**
 * Commits offsets of partitions this task still owns. A partition a rebalance moved away belongs to its new owner,
 * which reads on from the committed offset and commits its own progress; committing a late batch could move the
 * group back behind it (Connect commits a revoked partition only before it lets it go). A failed commit is logged:
 * those records were delivered and may be delivered again (at least once).
 *
 * @example
 * await new OffsetCommitter((o) => consumer.commitOffsets(o), warn).commit(commits);
 */
export class OffsetCommitter {
  readonly #commitOffsets: CommitOffsets;
  readonly #warn: (message: string) => void;

  constructor(commitOffsets: CommitOffsets, warn: (message: string) => void) {
    this.#commitOffsets = commitOffsets;
    this.#warn = warn;
  }

  async commit(commits: readonly OffsetToCommit[]): Promise<void> {
    const offsets = commits
      .filter((c) => c.queue.assigned)
      .map((c) => ({ topic: c.queue.topic, partition: c.queue.partition, offset: String(c.next) }));
    if (offsets.length === 0) return;
    try {
      await this.#commitOffsets(offsets);
    } catch (e) {
      this.#warn(
        `could not commit ${offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`).join(', ')}: ${
          (e as Error).message
        }; those records may be delivered again`,
      );
    }
  }
}
