// A connector given outside the REST API: `connect-standalone.sh`'s connector files (Java .properties) or JSON, either
// a flat config map or a `POST /connectors` body (`{name, config, initial_state}`). The local worker reads them from
// its command line, the sink function from `CONNECTOR_CONFIG` / `CONNECTOR_CONFIG_FILE`.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { getProperties } from 'properties-file';
import { ConfigErrors } from '../config/index.ts';

/**
 * A connector as a file or a variable declares it.
 */
export interface ConnectorFile {
  readonly name: string;
  readonly config: Record<string, string>;
  /** `initial_state` of a `POST /connectors` body, as written (the REST layer checks it). */
  readonly initialState?: string;
}

/**
 * Reads a connector file: `.json` as {@link parseConnectorJson}, anything else as Java `.properties`.
 *
 * @throws {ConfigErrors} naming the file and the key or JSON path at fault.
 */
export function readConnectorFile(file: string): ConnectorFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigErrors([{ key: file, message: `Cannot read ${file}: ${(e as Error).message}` }]);
  }
  if (extname(file).toLowerCase() === '.json') return parseConnectorJson(file, text);
  const config = getProperties(text);
  return { name: nameOf(file, config, 'name'), config };
}

/**
 * Parses a connector given as JSON. Scalar values become strings, as Connect's REST layer (Jackson) turns them;
 * objects, arrays and null are refused. `source` names where the text came from (a file, a variable).
 *
 * @throws {ConfigErrors} naming `source` and the JSON path at fault.
 * @example
 * parseConnectorJson('CONNECTOR_CONFIG', '{"name":"aep","config":{"tasks.max":1}}').config; // { 'tasks.max': '1' }
 */
export function parseConnectorJson(source: string, text: string): ConnectorFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw problem(source, '$', `is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw problem(source, '$', 'must be a JSON object');
  if (!isObject(parsed.config)) {
    const config = strings(source, '$', parsed);
    return { name: nameOf(source, config, '$.name'), config };
  }
  const config = strings(source, '$.config', parsed.config);
  const name =
    typeof parsed.name === 'string' && parsed.name.trim()
      ? parsed.name.trim()
      : nameOf(source, config, '$.name');
  const state = parsed.initial_state;
  if (state !== undefined && typeof state !== 'string') {
    throw problem(source, '$.initial_state', 'must be RUNNING, PAUSED or STOPPED');
  }
  return { name, config, ...(state ? { initialState: state } : {}) };
}

function strings(source: string, path: string, value: Record<string, unknown>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') config[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') config[key] = String(v);
    else throw problem(source, `${path}[${JSON.stringify(key)}]`, 'must be a string, number or boolean');
  }
  return config;
}

function nameOf(source: string, config: Record<string, string>, where: string): string {
  const name = config.name?.trim();
  if (!name) throw problem(source, where, 'is missing: every connector needs a name');
  return name;
}

function problem(source: string, where: string, reason: string): ConfigErrors {
  return new ConfigErrors([{ key: source, message: `${source}: ${where} ${reason}` }]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
