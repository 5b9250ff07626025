// Public surface of the transforms: the chain, its ConfigDef, the plugin registry and the errors.

export { DataException } from '../converters/index.ts';
export { buildTransformationChain, transformsConfigDef, validateTransformsConfig } from './chain.ts';
export { KAFKA_VERSION, PluginClass, PluginType, PROJECT_VERSION } from './constants.ts';
export { recordId, TransformationError } from './errors.ts';
export { findPlugin, transformPlugins } from './registry.ts';
export type { Predicate, Transformation, TransformationChain, TransformPluginInfo } from './types.ts';
