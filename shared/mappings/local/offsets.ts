// Offset bookkeeping of a local mapping, as a Kafka event source mapping keeps it (AWS docs: "Using Lambda with
// Amazon MSK": offsets are committed after each batch; "Kafka event source mapping retry configurations": a partial
// batch response resumes each named partition from its offset): which records of a batch are done, where each
// partition resumes, what to commit, and which fetched records were already delivered.
import type { EsmRecord } from '../../records/types.ts';
import { type BatchPart, type PartitionQueue, waitingBytes } from './batching.ts';
import { InvocationError } from './errors.ts';
import { recordBytes } from './event.ts';

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
 */
export function enqueue(queue: PartitionPosition, records: Iterable<EsmRecord>): number {
  let added = 0;
  for (const record of records) {
    const last = queue.records.at(-1);
    if (record.offset < queue.delivered || (last && record.offset <= last.offset)) continue;
    queue.records.push(record);
    queue.bytes += recordBytes(record) + 1;
    added++;
  }
  return added;
}

/** Moves a partition's delivered position to `next` (never back) and drops waiting records below it. */
export function markDelivered(queue: PartitionPosition, next: number): void {
  queue.delivered = Math.max(queue.delivered, next);
  if ((queue.records[0]?.offset ?? next) >= next) return;
  queue.records = queue.records.filter((r) => r.offset >= queue.delivered);
  queue.bytes = waitingBytes(queue.records);
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

/**
 * The offsets past the last record of each part (records given up on: dead-lettered or discarded).
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

/** What the committer reports: a commit the broker accepted, or one it refused (those records may come again). */
export interface CommitListener {
  committed?(offsets: readonly OffsetToCommit[]): void;
  failed(offsets: readonly OffsetToCommit[], error: Error): void;
}

/**
 * Commits settled offsets in the background, coalesced: `request` never waits, at most one commit is in flight, and
 * whatever is requested meanwhile goes into the next one (the highest offset per partition), so commits never slow
 * delivery down however often records settle. Only partitions this task still owns are committed: one a rebalance
 * moved away belongs to its new owner, which reads on from the committed offset and commits its own progress, and a
 * late commit could move the group back behind it (Connect commits a revoked partition only before it lets it go).
 * A refused commit stays pending for the next one unless a later offset supersedes it.
 *
 * @example
 * const committer = new OffsetCommitter((o) => consumer.commitOffsets(o), { failed: (o, e) => log(e) });
 * committer.request([{ queue, next: 42 }]);
 * await committer.flush(); // at a stop
 */
export class OffsetCommitter {
  readonly #commitOffsets: CommitOffsets;
  readonly #listener: CommitListener;
  readonly #pending = new Map<string, OffsetToCommit>();
  #running: Promise<void> | undefined;

  constructor(commitOffsets: CommitOffsets, listener: CommitListener) {
    this.#commitOffsets = commitOffsets;
    this.#listener = listener;
  }

  /** Offsets waiting for a commit (the highest per partition). */
  get pending(): readonly OffsetToCommit[] {
    return [...this.#pending.values()];
  }

  /** Queues offsets for the next commit and starts one unless one is in flight. */
  request(commits: readonly OffsetToCommit[]): void {
    for (const commit of commits) this.#merge(commit);
    if (this.#pending.size > 0) this.#running ??= this.#run();
  }

  /** Commits everything requested so far (one attempt for what a commit in flight leaves behind). */
  async flush(): Promise<void> {
    await this.#running;
    if (this.#pending.size > 0) {
      this.#running ??= this.#run();
      await this.#running;
    }
  }

  /** Forgets what is pending (its partitions are gone, or the task is abandoning its work). */
  clear(): void {
    this.#pending.clear();
  }

  #merge(commit: OffsetToCommit): void {
    const current = this.#pending.get(commit.queue.key);
    if (!current || current.next < commit.next || current.queue !== commit.queue) {
      this.#pending.set(commit.queue.key, commit);
    }
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const commits = [...this.#pending.values()].filter((c) => c.queue.assigned);
        this.#pending.clear();
        if (commits.length === 0) return;
        try {
          await this.#commitOffsets(
            commits.map((c) => ({
              topic: c.queue.topic,
              partition: c.queue.partition,
              offset: String(c.next),
            })),
          );
          this.#listener.committed?.(commits);
        } catch (e) {
          for (const commit of commits) this.#merge(commit);
          this.#listener.failed(commits, e instanceof Error ? e : new Error(String(e)));
          return; // the next request or flush tries again
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}

/**
 * `orders-0@42, orders-1@7`: offsets for log lines.
 *
 * @example
 * describeOffsets([{ queue, next: 42 }]); // 'orders-0@42'
 */
export function describeOffsets(commits: readonly OffsetToCommit[]): string {
  return commits.map((c) => `${c.queue.key}@${c.next}`).join(', ');
}
