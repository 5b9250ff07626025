// Connector configs given on the command line, as `connect-standalone.sh worker.properties connector1.properties …`
// takes them: Java .properties files, or JSON (a flat config map, or `{name, config, initial_state}` as
// `POST /connectors` takes it).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { getProperties } from 'properties-file';
import { ConnectorFileError } from './errors.ts';

/**
 * A connector to create or update at start.
 *
 * @example
 * const { name, config, initialState } = readConnectorFile('aep.json');
 */
export interface ConnectorFile {
  readonly name: string;
  readonly config: Record<string, string>;
  /** `initial_state` (JSON only): applies when the connector is created. */
  readonly initialState?: string;
}

/**
 * Reads one connector file.
 *
 * @throws {ConnectorFileError} naming the file and the key or JSON path at fault.
 * @example
 * const { name, config } = readConnectorFile('config/aep-sink.properties');
 */
export function readConnectorFile(file: string): ConnectorFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConnectorFileError(file, 'file', `cannot be read: ${(e as Error).message}`);
  }
  if (extname(file).toLowerCase() === '.json') return fromJson(file, text);
  const config = getProperties(text);
  return { name: nameOf(file, config, 'name'), config };
}

function fromJson(file: string, text: string): ConnectorFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConnectorFileError(file, '$', `is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new ConnectorFileError(file, '$', 'must be a JSON object');
  if (isObject(parsed.config)) {
    const config = strings(file, '$.config', parsed.config);
    const name = typeof parsed.name === 'string' ? parsed.name.trim() : nameOf(file, config, '$.name');
    const state = parsed.initial_state;
    if (state !== undefined && typeof state !== 'string') {
      throw new ConnectorFileError(file, '$.initial_state', 'must be RUNNING, PAUSED or STOPPED');
    }
    return { name, config, ...(state ? { initialState: state } : {}) };
  }
  const config = strings(file, '$', parsed);
  return { name: nameOf(file, config, '$.name'), config };
}

// Connect's REST layer (Jackson) turns scalar config values into strings; objects, arrays and null are errors.
function strings(file: string, path: string, value: Record<string, unknown>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') config[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') config[key] = String(v);
    else throw new ConnectorFileError(file, `${path}["${key}"]`, 'must be a string, number or boolean');
  }
  return config;
}

function nameOf(file: string, config: Record<string, string>, where: string): string {
  const name = config.name?.trim();
  if (!name) throw new ConnectorFileError(file, where, 'is missing: every connector needs a name');
  return name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
