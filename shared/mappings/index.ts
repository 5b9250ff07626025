export {
  consumerGroupId,
  esmConsumerGroupId,
  lambdaTopicProblems,
  type MappingSettings,
  type MappingSettingsOptions,
  type MappingSource,
  mappingConfigDef,
  mappingDefaultsFromEnv,
  resolveMappingSettings,
  uniqueTopics,
  validateMappingConfig,
  withMappingDefaults,
} from './config.ts';
export {
  AuthType,
  CONNECT_GROUP_PREFIX,
  ConsumerOverrideKeys,
  EsmLimits,
  EsmSource,
  MAPPING_GROUP,
  MappingKeys,
  MSK_AUTH_TYPES,
  PollerMode,
  StartingPosition,
} from './constants.ts';
export { MappingRuntimeError, UnknownTaskError } from './errors.ts';
export type * from './types.ts';
