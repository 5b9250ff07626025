// Delivering one batch: invoke the sink, move each partition on as the sink settles its records (committing in the
// background), and after a failure retry, give up as an ESM does, or fail the task as Connect does (failures.ts).
import type { Logger } from '../../logging/index.ts';
import type { KafkaBatchResponse } from '../../records/types.ts';
import type { PartitionFailure } from '../../sink/types.ts';
import type { Batcher, BatchPart } from './batching.ts';
import { describeParts } from './batching.ts';
import type { FunctionIdentity } from './context.ts';
import { InvocationError, LocalMappingError, RecordTooLargeError } from './errors.ts';
import { partitionKey } from './event.ts';
import { decide, type FailureSettings, TaskFailedError, type Verdict } from './failures.ts';
import { invokeSink } from './invocation.ts';
import { markDelivered, type OffsetCommitter, pastParts, resumeOffsets } from './offsets.ts';
import type { PartitionState, Partitions } from './partitions.ts';
import type { MappingListener, OnFailureDestination, SinkInvoker } from './types.ts';

type Part = BatchPart<PartitionState>;

/** One invocation under way: its parts, and the graceful stop of its AEP requests. */
export interface Invocation {
  readonly parts: readonly Part[];
  readonly stop: AbortController;
}

/** What delivery needs from its task. */
export interface DeliveryContext {
  readonly connector: string;
  readonly task: number;
  readonly settings: FailureSettings & { readonly reportBatchItemFailures: boolean };
  readonly identity: FunctionIdentity;
  readonly invoke: SinkInvoker;
  readonly onFailure?: OnFailureDestination;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly maxPayloadBytes: number;
  readonly listener: MappingListener;
  readonly logger: Logger;
  readonly batcher: Batcher;
  readonly partitions: Partitions;
  readonly committer: OffsetCommitter;
  /** The invocations under way, so a pause, a stop or a rebalance can stop them. */
  readonly invocations: Set<Invocation>;
  readonly paused: () => boolean;
  readonly stopping: () => boolean;
  /** True once a stop gave up waiting: nothing more is committed. */
  readonly abandoned: () => boolean;
  /** Waits `ms`, or less when something changes (a resume, a stop). */
  readonly wait: (ms: number) => Promise<void>;
  /** The task cannot go on: it turns FAILED with this error. */
  readonly fail: (error: Error) => void;
}

/** The outcome of one attempt: what is left, and why. */
interface Attempt {
  readonly rest: Part[];
  readonly failure: Error;
  /** The sink's report per partition left (`topic-partition`). */
  readonly reports: ReadonlyMap<string, PartitionFailure>;
  /** A graceful stop ended it (pause, stop, revoked partitions): no failure. */
  readonly stopped: boolean;
}

/**
 * Invokes and retries one batch until every part is settled, given up, or the task fails. Never throws.
 *
 * @example
 * await deliverBatch(context, parts);
 */
