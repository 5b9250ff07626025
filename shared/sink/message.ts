// Record value → AEP message text. Adobe's connector (`SinkUtils.getStringPayload`) sends a String value as is and
// anything else as schemaless JSON, then parses each as JSON; here a message that is not JSON is a record error.
import { DataException } from '../converters/index.ts';
import type { ConnectSchema } from '../records/types.ts';

/**
 * The JSON text AEP receives for a record value. `json` is the text the value was parsed from (schemaless
 * JsonConverter, no transforms): it is sent unchanged, numbers and all. A string (StringConverter, or a JSON string)
 * or bytes (ByteArrayConverter) must itself be JSON text. Anything else is written as JSON, bytes as base64.
 *
 * @throws {DataException} when a string or bytes value is not JSON text, or the value cannot be written as JSON.
 * @example
 * aepMessage({ header: {}, body: {} });        // '{"header":{},"body":{}}'
 * aepMessage('{"a":1}');                        // '{"a":1}'
 * aepMessage('hello');                          // throws DataException
 */
export function aepMessage(value: unknown, json?: string, schema: ConnectSchema | null = null): string {
  if (json !== undefined && typeof value !== 'string') return json;
  if (typeof value === 'string') return jsonText(value);
  if (Buffer.isBuffer(value)) return jsonText(value.toString('utf8'));
  try {
    // The replacer triples the cost of JSON.stringify, so it runs only when the schema has bytes somewhere, or when the
    // value holds an exact integer beyond ±2^53 (a bigint: JSON.stringify throws a TypeError without it).
    let text: string | undefined;
    try {
      text = JSON.stringify(value, holdsBytes(schema) ? bytesAsBase64 : undefined);
    } catch (e) {
      if (!(e instanceof TypeError && /BigInt/.test(e.message))) throw e;
      text = JSON.stringify(value, exactIntegers(holdsBytes(schema)));
    }
    if (text === undefined) throw new Error(`a ${typeof value} has no JSON form`);
    return text;
  } catch (e) {
    throw new DataException(`The record value cannot be written as JSON for AEP: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function jsonText(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new DataException(
      `The record value is not JSON text, which AEP requires: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return text;
}

// Node 24's JSON.rawJSON (TC39 JSON.parse source text access), not in TypeScript's lib yet.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** A replacer writing each bigint as its exact digits (JSON.rawJSON), and bytes as base64 when asked. */
function exactIntegers(bytes: boolean) {
  return function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return rawJson(value.toString());
    return bytes ? bytesAsBase64.call(this as Record<string, unknown>, key, value) : value;
  };
}

const bytesInside = new WeakMap<ConnectSchema, boolean>();

function holdsBytes(schema: ConnectSchema | null | undefined): boolean {
  if (!schema) return false;
  let holds = bytesInside.get(schema);
  if (holds === undefined) {
    holds =
      schema.type === 'bytes' ||
      holdsBytes(schema.items) ||
      holdsBytes(schema.keys) ||
      holdsBytes(schema.values) ||
      (schema.fields ?? []).some((field) => holdsBytes(field));
    bytesInside.set(schema, holds);
  }
  return holds;
}

// Buffer's toJSON runs before a replacer sees the value, so look at the holder's original property.
function bytesAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return Buffer.isBuffer(original) ? original.toString('base64') : value;
}
