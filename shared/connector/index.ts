export { type AepSinkParts, aepSinkConnectorPlugin } from './aep-sink.ts';
export { type ConnectorFile, parseConnectorJson, readConnectorFile } from './connector-file.ts';
export {
  AEP_SINK_CONNECTOR_CLASS,
  PLUGIN_TYPE_ORDER,
  ValidationMessages,
} from './constants.ts';
export {
  COMMON_GROUP,
  ERROR_GROUP,
  FrameworkKeys,
  PREDICATES_GROUP,
  sinkConnectorConfigDef,
  sinkConnectorDefinition,
  TRANSFORMS_GROUP,
} from './framework.ts';
export { PluginRegistry } from './plugins.ts';
export {
  HEADERS_KEY,
  hideSecrets,
  isSecretKey,
  type KeyTypes,
  secretsHider,
  shownValue,
} from './secrets.ts';
export type * from './types.ts';
export {
  configErrorsMessage,
  configKeyInfo,
  type SubmittedConfig,
  type ValidationOptions,
  validateConnectorConfig,
} from './validation.ts';
