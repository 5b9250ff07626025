// Connector config validation as Kafka Connect does it for sink connectors: `AbstractHerder.validateConnectorConfig`
// (framework keys enriched with transforms and predicates by `ConnectorConfig.enrich`, which the registry's enricher
// provides; null values; `SinkConnectorConfig.validate`; the connector's own keys and `validate()`; client overrides
// and converter configs, merged by `generateResult`/`prefixedConfigInfos`/`mergeConfigInfos`) plus host checks.
import {
  ConfigDef,
  ConfigException,
  type ConfigKey,
  type ConfigType,
  type ConfigValue,
  convertToString,
  parseType,
} from '../config/index.ts';
import { PLACEHOLDER } from '../config-providers/index.ts';
import { ClientOverridePrefixes, clientPasswordConfigDef } from '../kafka/index.ts';
import { ValidationMessages } from './constants.ts';
import { FrameworkKeys, sinkConnectorConfigDef } from './framework.ts';
import type { PluginRegistry } from './plugins.ts';
import { hideSecrets, type KeyTypes, secretsHider, shownValue } from './secrets.ts';
import type {
  ConfigCheck,
  ConfigInfo,
  ConfigInfos,
  ConfigKeyInfo,
  ConfigValueInfo,
  PluginType,
  SinkConnectorPlugin,
} from './types.ts';
import { InvalidVersionRequirementError, satisfiesVersion, versionRangeText } from './versions.ts';

const K = FrameworkKeys;

/**
 * A config as a REST body carries it: strings, or `null` (which validation reports).
 */
export type SubmittedConfig = Readonly<Record<string, string | null>>;

/**
 * What validation needs: the plugins (with the transforms' enricher, when the registry has one), and checks of the
 * deployment (each problem names its key).
 */
export interface ValidationOptions {
  readonly registry: PluginRegistry;
  readonly checks?: readonly ConfigCheck[];
  /**
   * The converter classes (`key.converter`, `value.converter`, `header.converter`) a connector gets when its config
   * names none: the worker's, else the sink's. Validate shows them as those keys' defaults, as Connect shows its
   * worker's.
   */
  readonly converterDefaults?: Readonly<Record<string, string>>;
}

/** A block of prefixed keys (client overrides, a converter's config), reported after the connector's own keys. */
interface PrefixedBlock {
  readonly prefix: string;
  readonly def?: ConfigDef;
  readonly values: Map<string, ConfigValue>;
}

/**
 * Validates a sink connector config and returns Connect's `ConfigInfos`: every defined key with its value and
 * errors, keys without a definition that have errors, then client overrides and converter configs. PASSWORD values
 * show as `[hidden]`. Values holding a `${provider:…}` placeholder are not checked here: the sink resolves and checks
 * them when it runs.
 *
 * @throws {ConfigException} for connector.class when it is missing, or when no connector plugin has that class name
 *   or alias (Connect's texts; the REST API answers 400).
 * @example
 * const infos = validateConnectorConfig({ 'connector.class': 'AEPSink', name: 'orders', topics: 'orders' }, { registry });
 * infos.error_count; // 0
 */
