// Java semantics the SMTs depend on: class names in messages, primitive narrowing (JLS §5.1.3), `Integer.parseInt` &
// co., `Boolean.parseBoolean` and `Double.toString`/`Float.toString` (JDK 19+ shortest-digit form).
import { JsonDouble } from '../../records/index.ts';

/**
 * The Java class Connect would see for a JSON-like value (JsonConverter: integers are `Long`, decimals `Double`,
 * objects `HashMap`, arrays `ArrayList`, bytes `byte[]`).
 *
 * @example
 * javaClassName(42); // "java.lang.Long"
 */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'bigint':
      return 'java.lang.Long';
    case 'number':
      return isJavaLong(value) ? 'java.lang.Long' : 'java.lang.Double';
  }
  if (value instanceof JsonDouble) return 'java.lang.Double';
  if (value instanceof Uint8Array) return '[B';
  if (value instanceof Date) return 'java.util.Date';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.HashMap';
}

const LONG_LIMIT = 2 ** 63;

/**
 * True for a number JsonConverter would have read as a `Long` (a whole number within the long range).
 *
 * @example
 * isJavaLong(3); // true
 * isJavaLong(1.5); // false
 */
export function isJavaLong(value: number): boolean {
  return Number.isInteger(value) && value >= -LONG_LIMIT && value < LONG_LIMIT;
}

/** `(int) d` for a double: truncation towards zero, saturated, NaN → 0 (JLS §5.1.3). */
function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d);
}

/** `(long) d` for a double, saturated at the long range (as a JS number). */
function doubleToLong(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= LONG_LIMIT) return LONG_LIMIT - 1;
  if (d <= -LONG_LIMIT) return -LONG_LIMIT;
  return Math.trunc(d);
}

function wrap(n: number | bigint, bits: number): number {
  return Number(BigInt.asIntN(bits, BigInt(n)));
}

/**
 * Java's `Number.xxxValue()` narrowing for a value that is a Java integral type (`integral`) or a `double`.
 *
 * @example
 * narrow(300, 'int8', true);  // 44   ((byte) 300L)
 * narrow(3.9e10, 'int32', false); // 2147483647 ((int) 3.9e10)
 */
export function narrow(
  value: number | bigint,
  target: 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64',
  integral: boolean,
): number {
  if (target === 'float64') return Number(value);
  if (target === 'float32') return javaFloat(Number(value));
  if (integral) {
    if (target === 'int64') return Number(BigInt.asIntN(64, BigInt(value)));
    return wrap(value, target === 'int8' ? 8 : target === 'int16' ? 16 : 32);
  }
  const d = Number(value);
  if (target === 'int64') return doubleToLong(d);
  const i = doubleToInt(d);
  return target === 'int32' ? i : wrap(i, target === 'int8' ? 8 : 16);
}

const INTEGRAL_RANGE = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/**
 * `Byte.parseByte`, `Short.parseShort`, `Integer.parseInt`, `Long.parseLong`: an optional sign and ASCII digits, in
 * range; anything else throws `NumberFormatException` (here: returns `undefined`).
 *
 * @example
 * parseJavaIntegral('-42', 'int32'); // -42
 * parseJavaIntegral('1.5', 'int32'); // undefined
 */
export function parseJavaIntegral(
  text: string,
  type: 'int8' | 'int16' | 'int32' | 'int64',
): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  const [min, max] = INTEGRAL_RANGE[type];
  return n < min || n > max ? undefined : Number(n);
}

const DECIMAL_FLOAT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFdD]?$/;

/**
 * `Double.parseDouble` / `Float.parseFloat`: trims ASCII control characters and spaces, accepts `NaN`, `Infinity`,
 * decimal and hexadecimal floating-point literals with an optional `f`/`d` suffix; `undefined` when Java throws.
 *
 * @example
 * parseJavaFloating(' 1.5f ', 'float64'); // 1.5
 */
export function parseJavaFloating(text: string, type: 'float32' | 'float64'): number | undefined {
  const s = trimJava(text);
  let value: number | undefined;
  if (DECIMAL_FLOAT.test(s)) {
    value = Number(s.replace(/[fFdD]$/, ''));
  } else {
    const hex = HEX_FLOAT.exec(s);
    if (hex && `${hex[2]}${hex[3] ?? ''}` !== '') {
      const digits = `${hex[2]}${hex[3] ?? ''}`;
      const mantissa = Number.parseInt(digits, 16) / 16 ** (hex[3] ?? '').length;
      value = (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
    }
  }
  if (value === undefined) return undefined;
  return type === 'float32' ? javaFloat(value) : value;
}

/**
 * A Java `float` as Connect writes it to JSON: the shortest decimal that reads back as the same float
 * (`Float.toString`), as a double. `Math.fround` alone gives the widened double (1.500000053056283e-7 for 1.5e-7).
 *
 * @example
 * javaFloat(1.5e-7); // 1.5e-7, where Math.fround(1.5e-7) is 1.500000053056283e-7
 */
export function javaFloat(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toExponential(digits - 1));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/**
 * `String.trim()`: removes leading and trailing characters ≤ U+0020.
 *
 * @example
 * trimJava('\t a \n'); // "a"
 */
export function trimJava(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

/**
 * `Boolean.parseBoolean`: true only for "true" in any case.
 *
 * @example
 * parseJavaBoolean('TRUE'); // true
 */
export function parseJavaBoolean(text: string): boolean {
  return text.toLowerCase() === 'true';
}

/**
 * `Double.toString(d)` (`Float.toString(f)` with `float32`): shortest round-tripping digits, plain notation for
 * 10⁻³ ≤ |d| < 10⁷ with at least one fractional digit, computerized scientific notation (`1.0E10`) otherwise.
 *
 * @example
 * javaFloatingToString(100, 'float64');   // "100.0"
 * javaFloatingToString(1.1e-5, 'float64'); // "1.1E-5"
 */
export function javaFloatingToString(d: number, type: 'float32' | 'float64'): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const [digits, exponent] = shortestDigits(d, type);
  const sign = d < 0 ? '-' : '';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const frac = digits.slice(exponent + 1) || '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/** The shortest decimal digits (no leading/trailing zeros) and decimal exponent that read back as `d`. */
function shortestDigits(d: number, type: 'float32' | 'float64'): [string, number] {
  let text = Math.abs(d).toExponential();
  if (type === 'float32') {
    for (let p = 1; p <= 9; p++) {
      const candidate = Math.abs(d).toExponential(p - 1);
      if (Math.fround(Number(candidate)) === Math.fround(Math.abs(d))) {
        text = candidate;
        break;
      }
    }
  }
  const [mantissa = '0', exp = '0'] = text.split('e');
  return [mantissa.replace('.', '').replace(/0+$/, '') || '0', Number(exp)];
}

const BIG_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * `new BigDecimal(text)` as a double; `undefined` where Java throws `NumberFormatException`.
 *
 * @example
 * parseBigDecimal('1e3'); // 1000
 */
export function parseBigDecimal(text: string): number | undefined {
  return BIG_DECIMAL.test(text) ? Number(text) : undefined;
}
