// The loggers shared/ provides itself: one that drops everything (when a host gives none), and one that writes text
// lines (the local worker's console), attributes appended as JSON.
import type { Logger } from './types.ts';

/** The logger used when the host gives none: it drops everything. */
export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Where {@link textLogger} writes its lines, per level (debug lines only when it has `debug`). */
export interface LineWriter {
  debug?(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/**
 * A {@link Logger} over text lines: the attributes follow the message as one JSON object (errors as their message);
 * debug lines are dropped unless the writer has `debug`.
 *
 * @example
 * const log = textLogger({ info: (l) => console.log(`[worker] ${l}`), warn: console.warn, error: console.error });
 * log.info('Starting connector aep', { connector: 'aep' }); // [worker] Starting connector aep {"connector":"aep"}
 */
export function textLogger(writer: LineWriter): Logger {
  const line = (message: string, attributes: Record<string, unknown>[]) =>
    attributes.length === 0
      ? message
      : `${message} ${JSON.stringify(Object.assign({}, ...attributes), errorsAsText)}`;
  return {
    debug: (message, ...attributes) => writer.debug?.(line(message, attributes)),
    info: (message, ...attributes) => writer.info(line(message, attributes)),
    warn: (message, ...attributes) => writer.warn(line(message, attributes)),
    error: (message, ...attributes) => writer.error(line(message, attributes)),
  };
}

/**
 * {@link textLogger} on the console, each line after `prefix` (and DEBUG, WARN or ERROR for those levels); debug
 * lines only with `{ debug: true }` (the worker filters them by its root log level).
 *
 * @example
 * consoleLogger('[worker]').warn('no broker'); // stderr: [worker] WARN no broker
 */
export function consoleLogger(prefix: string, options: { readonly debug?: boolean } = {}): Logger {
  return textLogger({
    ...(options.debug ? { debug: (line: string) => console.log(`${prefix} DEBUG ${line}`) } : {}),
    info: (line) => console.log(`${prefix} ${line}`),
    warn: (line) => console.warn(`${prefix} WARN ${line}`),
    error: (line) => console.error(`${prefix} ERROR ${line}`),
  });
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}
