// Connect's numbers where JavaScript's cannot tell them apart: Jackson reads a JSON number written with a fraction or
// an exponent as a Double (`2.0`, `1e3`) and a whole number as a Long (or a BigInteger past a long's range).
// JSON.parse gives the number 2 for both `2` and `2.0`, and rounds integers beyond ±2^53.

/**
 * A Double whose value is whole (`2.0`, `1e3` in the JSON text): a `Number` object, so arithmetic and JSON.stringify
 * work on it, while the transforms see a FLOAT64 where a plain whole number is an INT64 (Cast to string gives "2.0").
 *
 * @example
 * const d = new JsonDouble(2);
 * d instanceof Number; // true; Number(d) === 2
 */
export class JsonDouble extends Number {}

// A whole number written as a double (2.0, 1.5e1, 1e3) or a run of 16 digits: only then can JSON.parse's numbers
// differ from Jackson's. A match inside a string costs the slower parse, never a wrong value.
// Factored on the leading digit, which keeps the scan of a 1 KiB record well under a microsecond.
const AMBIGUOUS_NUMBER = /\d(?:\.\d*[eE]|[eE]|\.0+(?![0-9])|\d{15})/;

/**
 * JSON.parse with Jackson's numbers: whole doubles become {@link JsonDouble}, integers beyond ±2^53 a `bigint` (exact,
 * from the number's source text via the reviver's `context.source`). Texts without such a number take the plain
 * parse, which is several times faster.
 *
 * @throws {SyntaxError} as JSON.parse does.
 * @example
 * parseJsonExact('{"a":2.0,"b":9007199254740993}'); // { a: JsonDouble(2), b: 9007199254740993n }
 */
export function parseJsonExact(text: string): unknown {
  if (!AMBIGUOUS_NUMBER.test(text)) return JSON.parse(text);
  return JSON.parse(text, exactNumber);
}

function exactNumber(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || context?.source === undefined) return value;
  const source = context.source;
  if (/[.eE]/.test(source)) return Number.isInteger(value) ? new JsonDouble(value) : value;
  return Number.isSafeInteger(value) ? value : BigInt(source);
}
