// Records AEP took after the point where their partition must resume (a per-message 400 under
// errors.tolerance=none, a failed request among several in flight): the event source mapping delivers them again
// (its contract is per partition, from the resume offset), and without this memory they would reach AEP twice.
import { topicPartition } from '../records/index.ts';
import type { KafkaRecord } from '../records/types.ts';
import { Outcome, type RecordOutcomes } from './outcomes.ts';

/** Offsets remembered per task at most; past it a partition's memory is dropped (duplicates, never a loss). */
const MAX_REMEMBERED = 100_000;

/**
 * Per task (one connector config), per partition: the offsets AEP acknowledged at or after the partition's resume
 * offset. When the same offsets come back (the retry from the resume offset, or the batch after an offsets reset
 * past a bad record), those records are not sent again. Only a batch that starts at or after the resume offset uses
 * the memory; one that starts before it (a replay asked for by resetting offsets further back) forgets it.
 *
 * @example
 * const ahead = new DeliveredAhead();
 * ahead.apply(outcomes);              // before sending: records AEP already has become delivered
 * ahead.remember(outcomes, resumeAt); // after: what AEP took past each resume offset
 */
export class DeliveredAhead {
  readonly #partitions = new Map<string, { from: number; offsets: Set<number> }>();

  /** Marks the records this task already delivered as delivered; answers how many. */
  apply(outcomes: RecordOutcomes): number {
    if (this.#partitions.size === 0) return 0;
    let skipped = 0;
    for (const run of outcomes.partitions) {
      const key = topicPartition(run.topic, run.partition);
      const memory = this.#partitions.get(key);
      if (!memory) continue;
      if ((outcomes.records[run.start] as KafkaRecord).offset < memory.from) {
        this.#partitions.delete(key);
        continue;
      }
      for (let i = run.start; i < run.end; i++) {
        if (memory.offsets.has((outcomes.records[i] as KafkaRecord).offset)) {
          outcomes.deliver(i);
          skipped++;
        }
      }
    }
    return skipped;
  }

  /**
   * After an invocation: for each partition, what AEP holds at or after its resume offset (`resumeAt`), or, when the
   * invocation failed as a whole (`'whole batch'`: the mapping delivers every record again), what AEP holds of it.
   */
  remember(outcomes: RecordOutcomes, resumeAt: ReadonlyMap<string, number> | 'whole batch'): void {
    for (const run of outcomes.partitions) {
      const key = topicPartition(run.topic, run.partition);
      const resume = resumeAt === 'whole batch' ? run.start : resumeAt.get(key);
      const last = (outcomes.records[run.end - 1] as KafkaRecord).offset;
      const from = resume === undefined ? last + 1 : (outcomes.records[resume] as KafkaRecord).offset;
      const offsets = new Set<number>();
      for (const offset of this.#partitions.get(key)?.offsets ?? []) if (offset >= from) offsets.add(offset);
      if (resume !== undefined) {
        for (let i = resumeAt === 'whole batch' ? resume : resume + 1; i < run.end; i++) {
          if (outcomes.outcome(i) === Outcome.DELIVERED)
            offsets.add((outcomes.records[i] as KafkaRecord).offset);
        }
      }
      if (
        offsets.size === 0 ||
        this.#size() - (this.#partitions.get(key)?.offsets.size ?? 0) + offsets.size > MAX_REMEMBERED
      ) {
        this.#partitions.delete(key);
      } else {
        this.#partitions.set(key, { from, offsets });
      }
    }
  }

  #size(): number {
    let size = 0;
    for (const memory of this.#partitions.values()) size += memory.offsets.size;
    return size;
  }
}
