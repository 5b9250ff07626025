// How one transform or predicate plugin is described and configured: Connect's `Transformation.config()` +
// `configure(Map)` (through `SimpleConfig`), and the `$Key`/`$Value` operating side of the keyed SMTs.
import {
  type ConfigDef,
  ConfigException,
  type ConfigKey,
  nonEmptyList,
  parseValidator,
  type Validator,
} from '../config/index.ts';
import type { ConnectSchema, SinkRecord } from '../records/types.ts';
import { KAFKA_VERSION, PluginType, REPLACE_NULL_WITH_DEFAULT_DOC } from './constants.ts';
import { type DataMap, requireMap, requireStruct } from './support/data.ts';
import type { Predicate, Transformation, TransformPluginInfo } from './types.ts';

/**
 * The parsed configuration of one alias (`transforms.<alias>.*` without the prefix), with Connect's `SimpleConfig`
 * getters. Its errors name the full key (`transforms.<alias>.<key>`).
 *
 * @example
 * const fields = config.list('fields');
 * if (fields.length !== headers.length) throw config.problem('headers', "'fields' config must have …");
 */
export class SimpleConfig {
  readonly #values: Readonly<Record<string, unknown>>;
  readonly #originals: Readonly<Record<string, unknown>>;
  readonly #prefix: string;

  /**
   * @param values the plugin's keys, parsed and without the prefix
   * @param originals every raw key under the prefix, without it (Connect's `originalsWithPrefix`)
   * @param prefix `transforms.<alias>.` or `predicates.<alias>.`
   */
  constructor(
    values: Readonly<Record<string, unknown>>,
    originals: Readonly<Record<string, unknown>>,
    prefix: string,
  ) {
    this.#values = values;
    this.#originals = originals;
    this.#prefix = prefix;
  }

