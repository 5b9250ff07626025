// Connect's transformation chain: `ConnectorConfig.enrich` (the `transforms.<alias>.*` / `predicates.<alias>.*` keys
// and their validation), `ConnectorConfig.transformationStages` and `TransformationStage`/`TransformationChain.apply`.
import {
  ConfigDef,
  ConfigErrors,
  ConfigException,
  type ConfigKey,
  type ConfigProblem,
  type ConfigValue,
  parseType,
  type Validator,
} from '../config/index.ts';
import { sinkConnectorConfigDef, ValidationMessages } from '../connector/index.ts';
import type { SinkRecord } from '../records/types.ts';
import { ChainKeys, PluginType } from './constants.ts';
import { TransformationError } from './errors.ts';
import { type Plugin, SimpleConfig } from './plugin.ts';
import { concreteClassesOf, findPlugin, transformPlugins } from './registry.ts';
import type { Predicate, Transformation, TransformationChain } from './types.ts';

type RawConfig = Readonly<Record<string, unknown>>;

interface Kind {
  readonly type: PluginType;
  readonly aliasKey: string;
  readonly group: string;
  /** `baseClass.getSimpleName()`. */
  readonly interfaceName: string;
}

const TRANSFORMS: Kind = {
  type: PluginType.TRANSFORMATION,
  aliasKey: ChainKeys.TRANSFORMS,
  group: ChainKeys.TRANSFORMS_GROUP,
  interfaceName: 'Transformation',
};
const PREDICATES: Kind = {
  type: PluginType.PREDICATE,
  aliasKey: ChainKeys.PREDICATES,
  group: ChainKeys.PREDICATES_GROUP,
  interfaceName: 'Predicate',
};

/** The aliases listed in `transforms` / `predicates`, de-duplicated (Connect's `LinkedHashSet`). */
function aliases(config: RawConfig, kind: Kind): string[] {
  try {
    return [...new Set(parseType(kind.aliasKey, config[kind.aliasKey] ?? '', 'LIST') as string[])];
  } catch {
    return [];
  }
}

/** The plugin a type key names, when it is a plugin of the right kind. */
function pluginFor(config: RawConfig, typeKey: string, kind: Kind): Plugin | undefined {
  const name = config[typeKey];
  const plugin = typeof name === 'string' ? findPlugin(name) : undefined;
  return plugin?.type === kind.type ? plugin : undefined;
}

/** The validator of `<prefix>type`, in the order Connect checks: class lookup, `negate`, plugin type. */
function typeValidator(config: RawConfig, alias: string, prefix: string, kind: Kind): Validator {
  return {
    description: `valid configs for ${alias} ${kind.type}`,
    ensureValid(key, value) {
      if (value === null || value === undefined) return;
      const name = String(value);
      const plugin = findPlugin(name);
      const concrete = concreteClassesOf(name);
      if (!plugin && !concrete) throw new ConfigException(key, value, `Class ${name} could not be found.`);
      const negate = `${prefix}${ChainKeys.NEGATE}`;
      const predicate = `${prefix}${ChainKeys.PREDICATE}`;
      if (kind === TRANSFORMS && negate in config && !(predicate in config)) {
        throw ConfigException.withMessage(
          key,
          `Config '${negate}' was provided but there is no config '${predicate}' defining a predicate to be negated.`,
        );
      }
      if (!plugin) {
        throw ConfigException.withMessage(
          key,
          `This class is abstract and cannot be created. Did you mean ${concrete?.join(', ')}?`,
        );
      }
      if (plugin.type !== kind.type) {
        throw ConfigException.withMessage(
          key,
          `Class class ${plugin.className} does not implement the ${kind.interfaceName} interface`,
        );
      }
    },
  };
}

/** The implicit `predicate` and `negate` keys every transformation has (`ConnectorConfig.enrich`). */
const IMPLICIT_TRANSFORM_KEYS: readonly ConfigKey[] = [
  {
    name: ChainKeys.PREDICATE,
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: 'The alias of a predicate used to determine whether to apply this transformation.',
  },
  {
    name: ChainKeys.NEGATE,
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    documentation: 'Whether the configured predicate should be negated.',
  },
];

