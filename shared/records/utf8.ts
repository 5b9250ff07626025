// Strict UTF-8, as Jackson reads record bytes (Connect's JsonConverter fails on a malformed sequence; Node's default
// decoding would put U+FFFD in its place and go on).
import { isUtf8 } from 'node:buffer';

/**
 * Where the first malformed UTF-8 sequence starts: its byte offset, the offending byte, and how many UTF-16 code
 * units the valid text before it has; undefined when all of `bytes` is UTF-8.
 *
 * @example
 * firstInvalidUtf8(Buffer.from([0x61, 0xff])); // { offset: 1, byte: 0xff, chars: 1 }
 */
export function firstInvalidUtf8(
  bytes: Uint8Array,
): { readonly offset: number; readonly byte: number; readonly chars: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // Every character before the first bad sequence encodes back to the same bytes.
  let offset = 0;
  let chars = 0;
  for (const character of buffer.toString('utf8')) {
    const encoded = Buffer.from(character, 'utf8');
    if (!buffer.subarray(offset, offset + encoded.length).equals(encoded)) break;
    offset += encoded.length;
    chars += character.length;
  }
  return { offset, byte: buffer[offset] ?? 0, chars };
}

/**
 * Decodes UTF-8 strictly.
 *
 * @throws {Error} `Invalid UTF-8 byte 0xff at byte offset 9` for bytes that are not UTF-8.
 * @example
 * decodeUtf8(Buffer.from('{"a":1}')); // '{"a":1}'
 */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    const invalid = firstInvalidUtf8(bytes) ?? { offset: 0, byte: 0 };
    const hex = invalid.byte.toString(16).padStart(2, '0');
    throw new Error(`Invalid UTF-8 byte 0x${hex} at byte offset ${invalid.offset}`);
  }
}

// One pass that checks and decodes; it keeps a leading byte order mark as U+FEFF, as Buffer#toString does.
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
