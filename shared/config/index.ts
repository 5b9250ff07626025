export { ConfigDef, convertToString, parseType } from './config-def.ts';
export { ConfigType, HIDDEN, Importance, Width } from './constants.ts';
export {
  ConfigDefinition,
  ConfigProblems,
  type ConfigValues,
  defineConfig,
  type KeyDefaults,
  type KeySpec,
  type KeySpecs,
  ParsedConfig,
  type Resolved,
  settingsOrThrow,
  type ValueOf,
} from './define.ts';
export { ConfigErrors, ConfigException, type ConfigProblem } from './errors.ts';
export { Password } from './password.ts';
export type { ConfigKey, ConfigValue, RawConfig } from './types.ts';
export * from './validators.ts';
