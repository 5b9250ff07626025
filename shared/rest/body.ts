// Request bodies of the REST API, read the way Connect's Jackson binding reads them (`CreateConnectorRequest`,
// `Map<String, String>`, `ConnectorOffsets`, the logger level map): numbers and booleans where a string is expected
// become their JSON text ("tasks.max": 1 → "1"), unknown fields are refused. Where Jackson would fail (and Connect
// answer 500), this answers 400 and names the JSON path.
import type { TargetState } from '../store/types.ts';
import { Messages } from './constants.ts';
import { ConnectRestError } from './errors.ts';
import { type JsonValue, memberPath } from './json-body.ts';
import type { CreateConnectorRequest } from './types.ts';

/**
 * One entry of an offsets body, before the sink rules (`SinkUtils.parseSinkConnectorOffsets`) check it.
 */
export interface OffsetEntry {
  readonly partition: Readonly<Record<string, JsonValue>> | null;
  readonly offset: Readonly<Record<string, JsonValue>> | null;
}

const INITIAL_STATES: Readonly<Record<string, TargetState>> = {
  RUNNING: 'STARTED',
  PAUSED: 'PAUSED',
  STOPPED: 'STOPPED',
};

/**
 * Checks the Content-Type of a request with a body: JSON (`application/json`, `…+json`) or none at all.
 *
 * @throws {ConnectRestError} for any other media type (Jersey's `@Consumes(application/json)`).
 * @example
 * requireJson('application/x-www-form-urlencoded'); // throws: HTTP 415 Unsupported Media Type
 */
export function requireJson(contentType: string | undefined): void {
  if (contentType === undefined || contentType.trim() === '') return;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    throw ConnectRestError.unsupportedMediaType();
  }
}

/**
 * A flat config map (`Map<String, String>`): values are strings or `null` (null values are reported by validation,
 * or remove the key in a PATCH).
 *
 * @throws {ConnectRestError} naming the JSON path of a value that is an object or an array, or of a body that is not
 * an object.
 * @example
 * configMap(readJsonBody('{"topics":"t"}'), '$'); // { topics: 't' }
 */
export function configMap(value: JsonValue, path: string): Record<string, string | null> {
  const map = object(value, path, 'a JSON object of configuration keys to string values');
  for (const [key, v] of Object.entries(map)) {
    if (v !== null && typeof v !== 'string') {
      throw ConnectRestError.badRequest(
        `${memberPath(path, key)} must be a string (or null), not ${Array.isArray(v) ? 'an array' : 'an object'}`,
      );
    }
  }
  return map as Record<string, string | null>;
}

/**
 * `POST /connectors` body: `{name, config, initial_state?}`. The name is trimmed (`null` → `""`, which validation
 * reports); `initial_state` is RUNNING, PAUSED or STOPPED in any case.
 *
 * @throws {ConnectRestError} naming the JSON path of an unknown field, a missing config or a bad initial state.
 */
export function createConnectorRequest(value: JsonValue): CreateConnectorRequest {
  const body = object(value, '$', 'a JSON object with name, config and initial_state');
  onlyFields(
    body,
    '$',
    ['name', 'config', 'initial_state'],
    'a create request has name, config and initial_state',
  );
  const name = body.name ?? null;
  if (name !== null && typeof name !== 'string') throw ConnectRestError.badRequest('$.name must be a string');
  if (body.config === undefined || body.config === null) {
    throw ConnectRestError.badRequest(
      '$.config is required: a JSON object of configuration keys to string values',
    );
  }
  const config = configMap(body.config, '$.config');
  const state = body.initial_state ?? null;
  let initialState: TargetState | undefined;
  if (state !== null) {
    initialState = typeof state === 'string' ? INITIAL_STATES[state.toUpperCase()] : undefined;
    if (initialState === undefined) {
      throw ConnectRestError.badRequest(
        `Invalid value ${JSON.stringify(state)} for $.initial_state: expected RUNNING, PAUSED or STOPPED`,
      );
    }
  }
  return { name: name === null ? '' : name.trim(), config, ...(initialState && { initialState }) };
}

/**
 * `PATCH /connectors/{c}/offsets` body: `{"offsets": [{"partition": {…}, "offset": {…} | null}]}`.
 *
 * @throws {ConnectRestError} naming the JSON path of a malformed part, or Connect's message when no offsets are given.
 */
export function offsetsRequest(value: JsonValue): OffsetEntry[] {
  const body = object(value, '$', 'a JSON object with an offsets array');
  onlyFields(body, '$', ['offsets'], 'an offsets request has only offsets');
  const offsets = body.offsets ?? null;
  if (offsets !== null && !Array.isArray(offsets))
    throw ConnectRestError.badRequest('$.offsets must be an array');
  if (offsets === null || offsets.length === 0) throw ConnectRestError.badRequest(Messages.noOffsets);
  return offsets.map((entry, i) => {
    const path = `$.offsets[${i}]`;
    const item = object(entry, path, 'an object with partition and offset');
    onlyFields(item, path, ['partition', 'offset'], 'an offset has partition and offset');
    const nullableObject = (field: 'partition' | 'offset') => {
      const v = item[field] ?? null;
      return v === null ? null : object(v, `${path}.${field}`, 'an object');
    };
    return { partition: nullableObject('partition'), offset: nullableObject('offset') };
  });
}

/**
 * `PUT /admin/loggers/{l}` body: `{"level": "DEBUG"}`; the level, or undefined when absent or null.
 *
 * @throws {ConnectRestError} for a body that is not an object or a level that is not a string.
 * @example
 * loggerLevelRequest(readJsonBody('{"level":"debug"}')); // 'debug'
 */
export function loggerLevelRequest(value: JsonValue): string | undefined {
  const body = object(value, '$', 'a JSON object such as {"level": "DEBUG"}');
  const level = body.level ?? null;
  if (level !== null && typeof level !== 'string')
    throw ConnectRestError.badRequest('$.level must be a string');
  return level ?? undefined;
}

function object(value: JsonValue, path: string, expected: string): Record<string, JsonValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ConnectRestError.badRequest(`${path === '$' ? 'The request body' : path} must be ${expected}`);
  }
  return value;
}

function onlyFields(
  body: Record<string, JsonValue>,
  path: string,
  known: readonly string[],
  hint: string,
): void {
  const unknown = Object.keys(body).find((k) => !known.includes(k));
  if (unknown !== undefined) {
    throw ConnectRestError.badRequest(
      `Unrecognized field ${JSON.stringify(unknown)} at ${memberPath(path, unknown)}: ${hint}`,
    );
  }
}
