// Connect's `ConfigTransformer`: replaces `${provider:reference}` placeholders in connector config values with what
// the named provider returns. Configs are stored verbatim and resolved only where the values are used.

import { ConnectException } from '../errors/index.ts';
import { PLACEHOLDER, ProviderNames } from './constants.ts';
import { envConfigProvider } from './env.ts';
import { ConfigResolutionError } from './errors.ts';
import { fileConfigProvider } from './file.ts';
import { type SecretsManagerConfigProviderOptions, secretsManagerConfigProvider } from './secrets-manager.ts';
import type { ConfigProviders } from './types.ts';

/**
 * The providers the sink uses: `secretsmanager`, `env` and `file`. Create them once per container (module scope) so
 * the Secrets Manager cache is shared between invocations.
 *
 * @example
 * const providers = defaultConfigProviders();
 * const config = await resolveConfig(stored.config, providers);
 */
export function defaultConfigProviders(options: SecretsManagerConfigProviderOptions = {}): ConfigProviders {
  return {
    [ProviderNames.SECRETS_MANAGER]: secretsManagerConfigProvider(options),
    [ProviderNames.ENV]: envConfigProvider(),
    [ProviderNames.FILE]: fileConfigProvider(),
  };
}

/**
 * Returns a copy of `config` with every placeholder replaced. A value may hold several placeholders and text around
 * them. Resolved values are never logged; errors name the config key and provider only.
 *
 * @throws {ConfigResolutionError} for an unknown provider or a reference the provider cannot resolve.
 */
export async function resolveConfig(
  config: Readonly<Record<string, string>>,
  providers: ConfigProviders,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(config).map(
      async ([key, value]) => [key, await resolveValue(key, value, providers)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function resolveValue(key: string, value: string, providers: ConfigProviders): Promise<string> {
  const matches = [...value.matchAll(PLACEHOLDER)];
  if (matches.length === 0) return value;
  const resolved = await Promise.all(
    matches.map(async ([, name = '', reference = '']) => {
      const provider = Object.hasOwn(providers, name) ? providers[name] : undefined;
      if (!provider) {
        const known = Object.keys(providers).join(', ');
        throw new ConfigResolutionError(key, name, `unknown config provider (known: ${known})`, {
          retriable: false,
        });
      }
      try {
        return await provider.get(reference);
      } catch (e) {
        const retriable = e instanceof ConnectException ? e.retriable : false;
        throw new ConfigResolutionError(key, name, (e as Error).message, { retriable, cause: e });
      }
    }),
  );
  let i = 0;
  return value.replace(PLACEHOLDER, () => resolved[i++] ?? '');
}
