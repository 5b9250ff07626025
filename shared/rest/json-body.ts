// The one reader of REST request bodies, strict where Jackson is lenient: the bytes must be UTF-8 (Jackson, like
// Node's default decoding, turns bad bytes into U+FFFD), strings must be Unicode (no lone surrogate such as
// "\ud800", which no store or URL can hold), nesting is bounded, and a key may appear only once in an object (Jackson
// keeps the last; a second `aep.endpoint` silently overriding the first is what an endpoint allowlist must not miss).
// Every refusal is a 4xx naming the JSON path. The structure is checked with jsonc-parser's scanner (iterative, so
// deep nesting cannot exhaust the stack); the values come from JSON.parse, numbers with their own source text.
import { createScanner } from 'jsonc-parser';
import { firstInvalidUtf8 } from '../records/index.ts';
import { REQUEST_LIMITS } from './constants.ts';
import { ConnectRestError } from './errors.ts';

/**
 * A parsed body: numbers and booleans already turned into their JSON text.
 *
 * @example
 * const body: JsonValue = readJsonBody(Buffer.from('{"a": [1, true]}')); // { a: ['1', 'true'] }
 */
export type JsonValue = string | null | JsonValue[] | { [key: string]: JsonValue };

/** jsonc-parser's `SyntaxKind` (a `const enum` in its types, so not importable under type stripping). */
const Token = {
  OPEN_BRACE: 1,
  CLOSE_BRACE: 2,
  OPEN_BRACKET: 3,
  CLOSE_BRACKET: 4,
  COMMA: 5,
  COLON: 6,
  STRING: 10,
  EOF: 17,
} as const;
/** jsonc-parser's `ScanError.None`. */
const NO_SCAN_ERROR = 0;

type Frame =
  | { readonly kind: 'object'; readonly keys: Set<string>; key: string | undefined; expectKey: boolean }
  | { readonly kind: 'array'; index: number };

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads a request body: at most `maxBodyBytes` of UTF-8 JSON, nested at most `maxDepth` deep, without duplicate keys
 * or lone surrogates. Numbers keep their own text ("1.50" stays "1.50") and booleans become "true"/"false", as
 * Jackson binds them to strings.
 *
 * @throws {ConnectRestError} 413 for a body over the size limit.
 * @throws {ConnectRestError} 400 for an empty body, bytes that are not UTF-8, malformed JSON, too deep a nesting, a
 * duplicate key or a lone surrogate, naming the JSON path where there is one.
 * @example
 * readJsonBody(Buffer.from('{"tasks.max": 1}')); // { 'tasks.max': '1' }
 * readJsonBody(Buffer.from('{"a":"x","a":"y"}')); // throws: Duplicate key "a" at $.a …
 */
export function readJsonBody(bytes: Uint8Array, limits = REQUEST_LIMITS): JsonValue {
  if (bytes.length > limits.maxBodyBytes) throw ConnectRestError.payloadTooLarge(limits.maxBodyBytes);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw invalidUtf8(bytes, limits.maxDepth);
  }
  if (text.trim() === '')
    throw ConnectRestError.badRequest('Request body is empty: expected a JSON document');
  checkStructure(text, limits.maxDepth);
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value === 'number') return context?.source ?? String(value);
      if (typeof value === 'boolean') return String(value);
      return value;
    }) as JsonValue;
  } catch (e) {
    throw ConnectRestError.badRequest(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The JSON path of a member: `$.config`, `$.config["aep.endpoint"]`, `$.offsets[0]`.
 *
 * @example
 * memberPath('$', 'aep.endpoint'); // '$["aep.endpoint"]'
 */
export function memberPath(parent: string, member: string | number): string {
  if (typeof member === 'number') return `${parent}[${member}]`;
  return IDENTIFIER.test(member) ? `${parent}.${member}` : `${parent}[${JSON.stringify(member)}]`;
}

/**
 * Walks the tokens, checking depth, duplicate keys and strings. Where the text is not JSON the walk stops and leaves
 * the report to JSON.parse. With `badOffset`, throws the invalid-UTF-8 error for the string token that holds it.
 */
function checkStructure(text: string, maxDepth: number, badOffset?: { chars: number; bytes: number }): void {
  const scanner = createScanner(text, true);
  const stack: Frame[] = [];
  const path = () =>
    stack.reduce<string>(
      (p, f) =>
        f.kind === 'array' ? memberPath(p, f.index) : f.key === undefined ? p : memberPath(p, f.key),
      '$',
    );
  for (let token = scanner.scan(); token !== Token.EOF; token = scanner.scan()) {
    if (scanner.getTokenError() !== NO_SCAN_ERROR && badOffset === undefined) return;
    const top = stack.at(-1);
    switch (token) {
      case Token.OPEN_BRACE:
      case Token.OPEN_BRACKET:
        if (stack.length >= maxDepth && !badOffset) {
          throw ConnectRestError.badRequest(
            `Request body nests deeper than ${maxDepth} levels (at ${path()})`,
          );
        }
        stack.push(
          token === Token.OPEN_BRACE
            ? { kind: 'object', keys: new Set(), key: undefined, expectKey: true }
            : { kind: 'array', index: 0 },
        );
        break;
      case Token.CLOSE_BRACE:
      case Token.CLOSE_BRACKET:
        if (!top || (top.kind === 'object') !== (token === Token.CLOSE_BRACE)) return;
        stack.pop();
        break;
      case Token.COMMA:
        if (top?.kind === 'array') top.index++;
        else if (top) {
          top.expectKey = true;
          top.key = undefined;
        }
        break;
      case Token.COLON:
        if (top?.kind === 'object') top.expectKey = false;
        break;
      case Token.STRING: {
        const value = scanner.getTokenValue();
        const isKey = top?.kind === 'object' && top.expectKey;
        if (isKey) top.key = value;
        const offset = scanner.getTokenOffset();
        if (badOffset && badOffset.chars >= offset && badOffset.chars < offset + scanner.getTokenLength()) {
          throw ConnectRestError.badRequest(
            `Request body is not valid UTF-8: invalid byte sequence at byte offset ${badOffset.bytes}, in the ${isKey ? 'key' : 'value'} at ${path()}`,
          );
        }
        if (badOffset) break;
        if (!value.isWellFormed()) {
          throw ConnectRestError.badRequest(
            `Invalid ${isKey ? 'key' : 'string'} at ${path()}: it holds a lone UTF-16 surrogate (such as "\\ud800"), which is not a Unicode character`,
          );
        }
        if (isKey) {
          if (top.keys.has(value)) {
            throw ConnectRestError.badRequest(
              `Duplicate key ${JSON.stringify(value)} at ${path()}: a key may appear only once in an object (this service refuses what Kafka Connect would silently take last-wins)`,
            );
          }
          top.keys.add(value);
        }
        break;
      }
    }
  }
}

/** The 400 for bytes that are not UTF-8: where the first bad sequence is, by byte offset and JSON path. */
function invalidUtf8(bytes: Uint8Array, maxDepth: number): ConnectRestError {
  const { offset, chars } = firstInvalidUtf8(bytes) ?? { offset: 0, chars: 0 };
  try {
    checkStructure(Buffer.from(bytes).toString('utf8'), maxDepth, { chars, bytes: offset });
  } catch (e) {
    return e as ConnectRestError;
  }
  return ConnectRestError.badRequest(
    `Request body is not valid UTF-8: invalid byte sequence at byte offset ${offset}`,
  );
}