export async function deliverBatch(context: DeliveryContext, parts: Part[]): Promise<void> {
  const name = `${context.connector}-${context.task}`;
  let attempt = 0;
  let failingSince = 0;
  try {
    while (parts.length > 0) {
      for (const part of parts) if (!part.queue.assigned) context.partitions.release(part.queue);
      parts = parts.filter((p) => p.queue.assigned);
      if (parts.length === 0 || context.abandoned()) return;
      const result = await attemptOnce(context, parts);
      parts = result.rest;
      if (parts.length === 0 || context.abandoned() || context.stopping()) return;
      let delayMs = 0;
      if (!result.stopped) {
        attempt++;
        failingSince ||= Date.now();
        const records = parts.reduce((n, p) => n + p.records.length, 0);
        context.listener.failed?.(context.connector, records, result.failure);
        const verdicts = parts.map((part) => verdictFor(context, part, result, attempt, failingSince));
        const failed = verdicts.findIndex((v) => v.action === 'fail');
        if (failed >= 0) {
          context.fail(taskFailure(context, parts[failed] as Part, result, failingSince));
          return;
        }
        const expired = parts.filter((_, i) => verdicts[i]?.action === 'give-up');
        if (expired.length > 0) {
          await giveUp(context, expired, result.failure, attempt);
          parts = parts.filter((p) => !expired.includes(p));
          continue;
        }
        delayMs = Math.min(...verdicts.map((v) => (v.action === 'retry' ? v.delayMs : 0)));
        context.logger.warn(
          `[${name}] batch ${describeParts(parts)} failed (attempt ${attempt}): ${result.failure.message}; retrying in ${delayMs} ms`,
        );
      }
      // A paused task waits for the resume before it retries (also after a pause stopped the invocation).
      const until = Date.now() + delayMs;
      while (!context.stopping() && (context.paused() || Date.now() < until)) {
        await context.wait(context.paused() ? 1_000 : until - Date.now());
      }
      if (context.stopping()) return;
      if (!result.stopped) context.listener.retried?.(context.connector);
    }
  } catch (e) {
    // Only a failing on-failure destination gets here: fail the task so the batch is not lost.
    context.fail(e instanceof Error ? e : new Error(String(e)));
  } finally {
    for (const part of parts) context.partitions.release(part.queue);
  }
}

/**
 * One invocation of the parts. Each partition advances as the sink settles its records; after the answer, a
 * partition resumes where the partial batch response says, or, when the invocation failed, after what settled (an
 * ESM retries the whole batch: records AEP already acknowledged are not sent again here). Finished partitions are
 * released.
 */
async function attemptOnce(context: DeliveryContext, parts: Part[]): Promise<Attempt> {
  const reports = new Map<string, PartitionFailure>();
  const { builder, tooLarge } = context.batcher.event(parts);
  if (tooLarge) {
    const failure = new RecordTooLargeError(tooLarge.ref, tooLarge.cost, context.maxPayloadBytes);
    return { rest: parts, failure, reports, stopped: false };
  }
  const byKey = new Map(parts.map((p) => [p.queue.key, p]));
  const invocation: Invocation = { parts, stop: new AbortController() };
  if (context.paused()) invocation.stop.abort();
  context.invocations.add(invocation);
  context.logger.debug(`[${context.connector}-${context.task}] invoking ${describeParts(parts)}`);
  let resumeAt: Map<string, number> | undefined;
  let failure: Error | undefined;
  try {
    const response = await invokeSink(context.invoke, builder.build(), context.identity, context.connector, {
      progress: {
        settled: (topic, partition, next) => {
          const part = byKey.get(partitionKey(topic, partition));
          if (part) advance(context, part, next);
        },
        failed: (f) => reports.set(partitionKey(f.topic, f.partition), f),
        // What a crash now could make AEP see twice: the records sent and not yet committed.
        sending: (topic, partition, next) =>
          context.logger.debug(
            `[${context.connector}-${context.task}] sending ${topic}-${partition}@..${next - 1}`,
          ),
      },
      stop: invocation.stop.signal,
    });
    resumeAt = resumeOffsetsOf(context, response, parts);
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  } finally {
    context.invocations.delete(invocation);
  }
  const rest: Part[] = [];
  for (const part of parts) {
    // Never before what the sink reported settled (its answer never contradicts that, but a duplicate costs).
    const from = resumeAt
      ? Math.max(
          resumeAt.get(part.queue.key) ?? (part.records.at(-1)?.offset ?? -1) + 1,
          part.queue.delivered,
        )
      : part.queue.delivered;
    advance(context, part, from);
    const left = part.records.filter((r) => r.offset >= from);
    if (left.length > 0) rest.push({ queue: part.queue, records: left });
    else context.partitions.release(part.queue);
  }
  failure ??= new InvocationError(
    context.connector,
    `the handler reported ${rest.length} failed partition(s)${[...reports.values()].map((f) => `; ${f.topic}-${f.partition}@${f.offset}: ${f.reason}`).join('')}`,
  );
  return { rest, failure, reports, stopped: invocation.stop.signal.aborted };
}

