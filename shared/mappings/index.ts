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
export { mappingDecodedConverters, mappingDefaultsFromEnv, withMappingDefaults } from './defaults.ts';
export { mappingDefinition } from './definitions.ts';
export { MappingRuntimeError } from './errors.ts';
export {
  consumerGroupId,
  esmConsumerGroupId,
  lambdaTopicProblems,
  type MappingSettings,
  type MappingSettingsOptions,
  type MappingSource,
  resolveMappingSettings,
  uniqueTopics,
  validateMappingConfig,
} from './settings.ts';
export type * from './types.ts';
