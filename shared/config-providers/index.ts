export { PLACEHOLDER, ProviderNames, SECRETS_MAX_AGE_SECONDS } from './constants.ts';
export { envConfigProvider } from './env.ts';
export { ConfigResolutionError } from './errors.ts';
export { fileConfigProvider } from './file.ts';
export { defaultConfigProviders, resolveConfig } from './resolver.ts';
export {
  type SecretsManagerConfigProviderOptions,
  secretsManagerConfigProvider,
  splitSecretReference,
} from './secrets-manager.ts';
export type { ConfigProvider, ConfigProviders } from './types.ts';
