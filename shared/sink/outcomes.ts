// One outcome per record of an invocation, and what follows from them: where each partition resumes, what is
// settled (reported to the host as it settles), what is dead-lettered, the summary. Connect decides per record too
// (`RetryWithToleranceOperator`); the event source mapping's answer is per partition (partial batch response).
import type { MessageOutcome } from '../aep/types.ts';
import { Stage } from '../dead-letter/index.ts';
import type { RecordFailure } from '../dead-letter/types.ts';
import type { KafkaRecord } from '../records/types.ts';
import { ExecutingClasses } from './constants.ts';
import { AepRejectionError } from './errors.ts';
import type { PartitionFailure, SinkProgress } from './types.ts';

/**
 * What became of a record. Each record has exactly one at any time; only `PENDING` changes to another, and a
 * `REJECTED` record becomes `DEAD_LETTERED` once tolerated.
 */
export const Outcome = {
  /** Not decided yet (being sent), or never sent because its partition stopped before it. */
  PENDING: 0,
  /** AEP acknowledged it (now, or in an earlier invocation of the same task). */
  DELIVERED: 1,
  /** Dropped on purpose: a transform returned null, or a null value with `behavior.on.null.values=ignore`. */
  FILTERED: 2,
  /** A record error (bad bytes, a failed transform, AEP refusing the message): `errors.tolerance` decides. */
  REJECTED: 3,
  /** Its delivery failed for a reason outside the record: it is delivered again later, never dead-lettered. */
  RETRIABLE: 4,
  /** A rejected record given up on under `errors.tolerance=all`: dead-lettered, or logged when there is no queue. */
  DEAD_LETTERED: 5,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Why a record was not delivered. */
export interface Problem {
  readonly failure: RecordFailure;
  /** Whether delivering it again can succeed without anyone changing anything. */
  readonly healable: boolean;
  /** AEP's status, for a failed delivery. */
  readonly status?: number;
}

/** A partition's records: `[start, end)` of the invocation's records, settled below `settled`. */
export interface Run {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
  settled: number;
  /** Index after the last of its records that went out in a request. */
  sent: number;
}

const SETTLED: readonly boolean[] = [false, true, true, false, false, true];

/**
 * The outcomes of one invocation's records (in partition order, as decoded), and the host's progress hook.
 *
 * @example
 * const outcomes = new RecordOutcomes(records, progress);
 * outcomes.fromAep(i, { ok: true });
 * outcomes.settle(); // reports each partition's settled prefix
 */
export class RecordOutcomes {
  readonly records: readonly KafkaRecord[];
  readonly #outcomes: Uint8Array;
  readonly #problems = new Map<number, Problem>();
  /** Of the filtered records, those a transform dropped (the others had null values). */
  readonly #dropped = new Set<number>();
  readonly #runs: Run[] = [];
  readonly #progress: SinkProgress | undefined;

  constructor(records: readonly KafkaRecord[], progress?: SinkProgress) {
    this.records = records;
    this.#outcomes = new Uint8Array(records.length);
    this.#progress = progress;
    let start = 0;
    for (let i = 1; i <= records.length; i++) {
      const a = records[start] as KafkaRecord;
      const b = records[i];
      if (b && b.topic === a.topic && b.partition === a.partition) continue;
      this.#runs.push({ topic: a.topic, partition: a.partition, start, end: i, settled: start, sent: start });
      start = i;
    }
  }

  /** The invocation's partitions, each a contiguous range of its records. */
  get partitions(): readonly Readonly<Run>[] {
    return this.#runs;
  }

  outcome(i: number): Outcome {
    return this.#outcomes[i] as Outcome;
  }

  problem(i: number): Problem | undefined {
    return this.#problems.get(i);
  }

  deliver(i: number): void {
    this.#outcomes[i] = Outcome.DELIVERED;
  }

  /** Filtered: dropped by a transform, or a null value that `behavior.on.null.values=ignore` skips. */
  filter(i: number, by: 'transform' | 'null value'): void {
    this.#outcomes[i] = Outcome.FILTERED;
    if (by === 'transform') this.#dropped.add(i);
  }

  /** Whether a filtered record was dropped by a transform (rather than a null value). */
  droppedByTransform(i: number): boolean {
    return this.#dropped.has(i);
  }

  /** A record error: the record cannot be delivered as it is. */
  reject(i: number, failure: RecordFailure): void {
    this.#outcomes[i] = Outcome.REJECTED;
    this.#problems.set(i, { failure, healable: false });
  }

  /** AEP's outcome for record `i`'s message. */
  fromAep(i: number, outcome: MessageOutcome): void {
    if (outcome.ok) {
      this.deliver(i);
      return;
    }
    const aep = {
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      message: outcome.reason,
    };
    if (outcome.rejected) {
      this.reject(i, {
        stage: Stage.TASK_PUT,
        className: ExecutingClasses.TASK,
        error: new AepRejectionError(outcome.status, outcome.reason, { cause: outcome.cause }),
        aep,
      });
      return;
    }
    this.#outcomes[i] = Outcome.RETRIABLE;
    this.#problems.set(i, {
      failure: {
        stage: Stage.TASK_PUT,
        className: ExecutingClasses.TASK,
        error: outcome.cause instanceof Error ? outcome.cause : new Error(outcome.reason),
        aep,
      },
      healable: outcome.retriable,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    });
  }

  /** Rejected records tolerated (dead-lettered, or logged with no dead letter queue). */
  deadLettered(indexes: Iterable<number>): void {
    for (const i of indexes) this.#outcomes[i] = Outcome.DEAD_LETTERED;
  }

  /** Records (indexes) went out to AEP in a request: reports each partition whose sent records reach further. */
  sending(indexes: Iterable<number>): void {
    const progress = this.#progress;
    if (!progress?.sending) return;
    const furthest = new Map<Run, number>();
    for (const i of indexes) {
      const run = this.#runOf(i);
      if (run && i >= run.sent && i >= (furthest.get(run) ?? -1)) furthest.set(run, i);
    }
    for (const [run, i] of furthest) {
      run.sent = i + 1;
      progress.sending(run.topic, run.partition, (this.records[i] as KafkaRecord).offset + 1);
    }
  }

  #runOf(i: number): Run | undefined {
    let lo = 0;
    let hi = this.#runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const run = this.#runs[mid] as Run;
      if (i < run.start) hi = mid - 1;
      else if (i >= run.end) lo = mid + 1;
      else return run;
    }
    return undefined;
  }

  /** Advances each partition over its settled records and reports the partitions that moved. */
  settle(): void {
    for (const run of this.#runs) {
      const from = run.settled;
      while (run.settled < run.end && SETTLED[this.#outcomes[run.settled] as number]) run.settled++;
      if (run.settled > from) {
        const last = this.records[run.settled - 1] as KafkaRecord;
        this.#progress?.settled(run.topic, run.partition, last.offset + 1);
      }
    }
  }

  /**
   * For each partition (`topic-partition`), the index of its first record with one of these outcomes; partitions
   * with none are left out.
   */
  firstOf(...outcomes: Outcome[]): Map<string, number> {
    const first = new Map<string, number>();
    for (const run of this.#runs) {
      for (let i = run.start; i < run.end; i++) {
        if (outcomes.includes(this.#outcomes[i] as Outcome)) {
          first.set(`${run.topic}-${run.partition}`, i);
          break;
        }
      }
    }
    return first;
  }

  /** Record indexes of each partition below its entry in `stops` (all of them for a partition without one). */
  *before(stops: ReadonlyMap<string, number>): Generator<number> {
    for (const run of this.#runs) {
      const end = stops.get(`${run.topic}-${run.partition}`) ?? run.end;
      for (let i = run.start; i < end; i++) yield i;
    }
  }

  /** Record indexes of each partition in `stops`, from its entry on. */
  *from(stops: ReadonlyMap<string, number>): Generator<number> {
    for (const run of this.#runs) {
      const start = stops.get(`${run.topic}-${run.partition}`);
      if (start !== undefined) for (let i = start; i < run.end; i++) yield i;
    }
  }

  /** How many records have this outcome. */
  count(outcome: Outcome): number {
    let n = 0;
    for (const o of this.#outcomes) if (o === outcome) n++;
    return n;
  }

  /** Reports each partition that resumes at its entry in `resumeAt`, once, with the record's coordinates and cause. */
  reportFailures(resumeAt: ReadonlyMap<string, number>): void {
    const progress = this.#progress;
    if (!progress) return;
    for (const i of resumeAt.values()) {
      const record = this.records[i] as KafkaRecord;
      const problem = this.#problems.get(i);
      const error = problem?.failure.error ?? new Error('the record was not delivered');
      const failure: PartitionFailure = {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        stage: problem?.failure.stage ?? Stage.TASK_PUT,
        reason: error.message,
        healable: problem?.healable ?? true,
        error,
      };
      progress.failed(failure);
    }
  }
}
