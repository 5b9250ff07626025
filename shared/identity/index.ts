export {
  aliasFromInvokedArn,
  connectorAliasArn,
  connectorAliasName,
  unqualifiedFunctionArn,
} from './alias.ts';
export { AliasRules, CONFIG_TTL_MS } from './constants.ts';
export { ConnectorIdentityError, ConnectorUnavailableError } from './errors.ts';
export { StoreConfigSource, type StoreConfigSourceOptions } from './store-config-source.ts';
export type { ConnectorConfigSnapshot, ConnectorConfigSource, InvocationIdentity } from './types.ts';
