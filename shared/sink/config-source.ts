// The static ConnectorConfigSource: one connector config given to the function by its environment, as JSON
// (`CONNECTOR_CONFIG`) or a file (`CONNECTOR_CONFIG_FILE`, Java .properties or JSON). JSON is either a flat config
// map or a `POST /connectors` body (`{"name": …, "config": {…}}`); scalar values become strings as in Connect's REST
// layer.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { getProperties } from 'properties-file';
import { ConfigErrors } from '../config/index.ts';
import { type ConfigProviders, resolveConfig } from '../config-providers/index.ts';
import { SinkEnv } from './constants.ts';
import type { ConnectorConfigSnapshot, ConnectorConfigSource, InvocationIdentity } from './types.ts';

export interface StaticConfigSourceOptions {
  /** Where `CONNECTOR_CONFIG` / `CONNECTOR_CONFIG_FILE` are read; `process.env` unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Resolves `${provider:reference}` placeholders (e.g. `${secretsmanager:aep/client-secret}`) when given. */
  readonly providers?: ConfigProviders;
}

/**
 * Serves the one connector config the environment describes, to every invocation. It is read (and its placeholders
 * resolved) on the first call; a failed read is tried again on the next call. Its version is always 1: the config
 * changes only with the function's configuration, which starts new containers.
 *
 * @throws {ConfigErrors} from `get`, naming the variable, file or JSON path that is wrong.
 * @example
 * const source = new StaticConfigSource(); // CONNECTOR_CONFIG='{"name":"aep","config":{…}}'
 * const { name, config } = await source.get(context);
 */
export class StaticConfigSource implements ConnectorConfigSource {
  readonly #options: StaticConfigSourceOptions;
  #snapshot: Promise<ConnectorConfigSnapshot> | undefined;

  constructor(options: StaticConfigSourceOptions = {}) {
    this.#options = options;
  }

  get(_context?: InvocationIdentity): Promise<ConnectorConfigSnapshot> {
    if (!this.#snapshot) {
      const snapshot = this.#load();
      this.#snapshot = snapshot;
      snapshot.catch(() => {
        if (this.#snapshot === snapshot) this.#snapshot = undefined;
      });
    }
    return this.#snapshot;
  }

  async #load(): Promise<ConnectorConfigSnapshot> {
    const env = this.#options.env ?? process.env;
    const inline = env[SinkEnv.CONNECTOR_CONFIG]?.trim();
    const file = env[SinkEnv.CONNECTOR_CONFIG_FILE]?.trim();
    let connector: { name: string; config: Record<string, string> };
    if (inline) connector = parseConnectorJson(SinkEnv.CONNECTOR_CONFIG, inline);
    else if (file) connector = readConnectorConfigFile(file);
    else {
      throw new ConfigErrors([
        {
          key: SinkEnv.CONNECTOR_CONFIG,
          message: `Neither ${SinkEnv.CONNECTOR_CONFIG} nor ${SinkEnv.CONNECTOR_CONFIG_FILE} is set: the sink has no connector config`,
        },
      ]);
    }
    const config = this.#options.providers
      ? await resolveConfig(connector.config, this.#options.providers)
      : connector.config;
    return { name: connector.name, config: { ...config, name: connector.name }, version: 1 };
  }
}

/**
 * Reads a connector config file: `.json` as {@link parseConnectorJson}, anything else as Java `.properties`.
 *
 * @throws {ConfigErrors} naming the file and what is wrong.
 * @example
 * readConnectorConfigFile('/opt/aep-sink.properties'); // { name: 'aep', config: { … } }
 */
export function readConnectorConfigFile(file: string): { name: string; config: Record<string, string> } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw problem(SinkEnv.CONNECTOR_CONFIG_FILE, `Cannot read ${file}: ${(e as Error).message}`);
  }
  if (extname(file).toLowerCase() === '.json') return parseConnectorJson(file, text);
  const config = getProperties(text);
  return { name: nameOf(file, config, 'name'), config };
}

/**
 * Parses a connector config given as JSON: a flat map, or `{"name": …, "config": {…}}`.
 *
 * @throws {ConfigErrors} naming `source` and the JSON path at fault.
 * @example
 * parseConnectorJson('CONNECTOR_CONFIG', '{"name":"aep","config":{"tasks.max":1}}').config; // { 'tasks.max': '1' }
 */
export function parseConnectorJson(
  source: string,
  text: string,
): { name: string; config: Record<string, string> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw problem(source, `${source} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw problem(source, `${source}: $ must be a JSON object`);
  if (isObject(parsed.config)) {
    const config = strings(source, '$.config', parsed.config);
    const name =
      typeof parsed.name === 'string' && parsed.name.trim()
        ? parsed.name.trim()
        : nameOf(source, config, '$.name');
    return { name, config };
  }
  const config = strings(source, '$', parsed);
  return { name: nameOf(source, config, '$.name'), config };
}

function strings(source: string, path: string, value: Record<string, unknown>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') config[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') config[key] = String(v);
    else
      throw problem(source, `${source}: ${path}[${JSON.stringify(key)}] must be a string, number or boolean`);
  }
  return config;
}

function nameOf(source: string, config: Record<string, string>, where: string): string {
  const name = config.name?.trim();
  if (!name) throw problem(source, `${source}: ${where} is missing: every connector needs a name`);
  return name;
}

function problem(key: string, message: string): ConfigErrors {
  return new ConfigErrors([{ key, message }]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
