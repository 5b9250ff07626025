// What the sink logs about records it does not deliver. Tolerated failures are always summarised (nothing is
// dropped silently); `errors.log.enable` adds Connect's per-record line (`LogReporter`), and
// `errors.log.include.messages` the record's key, value and headers.

import type { DeadLetterEntry } from '../dead-letter/types.ts';
import type { Logger } from '../logging/index.ts';
import { recordRef } from '../records/index.ts';
import type { KafkaRecord } from '../records/types.ts';
import { MAX_LISTED_RECORDS } from './constants.ts';

const MAX_LOGGED_CHARS = 4096;

/** How tolerated failures are logged. */
export interface FailureLogOptions {
  readonly connector: string;
  readonly task: number;
  /** `errors.log.enable`: one error line per record. */
  readonly detailed: boolean;
  /** `errors.log.include.messages`: that line shows the record's key, value and headers. */
  readonly includeMessages: boolean;
  /** The dead letter queue the records go to, if any. */
  readonly destination: string | undefined;
}

/**
 * Logs records skipped under `errors.tolerance=all`: a WARN summary naming them and where they went, and with
 * `errors.log.enable` one ERROR line each.
 */
export function logFailures(
  logger: Logger,
  entries: readonly DeadLetterEntry[],
  options: FailureLogOptions,
): void {
  const where = options.destination
    ? `written to the dead letter queue (${options.destination})`
    : 'not written anywhere: errors.deadletterqueue.topic.name is empty';
  logger.warn(
    `${entries.length} record(s) failed and were skipped (errors.tolerance=all), ${where}: ${list(
      entries.map((e) => `${recordRef(e.record)} (${e.failure.stage}: ${e.failure.error.message})`),
    )}`,
    { connector: options.connector, failed: entries.length },
  );
  if (!options.detailed) return;
  for (const { record, failure } of entries) {
    // LogReporter: "Error encountered in task <id>. Executing stage '<stage>' with class '<class>', where consumed record is {…}."
    logger.error(
      `Error encountered in task ${options.connector}-${options.task}. Executing stage '${failure.stage}' with class '${failure.className}', where consumed record is ${describeRecord(record, options.includeMessages)}.`,
      { error: failure.error, ...(failure.aep ? { aep: failure.aep } : {}) },
    );
  }
}

/**
 * Logs records skipped on purpose: dropped by a transform, or with a null value under
 * `behavior.on.null.values=ignore`. One INFO line per invocation that skipped any, one DEBUG line per record.
 */
export function logSkipped(
  logger: Logger,
  records: readonly KafkaRecord[],
  skipped: { readonly dropped: readonly number[]; readonly nulls: readonly number[] },
): void {
  const total = skipped.dropped.length + skipped.nulls.length;
  if (total === 0) return;
  const refs = (indexes: readonly number[]) => indexes.map((i) => recordRef(records[i] as KafkaRecord));
  for (const ref of refs(skipped.dropped)) logger.debug(`Record ${ref} dropped by a transform`);
  for (const ref of refs(skipped.nulls)) logger.debug(`Record ${ref} has a null value: skipped`);
  const parts = [
    skipped.dropped.length > 0 ? `${skipped.dropped.length} dropped by transforms` : '',
    skipped.nulls.length > 0
      ? `${skipped.nulls.length} with null values (behavior.on.null.values=ignore)`
      : '',
  ].filter(Boolean);
  logger.info(
    `Skipped ${total} record(s), ${parts.join(' and ')}: ${list(refs([...skipped.dropped, ...skipped.nulls]))}`,
    {
      filtered: total,
    },
  );
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED_RECORDS).join(', ');
  return items.length > MAX_LISTED_RECORDS ? `${shown} and ${items.length - MAX_LISTED_RECORDS} more` : shown;
}

function describeRecord(record: KafkaRecord, includeMessages: boolean): string {
  const base = `{topic='${record.topic}', partition=${record.partition}, offset=${record.offset}`;
  if (!includeMessages) return `${base}}`;
  const text = (b: Buffer | null) => (b === null ? 'null' : truncate(b.toString('utf8')));
  const headers = record.headers.map((h) => `${h.key}=${text(h.value)}`).join(', ');
  return `${base}, timestamp=${record.timestamp}, timestampType=${record.timestampType}, key=${text(record.key)}, value=${text(record.value)}, headers=[${headers}]}`;
}

function truncate(s: string): string {
  return s.length > MAX_LOGGED_CHARS ? `${s.slice(0, MAX_LOGGED_CHARS)}…` : s;
}
