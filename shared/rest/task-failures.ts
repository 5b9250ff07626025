// What a task's status shows of the partition failures the sink function recorded on the connector's item (AWS: the
// event source mapping retries the batch meanwhile, and Lambda's own status of the mapping knows nothing of it). A
// failure retrying cannot heal fails the task, as Connect fails a task at the first error it does not tolerate; one
// that can heal keeps the task's state and gives it a trace, since the mapping goes on retrying by itself.
import type { TaskStatus } from '../mappings/types.ts';
import { recordRef } from '../records/index.ts';
import type { StoredPartitionFailure } from '../store/index.ts';

/** Partitions named in one trace; the rest are counted. */
const MAX_LISTED_PARTITIONS = 10;

/**
 * The task with the failures recorded for its topic: FAILED with a trace when one of them cannot heal, else its
 * state with a trace saying what it retries since when. A task the runtime shows PAUSED, FAILED or RESTARTING, or
 * one without a topic (the local runtime's), is left as it is.
 *
 * @example
 * withPartitionFailures({ id: 0, state: 'RUNNING', topic: 'orders' }, stored.failures, 'orders-sink');
 * // { id: 0, state: 'FAILED', topic: 'orders', trace: 'Task orders-sink-0 failed at record orders-0@42 …' }
 */
export function withPartitionFailures(
  task: TaskStatus,
  failures: Readonly<Record<string, StoredPartitionFailure>> | undefined,
  connector: string,
): TaskStatus {
  if (!failures || task.topic === undefined) return task;
  if (task.state !== 'RUNNING' && task.state !== 'UNASSIGNED') return task;
  const mine = Object.values(failures)
    .filter((f) => f.topic === task.topic)
    .sort((a, b) => a.since.localeCompare(b.since) || a.partition - b.partition);
  if (mine.length === 0) return task;
  const blocking = mine.find((f) => !f.healable);
  const name = `${connector}-${task.id}`;
  if (blocking) return { ...task, state: 'FAILED', trace: failedTrace(name, blocking, mine) };
  return { ...task, trace: retryingTrace(name, mine) };
}

function failedTrace(
  task: string,
  failure: StoredPartitionFailure,
  all: readonly StoredPartitionFailure[],
): string {
  return [
    `Task ${task} failed at record ${recordRef(failure)} (stage ${failure.stage}) since ${failure.since}: ${failure.reason}`,
    ...(failure.hint ? [`To recover: ${failure.hint}`] : []),
    'The event source mapping retries the batch from that record until it is delivered or its retry limits (esm.maximum.retry.attempts, esm.maximum.record.age.seconds) give it up; this status clears once the sink delivers the partition again, or the task is restarted or reconfigured.',
    partitionsLine(all),
  ].join('\n');
}

function retryingTrace(task: string, all: readonly StoredPartitionFailure[]): string {
  const first = all[0] as StoredPartitionFailure;
  return [
    `Task ${task} is retrying since ${first.since}: record ${recordRef(first)} (stage ${first.stage}) could not be delivered: ${first.reason}`,
    'This failure can pass without a change (AEP or IMS unavailable, throttling, network): the event source mapping retries the batch, and this trace clears once the sink delivers the partition again.',
    partitionsLine(all),
  ].join('\n');
}

function partitionsLine(all: readonly StoredPartitionFailure[]): string {
  const shown = all
    .slice(0, MAX_LISTED_PARTITIONS)
    .map(
      (f) =>
        `${recordRef(f)} since ${f.since} (${f.healable ? 'retrying' : 'cannot heal'}; recorded ${f.recordedAt})`,
    );
  const more = all.length > MAX_LISTED_PARTITIONS ? ` and ${all.length - MAX_LISTED_PARTITIONS} more` : '';
  return `Failing partitions: ${shown.join(', ')}${more}`;
}
