// Validators with the behaviour and messages of Kafka's `ConfigDef.Range`, `ValidString`, `ValidList`,
// `NonEmptyString`, `NonEmptyStringWithoutControlChars`, `LambdaValidator` and `CompositeValidator`.
import { ConfigException } from './errors.ts';

/**
 * Checks one parsed value; throws {@link ConfigException} naming the key when it is not acceptable. `T` is what it
 * lets through when that is narrower than the key's type (`validString('none', 'all')`), for typed getters.
 */
export interface Validator<T = unknown> {
  ensureValid(key: string, value: unknown): void;
  /** What the validator accepts, as shown in the documentation (e.g. `[1,...]`, `[none, all]`). */
  readonly description?: string;
  /** Type-level only, never set. */
  readonly accepts?: T;
  /**
   * The reason Kafka's validator gives for a null value (a value that did not parse, or an explicit null), which
   * `ConfigDef.validate` reports; undefined when Kafka's validator accepts null.
   */
  readonly nullMessage?: string;
}

/**
 * A numeric range; `null` values pass (Kafka skips validation of null defaults).
 *
 * @example
 * Range.atLeast(1) // "Value must be at least 1"
 */
export const Range = {
  atLeast(min: number): Validator {
    return Range.between(min, undefined);
  },
  between(min: number | undefined, max: number | undefined): Validator {
    return {
      description:
        max === undefined ? `[${min},...]` : min === undefined ? `[...,${max}]` : `[${min},...,${max}]`,
      nullMessage: 'Value must be non-null',
      ensureValid(key, value) {
        if (value === null || value === undefined) return;
        const n = Number(value);
        if (min !== undefined && n < min)
          throw new ConfigException(key, value, `Value must be at least ${min}`);
        if (max !== undefined && n > max)
          throw new ConfigException(key, value, `Value must be no more than ${max}`);
      },
    };
  },
};

/**
 * One of a fixed set of strings (case-sensitive, like `ValidString.in`).
 */
export function validString<const V extends string>(...allowed: V[]): Validator<V> {
  return {
    description: `[${allowed.join(', ')}]`,
    nullMessage: `String must be one of: ${allowed.join(', ')}`,
    ensureValid(key, value) {
      if (value === null || value === undefined) return;
      if (!(allowed as string[]).includes(String(value))) {
        throw new ConfigException(key, value, `String must be one of: ${allowed.join(', ')}`);
      }
    },
  };
}

/**
 * One of a fixed set of strings, compared case-insensitively (`CaseInsensitiveValidString`).
 */
export function caseInsensitiveValidString(...allowed: string[]): Validator {
  const upper = allowed.map((a) => a.toUpperCase());
  return {
    description: `[${allowed.join(', ')}]`,
    ensureValid(key, value) {
      if (value === null || value === undefined) return;
      if (!upper.includes(String(value).toUpperCase())) {
        throw new ConfigException(
          key,
          value,
          `String must be one of (case insensitive): ${allowed.join(', ')}`,
        );
      }
    },
  };
}

/**
 * Every element of a LIST value is one of `allowed` (`ValidList.in`).
 */
export function validList(...allowed: string[]): Validator {
  return {
    description: `[${allowed.join(', ')}]`,
    ensureValid(key, value) {
      if (!Array.isArray(value)) return;
      for (const item of value) {
        if (!allowed.includes(String(item))) {
          throw new ConfigException(key, item, `String must be one of: ${allowed.join(', ')}`);
        }
      }
    },
  };
}

/** A non-empty string (`NonEmptyString`). */
export const nonEmptyString: Validator = {
  description: 'non-empty string',
  ensureValid(key, value) {
    if (value === null || value === undefined) return;
    if (String(value).length === 0) throw new ConfigException(key, value, 'String must be non-empty');
  },
};

/** A non-empty string without ASCII control characters (`NonEmptyStringWithoutControlChars`), used for `name`. */
export const nonEmptyStringWithoutControlChars: Validator = {
  description: 'non-empty string without ISO control characters',
  ensureValid(key, value) {
    if (value === null || value === undefined) return;
    const s = String(value);
    if (s.length === 0) throw new ConfigException(key, value, 'String may not be empty');
    const bad: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) bad.push(c);
    }
    if (bad.length > 0) {
      throw new ConfigException(
        key,
        value,
        `String may not contain control sequences but had the following ASCII chars: ${bad.join(', ')}`,
      );
    }
  },
};

/** A non-empty LIST (`ConfigDef.ValidList.anyNonDuplicateValues(false, false)` style), message `Empty list`. */
export const nonEmptyList: Validator = {
  description: 'non-empty list',
  ensureValid(key, value) {
    if (Array.isArray(value) && value.length === 0) throw new ConfigException(key, value, 'Empty list');
  },
};

/** A Java-compatible regular expression that compiles in JavaScript. */
export const validRegex: Validator = {
  description: 'valid regex',
  ensureValid(key, value) {
    if (value === null || value === undefined || value === '') return;
    try {
      new RegExp(String(value));
    } catch (e) {
      throw new ConfigException(key, value, `Not a valid regular expression: ${(e as Error).message}`);
    }
  },
};

/**
 * A validator from a function that returns an error reason, or nothing when the value is fine (`LambdaValidator`).
 *
 * @example
 * lambdaValidator('https URL', (v) => (String(v).startsWith('https://') ? undefined : 'must be an https URL'))
 */
export function lambdaValidator(
  description: string,
  check: (value: unknown) => string | undefined,
): Validator {
  return {
    description,
    ensureValid(key, value) {
      const reason = check(value);
      if (reason !== undefined) throw new ConfigException(key, value, reason);
    },
  };
}

/**
 * A validator from a parser: the value is valid when `parse` accepts it; the parser's error message is the reason.
 * Null values pass (an optional key that is not set).
 */
export function parseValidator(description: string, parse: (value: unknown) => unknown): Validator {
  return lambdaValidator(description, (value) => {
    if (value === null || value === undefined) return undefined;
    try {
      parse(value);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  });
}

/** All validators must pass, in order (`CompositeValidator`). */
export function composite(...validators: Validator[]): Validator {
  return {
    description: validators
      .map((v) => v.description)
      .filter(Boolean)
      .join(', '),
    ensureValid(key, value) {
      for (const v of validators) v.ensureValid(key, value);
    },
  };
}
