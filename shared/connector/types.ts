// Plugins (connectors, converters, transformations, predicates) and the validation result shapes of Connect's REST
// API (`ConfigInfos`, `ConfigInfo`, `ConfigKeyInfo`, `ConfigValueInfo`, `PluginInfo` in
// org.apache.kafka.connect.runtime.rest.entities).
import type { ConfigDef, ConfigProblem } from '../config/index.ts';

/** Connect's `PluginType`, lower-cased as the REST API shows it. */
export type PluginType =
  | 'sink'
  | 'source'
  | 'converter'
  | 'header_converter'
  | 'transformation'
  | 'predicate';

/**
 * One plugin class, as Connect's plugin scan finds it: its class name, type, version and config keys.
 */
export interface PluginDescriptor {
  /** Fully qualified class name (nested classes with `$`, e.g. `…InsertField$Value`). */
  readonly className: string;
  readonly type: PluginType;
  /** Listed unless undefined (Connect omits the version `undefined`). */
  readonly version?: string;
  /** Names accepted besides the class name and Connect's computed aliases (e.g. `InsertField$Value`). */
  readonly aliases?: readonly string[];
  /** The plugin's own keys, unprefixed. */
  configDef(): ConfigDef;
}

/**
 * A sink connector plugin: its keys plus its own cross-key checks (`Connector.validate`).
 */
export interface SinkConnectorPlugin extends PluginDescriptor {
  readonly type: 'sink';
  /** Problems across keys (beyond each key's type and validator), each naming its key. */
  validate(config: Readonly<Record<string, string>>): ConfigProblem[];
}

/**
 * `ConnectorConfig.enrich`: `base` plus the keys of every configured transform and predicate alias
 * (`transforms.<alias>.type`, its `predicate`/`negate` and the plugin's own keys). The folder that owns the
 * transforms provides it, so this one does not depend on it.
 */
export type ConfigEnricher = (config: Readonly<Record<string, string>>, base: ConfigDef) => ConfigDef;

/**
 * A check the host adds to validation (the AEP host allowlist, what Lambda event source mappings cannot do, …).
 * Each problem names its key and is reported like Connect's own errors.
 */
export type ConfigCheck = (config: Readonly<Record<string, string>>) => ConfigProblem[];

/**
 * `PluginInfo`: one entry of `GET /connector-plugins`.
 */
export interface PluginInfo {
  readonly class: string;
  readonly type: PluginType;
  readonly version?: string;
}

/**
 * `ConfigKeyInfo`: a key's definition as `GET /connector-plugins/{p}/config` and validate show it.
 */
export interface ConfigKeyInfo {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly default_value: string | null;
  readonly importance: string;
  readonly documentation: string;
  readonly group: string | null;
  readonly order: number;
  readonly width: string;
  readonly display_name: string;
  readonly dependents: readonly string[];
}

/**
 * `ConfigValueInfo`: a key's validated value (PASSWORD values as `[hidden]`) and its errors.
 */
export interface ConfigValueInfo {
  readonly name: string;
  readonly value: string | null;
  readonly recommended_values: readonly string[];
  readonly errors: readonly string[];
  readonly visible: boolean;
}

/**
 * `ConfigInfo`: a definition (null for keys no plugin defines) with its value (null when not validated).
 */
export interface ConfigInfo {
  readonly definition: ConfigKeyInfo | null;
  readonly value: ConfigValueInfo | null;
}

/**
 * `ConfigInfos`: the body of `PUT /connector-plugins/{p}/config/validate`.
 *
 * @example
 * const infos = validateConnectorConfig(config, { registry });
 * infos.error_count; // 0
 */
export interface ConfigInfos {
  /** `connector.class` as submitted. */
  readonly name: string;
  readonly error_count: number;
  readonly groups: readonly string[];
  readonly configs: readonly ConfigInfo[];
}
