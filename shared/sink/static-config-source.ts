// The static ConnectorConfigSource: one connector config given to the function by its environment, as JSON
// (`CONNECTOR_CONFIG`) or a file (`CONNECTOR_CONFIG_FILE`, Java .properties or JSON), read as the local worker reads
// its connector files (shared/connector/connector-file.ts).
import { ConfigErrors } from '../config/index.ts';
import { type ConfigProviders, resolveConfig } from '../config-providers/index.ts';
import { type ConnectorFile, parseConnectorJson, readConnectorFile } from '../connector/index.ts';
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
    let connector: ConnectorFile;
    if (inline) connector = parseConnectorJson(SinkEnv.CONNECTOR_CONFIG, inline);
    else if (file) connector = readConnectorFile(file);
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