export function validateConnectorConfig(config: SubmittedConfig, options: ValidationOptions): ConfigInfos {
  const { registry } = options;
  const connectorClass = config[K.CONNECTOR_CLASS];
  if (connectorClass === undefined || connectorClass === null) {
    throw ConfigException.withMessage(
      FrameworkKeys.CONNECTOR_CLASS,
      `Connector config ${renderJavaMap(config, registry)} contains no connector type`,
    );
  }
  const plugin = registry.connector(connectorClass);
  const strings = Object.fromEntries(
    Object.entries(config).filter((entry): entry is [string, string] => entry[1] !== null),
  );

  // The framework keys, enriched with each transform's and predicate's keys, then the connector's own keys.
  const base = sinkConnectorConfigDef({
    connectorVersion: plugin.version,
    converterDefaults: withConverterVersions(strings, options.converterDefaults ?? {}, registry),
  });
  const framework = registry.enrich?.(strings, base) ?? base;
  const own = plugin.configDef();
  const definitions = new Map<string, ConfigKey>();
  for (const key of [...framework.keys(), ...own.keys()]) definitions.set(key.name, key);

  const values = new Map<string, ConfigValue>([...framework.validate(config), ...own.validate(config)]);
  const addValueError = (key: string, message: string) => {
    const value = values.get(key) ?? newValue(key, config[key] ?? null);
    values.set(key, value);
    if (!value.errorMessages.includes(message)) value.errorMessages.push(message);
  };
  for (const problem of sinkProblems(config)) addValueError(problem.key, problem.message);
  checkConverterClasses(config, registry, values);
  // A transform's or predicate's type shows as its class's full name (Connect's CLASS values).
  for (const value of values.values()) {
    if (/^(transforms|predicates)\.[^.]+\.type$/.test(value.name) && typeof value.value === 'string') {
      value.value = registry.find(value.value)?.className ?? value.value;
    }
  }
  checkVersions(config, registry, plugin, values);
  for (const [key, value] of Object.entries(config))
    if (value === null) addValueError(key, ValidationMessages.NULL_VALUE);

  const blocks = prefixedBlocks(config, strings, values, registry);
  const addError = (key: string, message: string) => {
    const block = blocks.find((b) => key.startsWith(b.prefix) && b.values.has(key));
    if (!values.has(key) && block) {
      const target = block.values.get(key) as ConfigValue;
      if (!target.errorMessages.includes(message)) target.errorMessages.push(message);
    } else addValueError(key, message);
  };
  for (const problem of plugin.validate(strings)) addError(problem.key, problem.message);
  for (const check of options.checks ?? [])
    for (const problem of check(strings)) addError(problem.key, problem.message);

  // Placeholders are resolved by the sink at run time; their values cannot be judged here.
  for (const [key, value] of Object.entries(strings)) {
    if (new RegExp(PLACEHOLDER.source).test(value)) {
      const found = values.get(key) ?? blocks.find((b) => b.values.has(key))?.values.get(key);
      if (found) found.errorMessages.length = 0;
    }
  }
  const typeOf: KeyTypes = (key) => {
    const defined = definitions.get(key)?.type;
    if (defined) return defined;
    const block = blocks.find((b) => b.def && key.startsWith(b.prefix));
    return block?.def?.key(key.slice(block.prefix.length))?.type;
  };
  return generateResult(
    connectorClass,
    definitions,
    [...framework.groups(), ...own.groups()],
    values,
    blocks,
    { typeOf, hide: secretsHider(config, typeOf) },
  );
}

/**
 * The 400 message of create/update/patch when validation found errors (`AbstractHerder.maybeAddConfigErrors`), or
 * undefined when there are none.
 *
 * @example
 * const message = configErrorsMessage(infos); // 'Connector configuration is invalid and contains the following 1 error(s):\n…'
 */
export function configErrorsMessage(infos: ConfigInfos): string | undefined {
  if (infos.error_count === 0) return undefined;
  const lines = infos.configs.flatMap((c) => c.value?.errors ?? []);
  return [
    `Connector configuration is invalid and contains the following ${infos.error_count} error(s):`,
    ...lines,
    ValidationMessages.SEE_VALIDATE_ENDPOINT,
  ].join('\n');
}

/**
 * `ConfigKeyInfo` of a key, optionally under a prefix (`AbstractHerder.convertConfigKey`).
 *
 * @example
 * configKeyInfo(sinkConnectorConfigDef().key('tasks.max')!).default_value; // '1'
 */
export function configKeyInfo(key: ConfigKey, prefix = ''): ConfigKeyInfo {
  const required = key.defaultValue === undefined;
  return {
    name: `${prefix}${key.name}`,
    type: key.type,
    required,
    default_value: required
      ? null
      : convertToString(parseType(key.name, key.defaultValue, key.type), key.type),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    order: key.orderInGroup ?? -1,
    width: key.width ?? 'NONE',
    display_name: key.displayName ?? key.name,
    dependents: [...(key.dependents ?? [])],
  };
}

// `SinkConnectorConfig.validate`: exactly one of topics and topics.regex, and a DLQ topic the connector does not read.
function sinkProblems(config: SubmittedConfig): { key: string; message: string }[] {
  const topics = config[K.TOPICS] ?? '';
  const regex = config[K.TOPICS_REGEX] ?? '';
  const dlq = (config[K.DLQ_TOPIC_NAME] ?? '').trim();
  const hasTopics = topics.trim() !== '';
  const hasRegex = regex.trim() !== '';
  const problems: { key: string; message: string }[] = [];
  const both = (message: string) =>
    problems.push({ key: K.TOPICS, message }, { key: K.TOPICS_REGEX, message });
  if (hasTopics && hasRegex) both(ValidationMessages.TOPICS_BOTH);
  if (!hasTopics && !hasRegex) both(ValidationMessages.TOPICS_NEITHER);
  if (dlq !== '' && hasTopics) {
    const list = [...new Set((parseType(K.TOPICS, topics, 'LIST') as string[]).filter((t) => t !== ''))];
    if (list.includes(dlq)) {
      problems.push({
        key: K.TOPICS,
        message: `The DLQ topic '${dlq}' may not be included in the list of topics ('${K.TOPICS}=[${list.join(', ')}]') consumed by the connector`,
      });
    }
  }
  if (dlq !== '' && hasRegex && fullMatch(regex, dlq)) {
    problems.push({
      key: K.TOPICS_REGEX,
      message: `The DLQ topic '${dlq}' may not be matched by the regex for the topics ('${K.TOPICS_REGEX}=${regex}') consumed by the connector`,
    });
  }
  return problems;
}

