// `${secretsmanager:<secret-id>[:<json-key>]}` through Powertools Parameters' SecretsProvider (AWS docs:
// "Secrets Manager GetSecretValue"; Powertools "Parameters: Secrets Manager", in-memory cache with a max age).

import { TransformParameterError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConnectException } from '../errors/index.ts';
import { SECRETS_MAX_AGE_SECONDS } from './constants.ts';
import type { ConfigProvider } from './types.ts';

/** A secret ARN has seven colon-separated parts: `arn:partition:secretsmanager:region:account:secret:name`. */
const ARN_PARTS = 7;

/**
 * Splits a reference into the secret id (name or full ARN) and the optional JSON key after it.
 *
 * @example
 * splitSecretReference('prod/aep:clientSecret'); // { secretId: 'prod/aep', key: 'clientSecret' }
 * splitSecretReference('arn:aws:secretsmanager:eu-west-1:123456789012:secret:aep-AbCdEf'); // { secretId: '<the ARN>' }
 */
export function splitSecretReference(reference: string): { secretId: string; key?: string } {
  const parts = reference.split(':');
  const idParts = reference.startsWith('arn:') ? ARN_PARTS : 1;
  const secretId = parts.slice(0, idParts).join(':');
  const key = parts.slice(idParts).join(':');
  return key === '' ? { secretId } : { secretId, key };
}

/**
 * How the Secrets Manager provider reads.
 */
export interface SecretsManagerConfigProviderOptions {
  /** The client to use (one per container); by default Powertools creates one for the function's region. */
  readonly client?: SecretsManagerClient;
  /** Seconds a value stays cached; default {@link SECRETS_MAX_AGE_SECONDS}. */
  readonly maxAgeSeconds?: number;
}

/**
 * Reads AWS Secrets Manager secrets: the whole secret string, or one key of a JSON secret. Secret ids may be names or
 * full ARNs (whose colons are understood). Values are cached per container for a few seconds.
 *
 * @example
 * const sm = secretsManagerConfigProvider();
 * await sm.get('prod/aep:clientSecret');                                              // key of a JSON secret
 * await sm.get('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/aep-AbCdEf'); // whole string
 */
export function secretsManagerConfigProvider(
  options: SecretsManagerConfigProviderOptions = {},
): ConfigProvider {
  const secrets = options.client
    ? new SecretsProvider({ awsSdkV3Client: options.client })
    : new SecretsProvider();
  const maxAge = options.maxAgeSeconds ?? SECRETS_MAX_AGE_SECONDS;
  return {
    async get(reference) {
      const { secretId, key } = splitSecretReference(reference);
      if (secretId === '') {
        throw new ConnectException(`expected \${secretsmanager:<secret-id>[:<key>]}`, {
          retriable: false,
        });
      }
      try {
        if (key === undefined) return asText(await secrets.get(secretId, { maxAge }));
        const json = await secrets.get(secretId, { maxAge, transform: 'json' });
        const value = isRecord(json) ? json[key] : undefined;
        if (value === undefined || value === null) {
          throw new ConnectException(`secret ${secretId} has no key ${key}`, { retriable: false });
        }
        return typeof value === 'string' ? value : JSON.stringify(value);
      } catch (e) {
        throw asProviderError(e, secretId, key);
      }
    },
  };
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  throw new ConnectException('secret has no value', { retriable: false });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asProviderError(e: unknown, secretId: string, key: string | undefined): ConnectException {
  if (e instanceof ConnectException) return e;
  if (e instanceof TransformParameterError) {
    return new ConnectException(`secret ${secretId} is not a JSON object, so key ${key} cannot be read`, {
      retriable: false,
    });
  }
  // Powertools wraps SDK failures in GetParameterError with the SDK error as `cause`.
  const sdk = (e as { cause?: unknown }).cause ?? e;
  const name = (sdk as { name?: string }).name ?? 'Error';
  const retriable =
    (sdk as { $fault?: string }).$fault === 'server' ||
    /Throttl|Timeout|TooManyRequests/.test(name) ||
    (sdk as { $metadata?: unknown }).$metadata === undefined;
  const reason = name === 'ResourceNotFoundException' ? 'not found' : `${name}: ${(sdk as Error).message}`;
  return new ConnectException(`secret ${secretId}: ${reason}`, { retriable, cause: e });
}
