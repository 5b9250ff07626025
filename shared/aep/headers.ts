// The extra request headers a connector sets (`aep.connection.endpoint.headers`, RFC 9110 field syntax); the sink's
// own headers cannot be overridden.
import { RESERVED_HEADERS } from './constants.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether `value` may be sent as an HTTP header value (visible ASCII, tab, space, obs-text). */
export function isHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}

/**
 * Reads `aep.connection.endpoint.headers`: a JSON object of header names to string, number or boolean values.
 * Names are returned in lower case. The Java connector logs and ignores invalid JSON; here it is a config error.
 *
 * @throws {Error} naming the JSON path of the offending entry.
 * @example
 * parseEndpointHeaders('{"x-adobe-flow-id":"341fd4f0"}'); // { 'x-adobe-flow-id': '341fd4f0' }
 */
export function parseEndpointHeaders(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, which may hold credentials.
    throw new Error('must be a JSON object of header names to values, and is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('must be a JSON object of header names to values, e.g. {"x-adobe-flow-id":"…"}');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const path = `$[${JSON.stringify(name)}]`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw new Error(`${path} is not a valid HTTP header name`);
    if (RESERVED_HEADERS.includes(lower))
      throw new Error(`${path} is set by the sink and cannot be overridden`);
    if (lower in headers) throw new Error(`${path} repeats a header name`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`${path} must be a string, number or boolean`);
    }
    if (!isHeaderValue(String(value))) throw new Error(`${path} is not a valid HTTP header value`);
    headers[lower] = String(value);
  }
  return headers;
}