function fullMatch(regex: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(value);
  } catch {
    return false; // an invalid regex is already reported against topics.regex
  }
}

// The converter defaults, with the version of the class in use (the config's, else the default) as its version key's
// default, as Connect shows it; none when that class is not a converter of the slot's type.
function withConverterVersions(
  config: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const [key, type, , , versionKey] of CONVERTER_KEYS) {
    const className = config[key] ?? defaults[key];
    const version = className === undefined ? undefined : registry.find(className, [type])?.version;
    if (version !== undefined) out[versionKey] = version;
  }
  return out;
}

// `ConnectorConfig`'s converter class validators and recommenders: a class the registry has, of the right type; the
// value is the class's full name (null when no class has that name); the recommended values are every class of the
// slot's type.
function checkConverterClasses(
  config: SubmittedConfig,
  registry: PluginRegistry,
  values: Map<string, ConfigValue>,
): void {
  for (const [key, type, kind] of CONVERTER_KEYS) {
    const value = values.get(key);
    if (!value || !registry.has(type)) continue;
    const submitted = config[key];
    const className = typeof value.value === 'string' ? value.value : undefined;
    if (className === undefined) continue;
    const found = registry.find(className);
    value.recommendedValues = registry.classNames(type);
    if (!found) {
      value.value = null;
      value.errorMessages.push(
        new ConfigException(key, submitted ?? className, `Class ${className} could not be found.`).message,
      );
      continue;
    }
    value.value = found.className;
    if (!registry.find(className, [type])) {
      value.errorMessages.push(`Class class ${found.className} does not implement the ${kind} interface`);
    }
  }
}

// KIP-891: `connector.plugin.version` and `*.converter.plugin.version` name a version (or range) of the plugin in
// use; the value shown is the version in use, and a requirement no registered version meets is an error on both the
// class key and the version key (`AbstractHerder.validateConnectorPluginSpecifiedConfigs`).
function checkVersions(
  config: SubmittedConfig,
  registry: PluginRegistry,
  plugin: SinkConnectorPlugin,
  values: Map<string, ConfigValue>,
): void {
  const slots: [classKey: string, versionKey: string, className: string | undefined, versions: string[]][] = [
    [K.CONNECTOR_CLASS, K.CONNECTOR_VERSION, plugin.className, registry.versions(plugin.className)],
  ];
  for (const [key, , , , versionKey] of CONVERTER_KEYS) {
    const classValue = values.get(key);
    const className =
      classValue && classValue.errorMessages.length === 0 && typeof classValue.value === 'string'
        ? classValue.value
        : undefined;
    // No class at all (an unknown name): Connect hides the version key.
    const version = values.get(versionKey);
    if (version && classValue && classValue.value === null) version.visible = false;
    slots.push([key, versionKey, className, className ? registry.versions(className) : []]);
  }
  for (const [classKey, versionKey, className, versions] of slots) {
    const value = values.get(versionKey);
    if (!value) continue;
    const [version] = versions;
    const requirement = config[versionKey];
    value.recommendedValues = version === undefined ? [] : [version];
    if (className === undefined || version === undefined) {
      value.value = null;
      continue;
    }
    if (requirement === undefined || requirement === null) {
      value.value = version;
      continue;
    }
    try {
      if (satisfiesVersion(requirement, version)) continue;
      const message = `Plugin ${className} not found that matches the version range ${versionRangeText(requirement)}, available versions: [${versions.join(', ')}]`;
      value.errorMessages.push(message);
      values.get(classKey)?.errorMessages.push(message);
    } catch (e) {
      if (!(e instanceof InvalidVersionRequirementError)) throw e;
      value.errorMessages.push(e.message);
    }
  }
}

const CONVERTER_KEYS: readonly (readonly [
  key: string,
  type: PluginType,
  kind: string,
  converterType: string,
  versionKey: string,
])[] = [
  [K.KEY_CONVERTER, 'converter', 'Converter', 'key', K.KEY_CONVERTER_VERSION],
  [K.VALUE_CONVERTER, 'converter', 'Converter', 'value', K.VALUE_CONVERTER_VERSION],
  [K.HEADER_CONVERTER, 'header_converter', 'HeaderConverter', 'header', K.HEADER_CONVERTER_VERSION],
];

