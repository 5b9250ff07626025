// The headers of a dead-lettered record: its own, then the error context (`DeadLetterQueueReporter.populateContextHeaders`).
import type { KafkaHeader } from '../records/types.ts';
import { ErrorHeaders } from './constants.ts';
import type { DeadLetterEntry } from './types.ts';

/** Who reported the failure: Connect's `ConnectorTaskId`. */
export interface TaskIdentity {
  readonly connector: string;
  readonly task: number;
}

/**
 * The record's original headers followed, when `contextHeaders` is on, by Connect's `__connect.errors.*` headers and
 * `__connect.errors.aep.status` / `__connect.errors.aep.message` for AEP rejections. A context header the record
 * already has is not added again (Connect logs and skips it).
 *
 * @example
 * deadLetterHeaders(entry, { connector: 'aep', task: 0 }, true)
 *   .find((h) => h.key === '__connect.errors.stage')?.value?.toString(); // 'VALUE_CONVERTER'
 */
export function deadLetterHeaders(
  entry: DeadLetterEntry,
  task: TaskIdentity,
  contextHeaders: boolean,
): KafkaHeader[] {
  const headers = [...entry.record.headers];
  if (!contextHeaders) return headers;
  const { record, failure } = entry;
  const present = new Set(headers.map((h) => h.key));
  const add = (key: string, value: string | undefined) => {
    if (value === undefined || present.has(key)) return;
    present.add(key);
    headers.push({ key, value: Buffer.from(value, 'utf8') });
  };
  add(ErrorHeaders.TOPIC, record.topic);
  add(ErrorHeaders.PARTITION, String(record.partition));
  add(ErrorHeaders.OFFSET, String(record.offset));
  add(ErrorHeaders.CONNECTOR_NAME, task.connector);
  add(ErrorHeaders.TASK_ID, String(task.task));
  add(ErrorHeaders.STAGE, failure.stage);
  add(ErrorHeaders.CLASS_NAME, failure.className);
  add(ErrorHeaders.EXCEPTION_CLASS_NAME, exceptionClassName(failure.error));
  add(ErrorHeaders.EXCEPTION_MESSAGE, failure.error.message);
  add(ErrorHeaders.EXCEPTION_STACKTRACE, failure.error.stack);
  if (failure.aep) {
    add(ErrorHeaders.AEP_STATUS, failure.aep.status === undefined ? undefined : String(failure.aep.status));
    add(ErrorHeaders.AEP_MESSAGE, failure.aep.message);
  }
  return headers;
}

/**
 * The Java exception class reported for an error: the `exceptionClass` it declares (e.g.
 * `org.apache.kafka.connect.errors.DataException`), else its cause's (a transform's error wraps the transform's
 * DataException), else its `name`.
 *
 * @example
 * exceptionClassName(new DataException('x')); // 'org.apache.kafka.connect.errors.DataException'
 */
export function exceptionClassName(error: Error): string {
  const declared = (e: unknown) => (e as { exceptionClass?: unknown } | undefined)?.exceptionClass;
  const own = declared(error) ?? declared(error.cause);
  return typeof own === 'string' ? own : error.name;
}
