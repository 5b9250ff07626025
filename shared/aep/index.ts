export {
  checkAllowedEndpoints,
  connectorAllowlistProblems,
  hostAllowed,
  parseAllowedHosts,
} from './allowlist.ts';
export {
  AepDefaults,
  AepGroups,
  AepHeaders,
  AepKeys,
  AepLimits,
  AepMetricNames,
  Compression,
  DEFAULT_ALLOWED_HOSTS,
  TokenType,
} from './constants.ts';
export { aepDefinition } from './definitions.ts';
export { batchEndpoint } from './endpoint.ts';
export { AepRequestError, ImsTokenError } from './errors.ts';
export { parseEndpointHeaders } from './headers.ts';
export { failedOutcome } from './responses.ts';
export { FAST_RETRY, RETRY_DEFAULTS, type RetryPolicy, type RetryTiming } from './retry.ts';
export { type AepSenderDeps, createAepSender } from './sender.ts';
export {
  type AepAuthConfig,
  type AepConfig,
  type AepConfigOptions,
  type AepProxyConfig,
  parseAepConfig,
  validateAepConfig,
} from './settings.ts';
export type * from './types.ts';