const IMPORTANCE_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/** Kafka's `ConfigDef.sortedConfigs` order for keys without a group: required first, then importance, then name. */
function sortedKeys(keys: ConfigKey[]): ConfigKey[] {
  return [...keys].sort((a, b) => {
    const required = Number(b.defaultValue === undefined) - Number(a.defaultValue === undefined);
    if (required !== 0) return required;
    const importance = IMPORTANCE_ORDER[a.importance] - IMPORTANCE_ORDER[b.importance];
    return importance !== 0 ? importance : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function enrich(def: ConfigDef, config: RawConfig, kind: Kind): void {
  for (const alias of aliases(config, kind)) {
    const prefix = `${kind.aliasKey}.${alias}.`;
    const group = `${kind.group}: ${alias}`;
    const typeKey = `${prefix}${ChainKeys.TYPE}`;
    def.define({
      name: typeKey,
      type: 'CLASS',
      importance: 'HIGH',
      documentation: `Class for the '${alias}' ${kind.type}.`,
      group,
      orderInGroup: 0,
      width: 'LONG',
      displayName: `${kind.interfaceName} type for ${alias}`,
      validator: typeValidator(config, alias, prefix, kind),
      recommendedValues: transformPlugins()
        .filter((p) => p.type === kind.type)
        .map((p) => p.className)
        .sort(),
    });
    const plugin = pluginFor(config, typeKey, kind);
    // KIP-891 (Connect 4.1): the plugin's version, after its type.
    def.define({
      name: `${prefix}${ChainKeys.PLUGIN_VERSION}`,
      type: 'STRING',
      defaultValue: plugin?.version ?? null,
      importance: 'HIGH',
      documentation: `Version of the '${alias}' ${kind.type}.`,
      group,
      orderInGroup: 1,
      width: 'LONG',
      displayName: `${kind.interfaceName} version for ${alias}`,
      ...(plugin?.version !== undefined && { recommendedValues: [plugin.version] }),
    });
    if (!plugin) continue;
    const implicit = kind === TRANSFORMS ? IMPLICIT_TRANSFORM_KEYS : [];
    const own = plugin
      .configDef()
      .keys()
      .filter((k) => !implicit.some((i) => i.name === k.name));
    const child = new ConfigDef();
    for (const key of sortedKeys([...implicit, ...own])) child.define(key);
    def.embed(prefix, group, 1, child);
  }
}

/**
 * The connector's `ConfigDef` enriched with every configured alias's keys (`ConnectorConfig.enrich`):
 * `transforms.<alias>.type` (CLASS, required), the implicit `predicate`/`negate`, the plugin's own keys under the
 * prefix, in groups `Transforms: <alias>` and `Predicates: <alias>`. `base` defaults to just the `transforms` and
 * `predicates` keys of `sinkConnectorConfigDef()`, which are added when `base` lacks them.
 *
 * @example
 * const def = transformsConfigDef(config, sinkConnectorConfigDef());
 * def.validate(config); // per-key ConfigValues for PUT /connector-plugins/{plugin}/config/validate
 */
export function transformsConfigDef(config: RawConfig, base: ConfigDef = new ConfigDef()): ConfigDef {
  const def = new ConfigDef().defineAll(base);
  const framework = sinkConnectorConfigDef();
  for (const name of [ChainKeys.TRANSFORMS, ChainKeys.PREDICATES]) {
    const key = framework.key(name);
    if (key && !def.has(name)) def.define(key);
  }
  enrich(def, config, TRANSFORMS);
  enrich(def, config, PREDICATES);
  return def;
}

interface Stage {
  readonly alias: string;
  readonly className: string;
  readonly transformation: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

interface Configured {
  /** Every key's validation, with the problems found when configuring added to the key they concern. */
  readonly values: Map<string, ConfigValue>;
  /** Every problem: the keys' own (type, validator) first, then those found when configuring. */
  readonly problems: ConfigProblem[];
  readonly stages: Stage[];
}

/**
 * Validates every key, then configures every alias whose keys are valid: Connect's `configure()` checks, and that a
 * transform's predicate is listed in `predicates` (which Connect finds only when the task starts).
 */
function configureAll(config: RawConfig, base?: ConfigDef): Configured {
  const values = transformsConfigDef(config, base).validate(config);
  const problems: ConfigProblem[] = [];
  for (const value of values.values()) {
    for (const message of value.errorMessages) problems.push({ key: value.name, message });
  }
  const report = (e: ConfigException) => {
    problems.push({ key: e.key, message: e.message });
    const value = values.get(e.key);
    if (value) value.errorMessages.push(e.message);
    else {
      const raw = config[e.key] ?? null;
      values.set(e.key, {
        name: e.key,
        value: raw,
        recommendedValues: [],
        errorMessages: [e.message],
        visible: true,
      });
    }
  };

  const configure = <T>(
    alias: string,
    kind: Kind,
    make: (plugin: Plugin, simple: SimpleConfig) => T,
  ): T | undefined => {
    const prefix = `${kind.aliasKey}.${alias}.`;
    const plugin = pluginFor(config, `${prefix}${ChainKeys.TYPE}`, kind);
    const own = [...values.values()].filter((v) => v.name.startsWith(prefix));
    if (!plugin || own.some((v) => v.errorMessages.length > 0)) return undefined;
    const parsed = Object.fromEntries(own.map((v) => [v.name.slice(prefix.length), v.value]));
    const originals = Object.fromEntries(
      Object.entries(config)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    try {
      return make(plugin, new SimpleConfig(parsed, originals, prefix));
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      report(e);
      return undefined;
    }
  };

  // A null value (a REST body may carry one) is refused like Connect does, and its alias is not configured.
  for (const [key, value] of Object.entries(config)) {
    const ours =
      key === ChainKeys.TRANSFORMS || key === ChainKeys.PREDICATES || /^(transforms|predicates)\./.test(key);
    if (value === null && ours) report(ConfigException.withMessage(key, ValidationMessages.NULL_VALUE));
  }

  const predicateAliases = aliases(config, PREDICATES);
  const predicates = new Map<string, Predicate>();
  for (const alias of predicateAliases) {
    const instance = configure(alias, PREDICATES, (plugin, simple) => plugin.configure(simple) as Predicate);
    if (instance) predicates.set(alias, instance);
  }
  const stages: Stage[] = [];
  for (const alias of aliases(config, TRANSFORMS)) {
    const predicateKey = `${TRANSFORMS.aliasKey}.${alias}.${ChainKeys.PREDICATE}`;
    const predicateAlias = config[predicateKey];
    if (typeof predicateAlias === 'string' && !predicateAliases.includes(predicateAlias.trim())) {
      report(
        new ConfigException(
          predicateKey,
          predicateAlias,
          `There is no predicate with alias '${predicateAlias}' in 'predicates' (predicates=[${predicateAliases.join(', ')}])`,
        ),
      );
    }
    const stage = configure(alias, TRANSFORMS, (plugin, simple): Stage => {
      const predicateAlias = simple.string(ChainKeys.PREDICATE);
      return {
        alias,
        className: plugin.className,
        transformation: plugin.configure(simple) as Transformation,
        predicate: predicateAlias === null ? null : (predicates.get(predicateAlias) ?? null),
        negate: simple.bool(ChainKeys.NEGATE),
      };
    });
    if (stage) stages.push(stage);
  }
  return { values, problems, stages };
}

/**
 * Validates the transform and predicate keys like `…/config/validate`: each key's type and validator (the enriched
 * `ConfigDef` of {@link transformsConfigDef} on `base`), plus what Connect finds only when a task starts — each
 * plugin's `configure()` checks (InsertField's "No field insertion configured", HeaderFrom's list lengths, a
 * RegexRouter replacement naming a missing group…) and predicate aliases missing from `predicates` — each message
 * attached to the key it concerns.
 *
 * @example
 * const values = validateTransformsConfig(config, sinkConnectorConfigDef());
 * values.get('transforms.i.type')?.errorMessages; // ['No field insertion configured']
 */
export function validateTransformsConfig(config: RawConfig, base?: ConfigDef): Map<string, ConfigValue> {
  return configureAll(config, base).values;
}

/**
 * Builds the configured chain (`transforms=a,b`, predicates, `negate`), reporting every configuration problem at
 * once. Applying it runs each transform in order, skips one whose predicate (XOR `negate`) is false, stops with
 * `null` when a transform drops the record, and wraps any failure in a {@link TransformationError}.
 *
 * @throws {ConfigErrors} naming each offending key, with Connect's messages.
 * @example
 * const chain = buildTransformationChain({ transforms: 'route', 'transforms.route.type': 'RegexRouter',
 *   'transforms.route.regex': 'soe-(.*)', 'transforms.route.replacement': '$1' });
 * chain.apply(record)?.topic; // "Order" for topic "soe-Order"
 */
export function buildTransformationChain(config: RawConfig): TransformationChain {
  const { problems, stages } = configureAll(config);
  if (problems.length > 0) throw new ConfigErrors(problems);
  return {
    size: stages.length,
    apply(record: SinkRecord): SinkRecord | null {
      let current = record;
      for (const stage of stages) {
        try {
          if (stage.predicate && stage.negate === stage.predicate.test(current)) continue;
          const next = stage.transformation.apply(current);
          if (next === null) return null;
          current = next;
        } catch (e) {
          throw new TransformationError(stage.alias, stage.className, record, e);
        }
      }
      return current;
    },
  };
}
