// A typed configuration definition with the parsing rules and messages of Kafka's `ConfigDef`.
import { ConfigType, HIDDEN } from './constants.ts';
import { ConfigErrors, ConfigException, type ConfigProblem } from './errors.ts';
import { Password } from './password.ts';
import type { ConfigKey, ConfigValue } from './types.ts';

const INT_RANGE: Record<string, [number, number]> = {
  SHORT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * Parses one raw value into its type, as `ConfigDef.parseType` does: strings are trimmed, booleans are
 * `true`/`false` in any case, numbers must be whole (INT/SHORT/LONG) and in range, lists split on commas.
 *
 * @example
 * parseType('tasks.max', ' 2 ', 'INT'); // 2
 * parseType('topics', 'a, b', 'LIST');  // ['a', 'b']
 */
export function parseType(key: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Password) {
    if (type === ConfigType.PASSWORD) return value;
    value = value.value;
  }
  const raw = typeof value === 'string' ? value.trim() : value;
  switch (type) {
    case ConfigType.BOOLEAN: {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw new ConfigException(key, value, 'Expected value to be either true or false');
    }
    case ConfigType.STRING:
    case ConfigType.CLASS:
      return typeof value === 'string' ? raw : String(value);
    case ConfigType.PASSWORD:
      return new Password(String(value));
    case ConfigType.SHORT:
    case ConfigType.INT:
    case ConfigType.LONG: {
      const s = String(raw);
      const n = /^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN;
      const [min, max] = INT_RANGE[type] as [number, number];
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw new ConfigException(key, value, `Not a number of type ${type}`);
      }
      return n;
    }
    case ConfigType.DOUBLE: {
      const s = String(raw);
      const n = s === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(n)) throw new ConfigException(key, value, 'Not a number of type DOUBLE');
      return n;
    }
    case ConfigType.LIST: {
      if (Array.isArray(raw)) return raw.map((v) => String(v).trim());
      const s = String(raw);
      return s === '' ? [] : s.split(/\s*,\s*/);
    }
  }
}

/**
 * Renders a parsed value the way `ConfigDef.convertToString` does (REST `default_value` and `value` fields):
 * lists joined with `,`, passwords as `[hidden]`, null as null.
 *
 * @example
 * convertToString(['a', 'b'], 'LIST'); // "a,b"
 */
export function convertToString(value: unknown, type: ConfigType): string | null {
  if (value === null || value === undefined) return null;
  if (type === ConfigType.PASSWORD || value instanceof Password) return HIDDEN;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/**
 * A set of configuration keys: defines them once (type, default, importance, documentation, group, validator) and
 * then parses or validates whole configurations, reporting every problem at once.
 *
 * @example
 * const def = new ConfigDef()
 *   .define({ name: 'aep.endpoint', type: 'STRING', importance: 'HIGH', documentation: 'DCS inlet URL' })
 *   .define({ name: 'aep.connection.maxRetries', type: 'INT', defaultValue: 3, importance: 'MEDIUM', documentation: '…' });
 * const parsed = def.parse({ 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc' });
 */
export class ConfigDef {
  readonly #keys = new Map<string, ConfigKey>();

  /** Adds a key; defining the same name twice is a programming error. */
  define(key: ConfigKey): this {
    if (this.#keys.has(key.name)) throw new Error(`Configuration ${key.name} is defined twice.`);
    this.#keys.set(key.name, key);
    return this;
  }

  /** Adds every key of `other` that this definition does not have yet (`putIfAbsent`). */
  defineAll(other: ConfigDef): this {
    for (const key of other.keys()) if (!this.#keys.has(key.name)) this.#keys.set(key.name, key);
    return this;
  }

  /**
   * Adds the keys of `child` under `prefix`, in `group`, ordered from `startingOrder` (`ConfigDef.embed`, used for
   * `transforms.<alias>.*` and `predicates.<alias>.*`).
   */
  embed(prefix: string, group: string, startingOrder: number, child: ConfigDef): this {
    let order = startingOrder;
    for (const key of child.keys()) {
      const displayName = key.displayName ?? key.name;
      this.define({ ...key, name: `${prefix}${key.name}`, group, orderInGroup: ++order, displayName });
    }
    return this;
  }

  /** The keys in definition order. */
  keys(): ConfigKey[] {
    return [...this.#keys.values()];
  }

  key(name: string): ConfigKey | undefined {
    return this.#keys.get(name);
  }

  has(name: string): boolean {
    return this.#keys.has(name);
  }

  /** Group names in first-seen order. */
  groups(): string[] {
    const groups: string[] = [];
    for (const key of this.#keys.values())
      if (key.group && !groups.includes(key.group)) groups.push(key.group);
    return groups;
  }

  /**
   * Parses and validates `props`, returning every defined key with its typed value (defaults filled in).
   * Keys that are not defined are ignored (they may belong to a converter, a transform or a client override).
   *
   * @throws {ConfigErrors} listing every problem found, each naming its key.
   */
  parse(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const parsed: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const key of this.#keys.values()) {
      try {
        parsed[key.name] = this.#parseValue(key, props[key.name], key.name in props);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        problems.push({ key: e.key, message: e.message });
      }
    }
    if (problems.length > 0) throw new ConfigErrors(problems);
    return parsed;
  }

  /**
   * Validates `props` without throwing: one {@link ConfigValue} per defined key, with its error messages
   * (`ConfigDef.validate`). This feeds `PUT /connector-plugins/{plugin}/config/validate`.
   */
  validate(props: Readonly<Record<string, unknown>>): Map<string, ConfigValue> {
    const values = new Map<string, ConfigValue>();
    for (const key of this.#keys.values()) {
      const value: ConfigValue = {
        name: key.name,
        value: null,
        recommendedValues: key.recommendedValues ?? [],
        errorMessages: [],
        visible: true,
      };
      // `ConfigDef.parseForValidate`: a value that does not parse is null, and the validator still sees it.
      let parsed: unknown = null;
      let defaulted = false;
      const raw = props[key.name];
      if (key.name in props && raw !== undefined) {
        try {
          parsed = raw === null ? null : parseType(key.name, raw, key.type);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          value.errorMessages.push(e.message);
        }
      } else if (key.defaultValue === undefined) {
        value.errorMessages.push(
          ConfigException.withMessage(
            key.name,
            `Missing required configuration "${key.name}" which has no default value.`,
          ).message,
        );
      } else {
        parsed = parseType(key.name, key.defaultValue, key.type);
        defaulted = true;
      }
      if (parsed === null && !defaulted && key.validator?.nullMessage) {
        value.errorMessages.push(new ConfigException(key.name, null, key.validator.nullMessage).message);
      } else if (parsed !== null) {
        try {
          key.validator?.ensureValid(key.name, parsed);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          value.errorMessages.push(e.message);
        }
      }
      value.value = parsed;
      values.set(key.name, value);
    }
    return values;
  }

  #parseValue(key: ConfigKey, raw: unknown, present: boolean): unknown {
    let value: unknown;
    if (present && raw !== undefined) {
      value = parseType(key.name, raw, key.type);
    } else if (key.defaultValue === undefined) {
      throw ConfigException.withMessage(
        key.name,
        `Missing required configuration "${key.name}" which has no default value.`,
      );
    } else {
      value = parseType(key.name, key.defaultValue, key.type);
    }
    key.validator?.ensureValid(key.name, value);
    return value;
  }
}
