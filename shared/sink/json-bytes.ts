// Whether record bytes are a JSON text that can be forwarded to AEP as they are, checked without building the value:
// the grammar of RFC 8259 §2–7, which is what `JSON.parse` accepts (ECMA-262 JSON.parse: the same four whitespace
// characters, no leading zeros, no trailing commas, lone surrogate escapes allowed), over UTF-8 that
// `buffer.isUtf8` (simdutf) has checked.
import { isUtf8 } from 'node:buffer';

// Deeper texts answer false (the converter decides about them). One stack for every call: the scan is synchronous.
const MAX_DEPTH = 4096;
const STACK = new Uint8Array(MAX_DEPTH);

// Byte classes of the scanner.
const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const DIGIT = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
// Bytes that end a run of plain string bytes: the quote, the backslash and the control characters.
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;
const ESCAPES = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPES[c.charCodeAt(0)] = 1;

/**
 * Whether `bytes` hold a JSON object, array, number, `true` or `false` in valid UTF-8: what the schemaless
 * `JsonConverter` reads and the sink sends as it was written. Anything else (invalid UTF-8, a byte order mark,
 * invalid JSON, a top-level string or `null`, whitespace only) answers false, and the record takes the converter's
 * path, which decides about it exactly as for any other record.
 *
 * @example
 * isForwardableJson(Buffer.from('{"a":[1,2.5e3,null]}')); // true
 * isForwardableJson(Buffer.from('{"a":1,}'));              // false
 * isForwardableJson(Buffer.from('"text"'));                // false: AEP gets a string's contents, not the string
 * isForwardableJson(Buffer.from('null'));                  // false: a null value (behavior.on.null.values)
 */
export function isForwardableJson(bytes: Uint8Array): boolean {
  const end = bytes.length;
  let i = skipWhitespace(bytes, 0, end);
  // A string is sent as its contents, and `null` is a null value: both take the converter's path.
  if (i >= end || bytes[i] === 0x22 || bytes[i] === 0x6e) return false;
  i = value(bytes, i, end);
  if (i < 0 || skipWhitespace(bytes, i, end) !== end) return false;
  return isUtf8(bytes);
}

function skipWhitespace(b: Uint8Array, i: number, end: number): number {
  while (i < end && WS[b[i] as number] === 1) i++;
  return i;
}

/**
 * Scans one value starting at `i` (no leading whitespace), iteratively: objects and arrays keep their kind on a
 * stack. Returns the index after the value, or -1.
 */
function value(b: Uint8Array, i: number, end: number): number {
  // 1 = inside an object, 2 = inside an array.
  const stack = STACK;
  let depth = 0;
  for (;;) {
    // A value at i.
    const c = b[i];
    if (c === 0x7b) {
      i = skipWhitespace(b, i + 1, end);
      if (b[i] === 0x7d) {
        i++;
      } else {
        if (depth === stack.length) return -1;
        stack[depth++] = 1;
        i = member(b, i, end);
        if (i < 0) return -1;
        continue;
      }
    } else if (c === 0x5b) {
      i = skipWhitespace(b, i + 1, end);
      if (b[i] === 0x5d) {
        i++;
      } else {
        if (depth === stack.length) return -1;
        stack[depth++] = 2;
        continue;
      }
    } else if (c === 0x22) {
      i = string(b, i, end);
    } else if (c === 0x2d || (c !== undefined && DIGIT[c] === 1)) {
      i = number(b, i, end);
    } else if (c === 0x74) {
      i = literal(b, i, end, 'true');
    } else if (c === 0x66) {
      i = literal(b, i, end, 'false');
    } else if (c === 0x6e) {
      i = literal(b, i, end, 'null');
    } else {
      return -1;
    }
    if (i < 0) return -1;
    // After a value: close containers, or go on to the next element or member.
    for (;;) {
      if (depth === 0) return i;
      i = skipWhitespace(b, i, end);
      const d = b[i];
      const inObject = stack[depth - 1] === 1;
      if (d === 0x2c) {
        i = skipWhitespace(b, i + 1, end);
        if (inObject) {
          i = member(b, i, end);
          if (i < 0) return -1;
        }
        break;
      }
      if (d === (inObject ? 0x7d : 0x5d)) {
        depth--;
        i++;
        continue;
      }
      return -1;
    }
  }
}

/** `"name" :` and the whitespace before the member's value; returns the index of the value, or -1. */
function member(b: Uint8Array, i: number, end: number): number {
  if (b[i] !== 0x22) return -1;
  i = string(b, i, end);
  if (i < 0) return -1;
  i = skipWhitespace(b, i, end);
  if (b[i] !== 0x3a) return -1;
  return skipWhitespace(b, i + 1, end);
}

function string(b: Uint8Array, i: number, end: number): number {
  i++;
  for (;;) {
    while (i < end && STRING_STOP[b[i] as number] === 0) i++;
    if (i >= end) return -1;
    const c = b[i];
    if (c === 0x22) return i + 1;
    if (c !== 0x5c) return -1; // a control character
    const e = b[i + 1];
    if (e === 0x75) {
      if (
        HEX[b[i + 2] as number] !== 1 ||
        HEX[b[i + 3] as number] !== 1 ||
        HEX[b[i + 4] as number] !== 1 ||
        HEX[b[i + 5] as number] !== 1
      ) {
        return -1;
      }
      i += 6;
    } else if (e !== undefined && ESCAPES[e] === 1) {
      i += 2;
    } else {
      return -1;
    }
  }
}

function number(b: Uint8Array, i: number, end: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) {
    i++;
  } else if (i < end && DIGIT[b[i] as number] === 1) {
    while (i < end && DIGIT[b[i] as number] === 1) i++;
  } else {
    return -1;
  }
  if (b[i] === 0x2e) {
    i++;
    if (i >= end || DIGIT[b[i] as number] !== 1) return -1;
    while (i < end && DIGIT[b[i] as number] === 1) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (i >= end || DIGIT[b[i] as number] !== 1) return -1;
    while (i < end && DIGIT[b[i] as number] === 1) i++;
  }
  return i;
}

function literal(b: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return -1;
  for (let k = 1; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}