/** The sink settled the part's records below `next`: move the partition on and commit it in the background. */
function advance(context: DeliveryContext, part: Part, next: number): void {
  const { queue } = part;
  if (context.abandoned() || next <= queue.delivered) return;
  const from = queue.delivered;
  let settled = 0;
  for (const r of part.records) if (r.offset >= from && r.offset < next) settled++;
  markDelivered(queue, next);
  if (settled > 0) context.listener.delivered?.(context.connector, settled);
  context.committer.request([{ queue, next }]);
}

/** Connector settings already warned about batchItemFailures being ignored (once is enough). */
const warnedIgnoredFailures = new WeakSet<object>();

/** Where each failed partition resumes (Lambda's Kafka partial batch response), honoured only when enabled. */
function resumeOffsetsOf(context: DeliveryContext, response: unknown, parts: Part[]): Map<string, number> {
  const items = (response as KafkaBatchResponse | undefined)?.batchItemFailures;
  if (!Array.isArray(items) || items.length === 0) return new Map();
  if (!context.settings.reportBatchItemFailures) {
    if (warnedIgnoredFailures.has(context.settings)) return new Map();
    warnedIgnoredFailures.add(context.settings);
    context.logger.warn(
      `[${context.connector}] the sink returned batchItemFailures but esm.report.batch.item.failures is off; like Lambda, the response is ignored and the batch counts as delivered`,
    );
    return new Map();
  }
  return resumeOffsets(items, parts, context.connector);
}

/** Whether a part that failed can heal: the sink's report says, else whether the error is retriable. */
function healable(part: Part, attempt: Attempt): boolean {
  const report = attempt.reports.get(part.queue.key);
  if (report) return report.healable;
  return !(attempt.failure instanceof LocalMappingError) || attempt.failure.retriable;
}

function verdictFor(
  context: DeliveryContext,
  part: Part,
  attempt: Attempt,
  count: number,
  failingSince: number,
): Verdict {
  return decide(
    context.settings,
    { healable: healable(part, attempt), attempt: count, failingSince, records: part.records },
    context.retry,
  );
}

function taskFailure(context: DeliveryContext, part: Part, attempt: Attempt, failingSince: number): Error {
  const report = attempt.reports.get(part.queue.key);
  const first = part.records[0];
  return TaskFailedError.from(
    {
      error: report?.error ?? attempt.failure,
      healable: healable(part, attempt),
      ...(report ? { stage: report.stage } : {}),
      ...(report
        ? { record: { topic: report.topic, partition: report.partition, offset: report.offset } }
        : first
          ? { record: { topic: first.topic, partition: first.partition, offset: first.offset } }
          : {}),
    },
    {
      connector: context.connector,
      task: context.task,
      retryTimeoutMs: context.settings.retryTimeoutMs,
      failingForMs: Date.now() - failingSince,
    },
  );
}

/**
 * Retries are over for these parts (the ESM's rules): hand them to the on-failure destination, or discard them when
 * there is none (the connector set retry or age limits: Lambda's behaviour, logged per range).
 */
async function giveUp(
  context: DeliveryContext,
  parts: Part[],
  failure: Error,
  attempts: number,
): Promise<void> {
  const { onFailure, settings, connector, listener, logger } = context;
  const records = parts.flatMap((p) => p.records);
  if (onFailure) {
    await onFailure(records, failure.message, attempts);
    listener.deadLettered?.(connector, records.length);
    logger.warn(
      `[${connector}] sent ${describeParts(parts)} to ${settings.onFailureDestination}: ${failure.message}`,
    );
  } else {
    listener.discarded?.(connector, records.length);
    logger.error(
      `[${connector}] discarded ${describeParts(parts)} after ${attempts} attempt(s) (no on-failure destination): ${failure.message}`,
    );
  }
  for (const { queue, next } of pastParts(parts)) {
    markDelivered(queue, next);
    context.committer.request([{ queue, next }]);
  }
  for (const part of parts) context.partitions.release(part.queue);
}
