// Typed values of Avro and Protobuf records → the JSON an AEP XDM schema takes: date-time and date fields as ISO 8601
// text, numbers as JSON numbers (exactly, even beyond 2^53), bytes as base64 text.

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/**
 * An integer as a JSON number: a plain number when it is exact as a double, else a raw JSON number with every digit.
 *
 * @example
 * JSON.stringify({ id: exactInteger(2n ** 62n) }); // '{"id":4611686018427387904}'
 */
export function exactInteger(value: number | bigint | string): unknown {
  if (typeof value === 'number') return value;
  const n = typeof value === 'bigint' ? value : BigInt(value);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(n)
    : rawJSON(n.toString());
}

/**
 * A decimal (unscaled integer and scale) as a JSON number: a plain number when the double prints the same digits,
 * else a raw JSON number with every digit, so no precision is lost.
 *
 * @example
 * JSON.stringify(decimalValue(12345n, 2)); // '123.45'
 */
export function decimalValue(unscaled: bigint, scale: number): unknown {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) {
    digits = unscaled === 0n ? '0' : `${digits}${'0'.repeat(-scale)}`;
  }
  const text = `${negative ? '-' : ''}${digits}`;
  const number = Number(text);
  return number.toString() === canonical(text) ? number : rawJSON(text);
}

function canonical(text: string): string {
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * A big-endian two's-complement integer (Avro `decimal`, Confluent's Protobuf `Decimal`) as a bigint.
 *
 * @example
 * twosComplement(Buffer.from([0xff, 0x38])); // -200n
 */
export function twosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  return (bytes[0] as number) & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/**
 * A float or double: finite values as numbers; NaN and the infinities as the strings Protobuf's JSON mapping uses.
 *
 * @example
 * floatValue(Number.NaN); // 'NaN'
 */
export function floatValue(value: number): unknown {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Bytes as base64 text (how Adobe's connector and Connect's JsonConverter write bytes).
 *
 * @example
 * base64(Buffer.from('hi')); // 'aGk='
 */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * An instant as XDM `date-time` text: `2024-05-01T12:00:00.123Z`, with 6 or 9 fraction digits when the instant has
 * them. `zone` false leaves out the `Z` (Avro's local timestamps).
 *
 * @example
 * isoDateTime(1714564800123n * 1000n, 6); // '2024-05-01T12:00:00.123000Z'
 */
export function isoDateTime(value: bigint, fractionDigits: 3 | 6 | 9, zone = true): string {
  const perMilli = 10n ** BigInt(fractionDigits - 3);
  let millis = value / perMilli;
  let rest = value % perMilli;
  if (rest < 0n) {
    millis -= 1n;
    rest += perMilli;
  }
  const text = new Date(Number(millis)).toISOString().slice(0, -1);
  const extra = fractionDigits > 3 ? rest.toString().padStart(fractionDigits - 3, '0') : '';
  return `${text}${extra}${zone ? 'Z' : ''}`;
}

/**
 * Days since the epoch as XDM `date` text.
 *
 * @example
 * isoDate(19844); // '2024-05-01'
 */
export function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A time of day (in `unit`s since midnight) as `HH:MM:SS.fff` text.
 *
 * @example
 * isoTime(45_296_789n, 3); // '12:34:56.789'
 */
export function isoTime(value: bigint, fractionDigits: 3 | 6): string {
  return isoDateTime(value, fractionDigits, false).slice(11);
}
