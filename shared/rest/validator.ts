// Connector configs as the herder checks them (`AbstractHerder.validateConnectorConfig` and the plugin endpoints of
// `ConnectorPluginsResource`): the plugins' definitions and checks, the host's `esm.*` rules and deployment checks,
// and the name rules of this store.

import type { ConfigType } from '../config/index.ts';
import {
  type ConfigCheck,
  type ConfigInfos,
  type ConfigKeyInfo,
  configErrorsMessage,
  configKeyInfo,
  FrameworkKeys,
  type KeyTypes,
  type PluginInfo,
  type PluginRegistry,
  type SubmittedConfig,
  sinkConnectorConfigDef,
  validateConnectorConfig,
} from '../connector/index.ts';
import { NotFoundException } from '../errors/index.ts';
import { type MappingSettingsOptions, validateMappingConfig } from '../mappings/index.ts';
import { Messages } from './constants.ts';
import { ConnectRestError } from './errors.ts';
import { connectorNameProblem } from './names.ts';

/** What the validator checks a config with. */
export interface ConfigValidatorOptions {
  readonly plugins: PluginRegistry;
  /** How the `esm.*` keys are checked: the host's mapping defaults, and whether Lambda's limits apply. */
  readonly mapping: MappingSettingsOptions;
  /** More checks of the deployment (e.g. the AEP host allowlist). */
  readonly checks: readonly ConfigCheck[];
  /** The longest connector name the store keeps, in UTF-8 bytes. */
  readonly maxNameBytes: number;
  /** The largest config the store keeps, as JSON in UTF-8 bytes. */
  readonly maxConfigBytes: number;
  /** The converter classes of a connector that names none (the worker's, else the sink's); validate shows them. */
  readonly converterDefaults?: Readonly<Record<string, string>>;
}

/**
 * Validates connector configs and describes the plugins.
 *
 * @example
 * const validator = new ConnectorConfigValidator({ plugins, mapping: {}, checks: [], maxNameBytes: 1024, maxConfigBytes: 262_144 });
 * validator.validated(config); // the config, or a 400 listing every error
 */
export class ConnectorConfigValidator {
  readonly #plugins: PluginRegistry;
  readonly #checks: readonly ConfigCheck[];
  readonly #maxNameBytes: number;
  readonly #maxConfigBytes: number;
  /** The type of a key in any connector's or converter's definition: what decides which values are secrets. */
  readonly typeOf: KeyTypes;
  readonly #converterDefaults: Readonly<Record<string, string>> | undefined;

  constructor(options: ConfigValidatorOptions) {
    this.typeOf = keyTypes(options.plugins);
    this.#plugins = options.plugins;
    this.#converterDefaults = options.converterDefaults;
    this.#maxNameBytes = options.maxNameBytes;
    this.#maxConfigBytes = options.maxConfigBytes;
    this.#checks = [
      (config) => validateMappingConfig(config, options.mapping),
      ...options.checks,
      (config) => this.#nameFits(config),
      (config) => this.#sizeFits(config),
    ];
  }

  /** `PUT /connector-plugins/{p}/config/validate`: always the full `ConfigInfos`. */
  validate(config: SubmittedConfig): ConfigInfos {
    return validateConnectorConfig(config, {
      registry: this.#plugins,
      checks: this.#checks,
      converterDefaults: this.#converterDefaults,
    });
  }

  /** The version of the connector plugin a stored config names (status shows it, KIP-891). */
  connectorVersion(config: Readonly<Record<string, string>>): string | undefined {
    const className = config[FrameworkKeys.CONNECTOR_CLASS];
    return className === undefined ? undefined : this.#plugins.find(className)?.version;
  }

  /**
   * The config of a create or update, when valid.
   *
   * @throws {ConnectRestError} with Connect's message listing every error.
   */
  validated(config: SubmittedConfig): Record<string, string> {
    const message = configErrorsMessage(this.validate(config));
    if (message) throw ConnectRestError.badRequest(message);
    return config as Record<string, string>;
  }

  /** `GET /connector-plugins`. */
  plugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#plugins.infos(connectorsOnly);
  }

  /** `GET /connector-plugins/{p}/config`: the plugin's keys, then (for connectors) the framework keys it lacks. */
  pluginConfig(plugin: string): ConfigKeyInfo[] {
    const found = this.#plugins.find(plugin);
    if (!found) throw new NotFoundException(`Unknown plugin ${plugin}.`);
    const keys = new Map(
      found
        .configDef()
        .keys()
        .map((k) => [k.name, k]),
    );
    if (found.type === 'sink') {
      for (const k of sinkConnectorConfigDef({ connectorVersion: found.version }).keys())
        if (!keys.has(k.name)) keys.set(k.name, k);
    }
    return [...keys.values()].map((k) => configKeyInfo(k));
  }

  #nameFits(config: Readonly<Record<string, string>>) {
    const name = config[FrameworkKeys.NAME];
    const problem = name === undefined ? undefined : connectorNameProblem(name, this.#maxNameBytes);
    if (problem === undefined) return [];
    const shown =
      Buffer.byteLength(name as string) > 64
        ? `(a name of ${[...(name as string)].length} characters)`
        : name;
    return [
      { key: FrameworkKeys.NAME, message: `Invalid value ${shown} for configuration name: ${problem}` },
    ];
  }

  /** A config the store could not keep (PATCHes can grow one past any body limit) is refused at its largest value. */
  #sizeFits(config: Readonly<Record<string, string>>) {
    const bytes = Buffer.byteLength(JSON.stringify(config), 'utf8');
    if (bytes <= this.#maxConfigBytes) return [];
    const [key, value] = Object.entries(config).reduce((a, b) => (b[1].length > a[1].length ? b : a));
    return [
      {
        key,
        message: `Invalid value (${Buffer.byteLength(value, 'utf8')} bytes) for configuration ${key}: the config would take ${bytes} bytes, more than the ${this.#maxConfigBytes} a connector can keep, and this is its largest value`,
      },
    ];
  }
}

/** Every defined key's type: the framework's, each connector's, each converter's under its three prefixes. */
function keyTypes(plugins: PluginRegistry): KeyTypes {
  const types = new Map<string, ConfigType>();
  const add = (name: string, type: ConfigType) => {
    if (types.get(name) !== 'PASSWORD') types.set(name, type);
  };
  for (const key of sinkConnectorConfigDef().keys()) add(key.name, key.type);
  for (const info of plugins.infos(false)) {
    const plugin = plugins.find(info.class, [info.type]);
    if (!plugin) continue;
    const converter = plugin.type === 'converter' || plugin.type === 'header_converter';
    if (!converter && plugin.type !== 'sink') continue;
    for (const key of plugin.configDef().keys()) {
      if (!converter) add(key.name, key.type);
      else for (const slot of CONVERTER_SLOTS) add(`${slot}.${key.name}`, key.type);
    }
  }
  return (key) => types.get(key);
}

const CONVERTER_SLOTS = [
  FrameworkKeys.KEY_CONVERTER,
  FrameworkKeys.VALUE_CONVERTER,
  FrameworkKeys.HEADER_CONVERTER,
];

/**
 * `checkAndPutConnectorConfigName`: the config's `name` must equal the URL's, and is added when absent.
 *
 * @throws {ConnectRestError} with Connect's message when they differ.
 */
export function withName(name: string, config: SubmittedConfig): SubmittedConfig {
  const included = config[FrameworkKeys.NAME];
  if (included === undefined || included === null) return { ...config, [FrameworkKeys.NAME]: name };
  if (included !== name) throw ConnectRestError.badRequest(Messages.nameMismatch(included, name));
  return config;
}
