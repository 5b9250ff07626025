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
 * Connect's error context for one entry (`DeadLetterQueueReporter.populateContextHeaders`): the `__connect.errors.*`
 * names and values, plus `__connect.errors.aep.status` / `__connect.errors.aep.message` for AEP rejections.
 *
 * @example
 * errorContext(entry, { connector: 'aep', task: 0 })['__connect.errors.stage']; // 'VALUE_CONVERTER'
 */
export function errorContext(entry: DeadLetterEntry, task: TaskIdentity): Record<string, string> {
  const { record, failure } = entry;
  const context: Record<string, string> = {
    [ErrorHeaders.TOPIC]: record.topic,
    [ErrorHeaders.PARTITION]: String(record.partition),
    [ErrorHeaders.OFFSET]: String(record.offset),
    [ErrorHeaders.CONNECTOR_NAME]: task.connector,
    [ErrorHeaders.TASK_ID]: String(task.task),
    [ErrorHeaders.STAGE]: failure.stage,
    [ErrorHeaders.CLASS_NAME]: failure.className,
    [ErrorHeaders.EXCEPTION_CLASS_NAME]: exceptionClassName(failure.error),
    [ErrorHeaders.EXCEPTION_MESSAGE]: failure.error.message,
  };
  if (failure.error.stack) context[ErrorHeaders.EXCEPTION_STACKTRACE] = failure.error.stack;
  if (failure.aep?.status !== undefined) context[ErrorHeaders.AEP_STATUS] = String(failure.aep.status);
  if (failure.aep) context[ErrorHeaders.AEP_MESSAGE] = failure.aep.message;
  return context;
}

/**
 * The record's original headers followed, when `contextHeaders` is on, by its {@link errorContext}. A context
 * header the record already has is not added again (Connect logs and skips it).
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
  const present = new Set(headers.map((h) => h.key));
  for (const [key, value] of Object.entries(errorContext(entry, task))) {
    if (!present.has(key)) headers.push({ key, value: Buffer.from(value, 'utf8') });
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
