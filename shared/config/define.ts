// A typed definition of a set of keys, in the spirit of Kafka's `AbstractConfig`: the keys are declared once, as an
// object literal, and that declaration gives the `ConfigDef` (validate, `/config` answers, docs) and typed getters
// over parsed values, so the code reading a key never casts it.
import { ConfigDef } from './config-def.ts';
import { ConfigErrors, ConfigException, type ConfigProblem } from './errors.ts';
import type { Password } from './password.ts';
import type { ConfigKey } from './types.ts';

/** One key as {@link defineConfig} takes it: a `ConfigKey` whose name is the property it is declared under. */
export type KeySpec = Omit<ConfigKey, 'name' | 'importance'> & {
  readonly importance?: ConfigKey['importance'];
};

/** Keys declared by name. */
export type KeySpecs = Readonly<Record<string, KeySpec>>;

type TypeOf<T> = T extends 'BOOLEAN'
  ? boolean
  : T extends 'INT' | 'SHORT' | 'LONG' | 'DOUBLE'
    ? number
    : T extends 'LIST'
      ? readonly string[]
      : T extends 'PASSWORD'
        ? Password
        : string;

/** What a key's validator lets through when it narrows the type (`validString('none', 'all')`), else its type. */
type Narrowed<S extends KeySpec> = S extends { readonly validator: { readonly accepts?: infer V } }
  ? Exclude<V, undefined> extends TypeOf<S['type']>
    ? Exclude<V, undefined>
    : TypeOf<S['type']>
  : TypeOf<S['type']>;

/** The parsed value of a key: `null` is possible only when the key's default is `null`. */
export type ValueOf<S extends KeySpec> = S extends { readonly defaultValue: null }
  ? Narrowed<S> | null
  : Narrowed<S>;

/** Every key's parsed value, by name. */
export type ConfigValues<S extends KeySpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** Values every key gets unless it sets its own (`group`, `width`, `importance`). */
export type KeyDefaults = Partial<Pick<ConfigKey, 'group' | 'width' | 'importance'>>;

/**
 * The typed values of one parsed configuration (`AbstractConfig`): `get` returns each key's type, so reading
 * `errors.tolerance` gives `'none' | 'all'`, and `optional` turns "not set" (null, `''`, an empty list or password)
 * into `undefined`.
 */
export class ParsedConfig<S extends KeySpecs> {
  readonly #values: Readonly<Record<string, unknown>>;
  /** The configuration as it was given. */
  readonly originals: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>, originals: Readonly<Record<string, unknown>>) {
    this.#values = values;
    this.originals = originals;
  }

  get<K extends keyof S & string>(key: K): ValueOf<S[K]> {
    return this.#values[key] as ValueOf<S[K]>;
  }

  optional<K extends keyof S & string>(key: K): NonNullable<ValueOf<S[K]>> | undefined {
    const value = this.#values[key] as { value?: unknown } | string | readonly string[] | null | undefined;
    if (value === null || value === undefined || value === '') return undefined;
    if (Array.isArray(value) && value.length === 0) return undefined;
    if (typeof value === 'object' && 'value' in value && value.value === '') return undefined;
    return value as NonNullable<ValueOf<S[K]>>;
  }
}

/**
 * Problems found across keys once each key parsed on its own, collected so all are reported at once.
 */
export class ConfigProblems {
  readonly list: ConfigProblem[] = [];

  /** Kafka's `ConfigException` text: `Invalid value V for configuration K: reason`. */
  invalid(key: string, value: unknown, reason: string): void {
    this.list.push({ key, message: new ConfigException(key, value, reason).message });
  }

  add(...problems: ConfigProblem[]): void {
    this.list.push(...problems);
  }
}

/** Settings derived from a configuration, or the problems that kept them from being derived. */
export interface Resolved<T> {
  /** Undefined when a key did not parse; it may be set while `problems` is not empty. */
  readonly settings?: T;
  readonly problems: ConfigProblem[];
}

/**
 * The settings when there is no problem.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 */
export function settingsOrThrow<T>(resolved: Resolved<T>): T {
  if (resolved.settings === undefined || resolved.problems.length > 0)
    throw new ConfigErrors(resolved.problems);
  return resolved.settings;
}

/** A set of keys declared with {@link defineConfig}. */
export class ConfigDefinition<S extends KeySpecs> {
  /** The declarations, by name (to derive another key from one: `{ ...definition.keys[name], documentation }`). */
  readonly keys: S;
  readonly #def: ConfigDef;

  constructor(keys: S, defaults: KeyDefaults) {
    this.keys = keys;
    this.#def = new ConfigDef();
    const order = new Map<string | undefined, number>();
    for (const [name, spec] of Object.entries(keys)) {
      const key = { importance: 'MEDIUM', ...defaults, ...spec, name } as ConfigKey;
      const orderInGroup = key.orderInGroup ?? (order.get(key.group) ?? 0) + 1;
      order.set(key.group, orderInGroup);
      this.#def.define(key.group === undefined ? key : { ...key, orderInGroup });
    }
  }

  /** A new `ConfigDef` of these keys, in declaration order, for validation, the REST answers and the docs. */
  configDef(): ConfigDef {
    return new ConfigDef().defineAll(this.#def);
  }

  /**
   * Every key parsed and validated on its own, defaults filled in.
   *
   * @throws {ConfigErrors} listing every problem, each naming its key.
   */
  parse(props: Readonly<Record<string, unknown>>): ParsedConfig<S> {
    return new ParsedConfig(this.#def.parse(props), props);
  }

  /**
   * Parses the keys, then derives settings from them with `derive`, which reports what is wrong across keys to
   * `problems`. The keys' own problems come first; when a key does not parse, `derive` is not called.
   */
  resolve<T>(
    props: Readonly<Record<string, unknown>>,
    derive: (config: ParsedConfig<S>, problems: ConfigProblems) => T,
  ): Resolved<T> {
    let config: ParsedConfig<S>;
    try {
      config = this.parse(props);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      return { problems: [...e.problems] };
    }
    const problems = new ConfigProblems();
    const settings = derive(config, problems);
    return { settings, problems: problems.list };
  }
}

/**
 * Declares a set of keys once. Each key is a `ConfigKey` without its name (the property names it); `defaults` fills
 * in `group`, `width` and `importance` (MEDIUM otherwise), and keys of one group are ordered as declared unless they
 * set `orderInGroup`.
 *
 * @example
 * const def = defineConfig({ 'errors.tolerance': { type: 'STRING', defaultValue: 'none', documentation: '…', validator: validString('none', 'all') } });
 * def.parse(props).get('errors.tolerance'); // typed 'none' | 'all'
 */
export function defineConfig<const S extends KeySpecs>(
  keys: S,
  defaults: KeyDefaults = {},
): ConfigDefinition<S> {
  return new ConfigDefinition(keys, defaults);
}
