export { ConfigDef, convertToString, parseType } from './config-def.ts';
export { ConfigType, HIDDEN, Importance, Width } from './constants.ts';
export { ConfigErrors, ConfigException, type ConfigProblem } from './errors.ts';
export { Password } from './password.ts';
export type { ConfigKey, ConfigValue, RawConfig } from './types.ts';
export * from './validators.ts';
