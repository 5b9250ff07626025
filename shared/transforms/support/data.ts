// Schemaless record data as Connect's transforms see it: a JSON object is a `Map`, read and written as own
// properties only (a field named `__proto__` or `constructor` is data, never the prototype).
// `org.apache.kafka.connect.transforms.util.Requirements` for the checks.
import { DataException } from '../../converters/index.ts';
import { javaClassName } from './java.ts';

/**
 * A schemaless map value (a JSON object).
 */
export type DataMap = Record<string, unknown>;

/**
 * True for a plain JSON object (Connect's `Map`), false for arrays, buffers, dates and null.
 *
 * @example
 * isMap({ a: 1 }); // true
 */
export function isMap(value: unknown): value is DataMap {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The map's own value for `key`, `undefined` when absent (never an inherited property).
 *
 * @example
 * getField({}, 'constructor'); // undefined
 */
export function getField(map: DataMap, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Sets an own property, also for the key `__proto__`.
 */
export function setField(map: DataMap, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/**
 * `Requirements.requireMap`: the value as a map, or Connect's `DataException`.
 *
 * @example
 * requireMap(null, 'field insertion'); // throws "Only Map objects supported in absence of schema for [field insertion], found: null"
 */
export function requireMap(value: unknown, purpose: string): DataMap {
  if (!isMap(value)) {
    throw new DataException(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`,
    );
  }
  return value;
}

/**
 * `Requirements.requireStruct` for a value whose schema is present: a struct value is a JSON object here.
 */
export function requireStruct(value: unknown, schemaType: string, purpose: string): DataMap {
  if (schemaType !== 'struct' || !isMap(value)) {
    const found = value === null || value === undefined ? 'null' : javaClassName(value);
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${found}`);
  }
  return value;
}

/**
 * A JSON value from a record value: a string or bytes (StringConverter, ByteArrayConverter) is parsed as JSON,
 * anything else is already JSON data. The error never quotes the content.
 *
 * @example
 * jsonData('{"a":1}'); // { value: { a: 1 }, parsed: true }
 */
export function jsonData(value: unknown): { value: unknown; parsed: boolean } {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { value, parsed: false };
  const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  try {
    return { value: JSON.parse(text), parsed: true };
  } catch (e) {
    const position = /at position (\d+)/.exec((e as Error).message)?.[1];
    throw new DataException(
      `The value is not valid JSON${position ? ` (error at position ${position})` : ''}`,
    );
  }
}
