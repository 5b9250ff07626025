import type { ConfigType, Importance, Width } from './constants.ts';
import type { Validator } from './validators.ts';

/** Raw configuration as users write it: Connect's `Map<String, String>` (REST bodies may carry `null` for PATCH). */
export type RawConfig = Readonly<Record<string, string>>;

/**
 * One configuration key: Kafka's `ConfigDef.ConfigKey`. A key without `defaultValue` (undefined) is required;
 * `defaultValue: null` means optional with no value.
 */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue?: unknown;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  readonly dependents?: readonly string[];
  readonly validator?: Validator;
  /** Values a UI may offer (`ConfigDef.Recommender.validValues`), e.g. the allowed token types. */
  readonly recommendedValues?: readonly string[];
}

/** The outcome of validating one key (`org.apache.kafka.common.config.ConfigValue`). */
export interface ConfigValue {
  readonly name: string;
  /** The parsed value, or the raw string when it did not parse. */
  value: unknown;
  recommendedValues: readonly string[];
  errorMessages: string[];
  visible: boolean;
}
