/**
 * Provider names as they appear in placeholders (Connect's `config.providers` aliases).
 *
 * @example
 * `\${${ProviderNames.ENV}:API_KEY}` // "${env:API_KEY}"
 */
export const ProviderNames = {
  SECRETS_MANAGER: 'secretsmanager',
  ENV: 'env',
  FILE: 'file',
} as const;

/**
 * A placeholder: `${provider:reference}` (Connect's `ConfigTransformer.DEFAULT_PATTERN` keeps the same outer shape;
 * each provider splits its own reference, so Secrets Manager ARNs with colons work).
 *
 * @example
 * [...'x-${env:A}'.matchAll(PLACEHOLDER)][0]?.slice(1); // ['env', 'A']
 */
export const PLACEHOLDER = /\$\{([A-Za-z0-9_.-]+):([^}]*)\}/g;

/**
 * Seconds a Secrets Manager value stays cached in a warm container (Powertools Parameters' default is 5).
 */
export const SECRETS_MAX_AGE_SECONDS = 5;