  string(key: string): string | null {
    return (this.#values[key] as string | null | undefined) ?? null;
  }
  list(key: string): string[] {
    return (this.#values[key] as string[] | null | undefined) ?? [];
  }
  bool(key: string): boolean {
    return this.#values[key] === true;
  }
  int(key: string): number | null {
    return (this.#values[key] as number | null | undefined) ?? null;
  }
  /** A raw value as configured, also for keys the plugin does not define. */
  original(key: string): unknown {
    return this.#originals[key];
  }

  /** Connect's `new ConfigException(key, value, reason)` for a problem found in `configure()`. */
  invalid(key: string, value: unknown, reason: string): ConfigException {
    return new ConfigException(this.#prefix + key, value, reason);
  }

  /** Connect's `new ConfigException(message)`, attached to `key`. */
  problem(key: string, message: string): ConfigException {
    return ConfigException.withMessage(this.#prefix + key, message);
  }
}

/**
 * A transformation plugin: its description plus `configure`, which throws `ConfigException` for cross-key problems.
 *
 * @example
 * const transform = regexRouter.configure(config); // a Transformation
 */
export interface TransformationPlugin extends TransformPluginInfo {
  readonly type: 'transformation';
  configure(config: SimpleConfig): Transformation;
}
/**
 * A predicate plugin.
 *
 * @example
 * const test = topicNameMatches.configure(config); // a Predicate
 */
export interface PredicatePlugin extends TransformPluginInfo {
  readonly type: 'predicate';
  configure(config: SimpleConfig): Predicate;
}
/**
 * Any plugin of the registry.
 */
export type Plugin = TransformationPlugin | PredicatePlugin;

interface PluginSpec<T> {
  readonly className: string;
  readonly documentation: string;
  readonly version?: string;
  configDef(): ConfigDef;
  configure(config: SimpleConfig): T;
}

/**
 * Declares a transformation plugin (version defaults to the Kafka release the built-ins reproduce).
 */
export function transformation(spec: PluginSpec<Transformation>): TransformationPlugin {
  return { ...spec, type: PluginType.TRANSFORMATION, version: spec.version ?? KAFKA_VERSION };
}

/**
 * Declares a predicate plugin.
 */
export function predicate(spec: PluginSpec<Predicate>): PredicatePlugin {
  return { ...spec, type: PluginType.PREDICATE, version: spec.version ?? KAFKA_VERSION };
}

/**
 * The part of the record a `$Key` or `$Value` SMT operates on (`operatingSchema`/`operatingValue`/`newRecord`).
 */
export interface Side {
  schema(record: SinkRecord): ConnectSchema | null;
  value(record: SinkRecord): unknown;
  update(record: SinkRecord, schema: ConnectSchema | null, value: unknown): SinkRecord;
}

/**
 * The record key (`…$Key`).
 */
export const KEY: Side = {
  schema: (r) => r.keySchema,
  value: (r) => r.key,
  update: (r, keySchema, key) => ({ ...r, keySchema, key }),
};

/**
 * The record value (`…$Value`).
 */
export const VALUE: Side = {
  schema: (r) => r.valueSchema,
  value: (r) => r.value,
  update: (r, valueSchema, value) => ({ ...r, valueSchema, value }),
};

/**
 * The `apply` of a keyed SMT that rebuilds a map or struct key/value, as Connect's `apply` → `applySchemaless` /
 * `applyWithSchema` (InsertField, ReplaceField, Flatten, Cast): a null key/value passes through; a schemaless one must
 * be a map, one with a schema a struct (a `DataException` naming `purpose` otherwise).
 *
 * @example
 * apply: mapOrStruct(VALUE, 'field insertion', { schemaless: (map) => ({ ...map, at }), withSchema: … })
 */
export function mapOrStruct(
  side: Side,
  purpose: string,
  apply: {
    schemaless(map: DataMap, record: SinkRecord): DataMap;
    withSchema(
      struct: DataMap,
      schema: ConnectSchema,
      record: SinkRecord,
    ): { schema: ConnectSchema; value: DataMap };
  },
): (record: SinkRecord) => SinkRecord {
  return (record) => {
    const value = side.value(record);
    if (value === null || value === undefined) return record;
    const schema = side.schema(record);
    if (schema === null)
      return side.update(record, null, apply.schemaless(requireMap(value, purpose), record));
    const updated = apply.withSchema(requireStruct(value, schema.type, purpose), schema, record);
    return side.update(record, updated.schema, updated.value);
  };
}

/**
 * Declares the `$Key` or `$Value` class of a keyed SMT, as `side` says; its documentation ends with the paragraph of
 * every keyed SMT's `OVERVIEW_DOC` naming both classes.
 */
export function keyedTransformation(
  side: Side,
  spec: Omit<PluginSpec<Transformation>, 'className'> & {
    readonly keyClass: string;
    readonly valueClass: string;
  },
): TransformationPlugin {
  const { keyClass, valueClass, ...rest } = spec;
  return transformation({
    ...rest,
    className: side === KEY ? keyClass : valueClass,
    documentation: `${spec.documentation}<p/>Use the concrete transformation type designed for the record key (<code>${keyClass}</code>) or value (<code>${valueClass}</code>).`,
  });
}

/**
 * The required `fields` list (HIGH importance, not empty) that HeaderFrom, MaskField and ValueToKey define, with what
 * the fields are for.
 */
export function fieldsKey(documentation: string): ConfigKey {
  return { name: 'fields', type: 'LIST', importance: 'HIGH', documentation, validator: nonEmptyList };
}

/**
 * The validator of a list of colon-delimited pairs (Cast's `spec`, ReplaceField's `renames`): `parse` throws what is
 * wrong with them.
 */
export function colonPairsValidator(parse: (mappings: string[]) => unknown): Validator {
  return parseValidator('list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>', (value) =>
    parse(value as string[]),
  );
}

/**
 * Java's `String.split(":")` of one colon-delimited pair: trailing empty parts are dropped.
 *
 * @example
 * splitPair('a:'); // ['a']
 */
export function splitPair(mapping: string): string[] {
  const parts = mapping.split(':');
  while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return parts;
}

/**
 * `replace.null.with.default` (BOOLEAN, default true), defined by most keyed SMTs.
 */
export const REPLACE_NULL_WITH_DEFAULT: ConfigKey = {
  name: 'replace.null.with.default',
  type: 'BOOLEAN',
  defaultValue: true,
  importance: 'MEDIUM',
  documentation: REPLACE_NULL_WITH_DEFAULT_DOC,
};
