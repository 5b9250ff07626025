// Connect's logical temporal types as JsonConverter stores them with a schema (`Date.fromLogical`,
// `Time.fromLogical`, `Timestamp.fromLogical`): days since the epoch, milliseconds since midnight, milliseconds
// since the epoch. Schemaless data holds a JavaScript `Date` where Connect holds a `java.util.Date`.
import { LogicalType } from '../constants.ts';

/**
 * Milliseconds in a day.
 *
 * @example
 * new Date(Math.floor(ms / DAY_MS) * DAY_MS); // midnight UTC
 */
export const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds of a logical temporal value (its stored number, or a `Date`); `undefined` when it is neither.
 *
 * @example
 * logicalToMillis(LogicalType.DATE, 1); // 86400000
 */
export function logicalToMillis(logicalName: string | undefined, value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'number') return undefined;
  return logicalName === LogicalType.DATE ? value * DAY_MS : value;
}

/**
 * The stored number of a logical temporal value: days for Date, milliseconds of the day for Time, epoch
 * milliseconds for Timestamp.
 *
 * @example
 * millisToLogical(LogicalType.TIME, Date.UTC(2017, 0, 2, 3)); // 10800000
 */
export function millisToLogical(logicalName: string, ms: number): number {
  if (logicalName === LogicalType.DATE) return Math.floor(ms / DAY_MS);
  if (logicalName === LogicalType.TIME) return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  return ms;
}

/**
 * True for the names of Connect's Date, Time and Timestamp logical types.
 *
 * @example
 * isTemporal('org.apache.kafka.connect.data.Timestamp'); // true
 */
export function isTemporal(logicalName: string | undefined): boolean {
  return (
    logicalName === LogicalType.DATE ||
    logicalName === LogicalType.TIME ||
    logicalName === LogicalType.TIMESTAMP
  );
}