// `validateClientOverrides` (policy All: every override allowed) and `validateConverterConfig`.
function prefixedBlocks(
  config: SubmittedConfig,
  strings: Readonly<Record<string, string>>,
  values: Map<string, ConfigValue>,
  registry: PluginRegistry,
): PrefixedBlock[] {
  const overridePrefixes: string[] = [ClientOverridePrefixes.CONSUMER];
  if ((config[K.DLQ_TOPIC_NAME] ?? '').trim() !== '') {
    overridePrefixes.unshift(ClientOverridePrefixes.PRODUCER);
    overridePrefixes.push(ClientOverridePrefixes.ADMIN);
  }
  const passwords = clientPasswordConfigDef();
  const blocks: PrefixedBlock[] = overridePrefixes.map((prefix) => ({
    prefix,
    def: passwords,
    values: new Map(
      Object.entries(config)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key, newValue(key, value)]),
    ),
  }));
  for (const [key, type, , converterType, versionKey] of CONVERTER_KEYS) {
    const className = strings[key];
    const plugin = className === undefined ? undefined : registry.find(className, [type]);
    const failed = (k: string) => (values.get(k)?.errorMessages.length ?? 0) > 0;
    if (!plugin || failed(key) || failed(versionKey)) continue;
    const prefix = `${key}.`;
    const own = Object.fromEntries(
      Object.entries(strings)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    const def = plugin.configDef();
    // Validated under the prefix, so every message names the key as the user wrote it (value.converter.schemas.enable).
    const settings = { 'converter.type': converterType, ...own };
    const validated = new ConfigDef()
      .embed(prefix, key, 0, def)
      .validate(Object.fromEntries(Object.entries(settings).map(([k, v]) => [`${prefix}${k}`, v])));
    blocks.push({ prefix, def, values: new Map(validated) });
  }
  return blocks;
}

// `AbstractHerder.generateResult` for the connector's keys, then `prefixedConfigInfos` blocks, merged.
function generateResult(
  name: string,
  definitions: Map<string, ConfigKey>,
  groups: readonly string[],
  values: Map<string, ConfigValue>,
  blocks: readonly PrefixedBlock[],
  secrets: Shown,
): ConfigInfos {
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const value of values.values()) {
    if (definitions.has(value.name)) continue;
    configs.push({ definition: null, value: valueInfo(value, undefined, secrets) });
    errorCount += value.errorMessages.length;
  }
  for (const key of definitions.values()) {
    const value = values.get(key.name);
    configs.push({
      definition: configKeyInfo(key),
      value: value ? valueInfo(value, key.type, secrets) : null,
    });
    errorCount += value?.errorMessages.length ?? 0;
  }
  const allGroups = new Set(groups);
  for (const block of blocks) {
    for (const value of block.values.values()) {
      const unprefixed = value.name.slice(block.prefix.length);
      const key = block.def?.key(unprefixed);
      if (key?.group) allGroups.add(key.group);
      configs.push({
        definition: key ? configKeyInfo(key, block.prefix) : null,
        value: valueInfo(value, key?.type, secrets),
      });
      if (value.errorMessages.length > 0) errorCount++;
    }
  }
  return { name, error_count: errorCount, groups: [...allGroups], configs };
}

/** How validate shows secrets: the key types that decide them, and the hider of their values in messages. */
interface Shown {
  readonly typeOf: KeyTypes;
  readonly hide: (text: string) => string;
}

function valueInfo(value: ConfigValue, type: ConfigType | undefined, secrets: Shown): ConfigValueInfo {
  const raw =
    type === undefined
      ? value.value === null
        ? null
        : String(value.value)
      : convertToString(value.value, type);
  return {
    name: value.name,
    value: type === 'PASSWORD' ? raw : shownValue(value.name, raw, secrets.typeOf),
    recommended_values: value.recommendedValues.map(
      (v) => convertToString(v, type === 'LIST' ? 'STRING' : (type ?? 'STRING')) ?? '',
    ),
    errors: value.errorMessages.map(secrets.hide),
    visible: value.visible,
  };
}

function newValue(name: string, value: string | null): ConfigValue {
  return { name, value, recommendedValues: [], errorMessages: [], visible: true };
}

/** Java's `Map.toString()` of the config, with every secret hidden (of any connector's PASSWORD keys, or a client's). */
function renderJavaMap(config: SubmittedConfig, registry: PluginRegistry): string {
  const types = new Map(
    registry
      .infos(true)
      .flatMap((p) => registry.find(p.class)?.configDef().keys() ?? [])
      .map((k) => [k.name, k.type]),
  );
  const shown = hideSecrets(config, (key) => types.get(key));
  return `{${Object.entries(shown)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}
