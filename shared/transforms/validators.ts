// Validators of the transform keys with Connect's messages (`RegexValidator`, `ConfigDef.NonNullValidator`).
import { ConfigException, type Validator } from '../config/index.ts';
import { javaPattern } from './support/regex.ts';

/**
 * A Java regular expression that this sink can run (`RegexValidator`: "Invalid regex: …").
 */
export const javaRegex: Validator = {
  description: 'valid regex',
  ensureValid(key, value) {
    try {
      javaPattern(String(value));
    } catch (e) {
      throw new ConfigException(key, value, `Invalid regex: ${(e as Error).message}`);
    }
  },
};

/**
 * Any value but null (`ConfigDef.NonNullValidator`).
 *
 * @example
 * nonNull.ensureValid('transforms.h.header', null); // throws "… entry must be non null"
 */
export const nonNull: Validator = {
  description: 'non-null string',
  ensureValid(key, value) {
    if (value === null || value === undefined)
      throw new ConfigException(key, 'null', 'entry must be non null');
  },
};
