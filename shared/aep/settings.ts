// A connector's AEP delivery settings, derived from its `aep.*` keys (shared/aep/definitions.ts): the batch URL, the
// request headers, the proxy and the credentials the token type needs, every problem across keys reported at once.
import {
  type ConfigProblem,
  type ConfigProblems,
  type ParsedConfig,
  type Password,
  type Resolved,
  settingsOrThrow,
} from '../config/index.ts';
import { AepDefaults, AepHeaders, AepKeys, type Compression, TokenType } from './constants.ts';
import { aepDefinition } from './definitions.ts';
import { batchEndpoint, parseHttpUrl } from './endpoint.ts';
import { parseEndpointHeaders } from './headers.ts';

const K = AepKeys;

/**
 * How the sender gets its bearer token. IMS modes carry the IMS base URL (`aep.connection.auth.endpoint`).
 */
export type AepAuthConfig =
  | {
      readonly type: typeof TokenType.OAUTH2_ACCESS_TOKEN;
      readonly endpoint: string;
      readonly clientId: string;
      readonly clientSecret: Password;
      readonly scope: string;
    }
  | {
      readonly type: typeof TokenType.ACCESS_TOKEN;
      readonly endpoint: string;
      readonly clientId: string;
      readonly clientSecret: Password;
      readonly clientCode: Password;
    }
  | {
      readonly type: typeof TokenType.JWT_TOKEN;
      readonly endpoint: string;
      readonly clientId: string;
      readonly clientSecret: Password;
      readonly imsOrg: string;
      readonly accountKey: string;
      readonly filePath: string;
    }
  | { readonly type: typeof TokenType.STATIC; readonly token: Password };

/**
 * An HTTP proxy for AEP and IMS calls (`aep.connection.proxy.*`).
 */
export interface AepProxyConfig {
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly password?: Password;
}

/**
 * The parsed `aep.*` keys of one connector.
 *
 * @example
 * const config = parseAepConfig(connector.config);
 * config.batchUrl; // 'https://dcs.adobedc.net/collection/batch/abc'
 */
export interface AepConfig {
  /** `aep.endpoint` as configured. */
  readonly endpoint: string;
  /** Where batches are POSTed: `aep.endpoint` on the `/collection/batch/{id}` path. */
  readonly batchUrl: string;
  /** `aep.flush.bytes.kb` × 1024: a request is closed once its messages reach this many UTF-8 bytes. */
  readonly flushBytes: number;
  readonly maxAttempts: number;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  /** 0: no connect timeout of its own (the deadline still applies). */
  readonly connectTimeoutMs: number;
  /** 0: no read timeout of its own (the deadline still applies). */
  readonly readTimeoutMs: number;
  readonly proxy?: AepProxyConfig;
  /** Undefined when `aep.connection.auth.enabled` is false. */
  readonly auth?: AepAuthConfig;
  /** Extra request headers, names in lower case: `aep.connection.endpoint.headers`, flow id and sandbox name. */
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: Compression;
  readonly maxRequestBytes: number;
  readonly maxMessagesPerRequest: number;
  readonly maxInFlightRequests: number;
}

/**
 * Where `parseAepConfig` reads the `AUTH_ENDPOINT` fallback; `process.env` unless given.
 *
 * @example
 * parseAepConfig(props, { env: { AUTH_ENDPOINT: 'https://ims-na1-stg1.adobelogin.com' } });
 */
export interface AepConfigOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Every problem of a connector's `aep.*` keys, each naming its key: per-key errors, then cross-key ones (credentials
 * the token type needs, proxy user without password, a header set twice).
 *
 * @example
 * validateAepConfig({ 'aep.endpoint': 'ftp://x' }); // [{ key: 'aep.endpoint', message: '… must be an https URL' }]
 */
export function validateAepConfig(
  props: Readonly<Record<string, unknown>>,
  options: AepConfigOptions = {},
): ConfigProblem[] {
  return resolveAepConfig(props, options).problems;
}

/**
 * Parses and checks a connector's `aep.*` keys.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 */
export function parseAepConfig(
  props: Readonly<Record<string, unknown>>,
  options: AepConfigOptions = {},
): AepConfig {
  return settingsOrThrow(resolveAepConfig(props, options));
}

type AepValues = ParsedConfig<typeof aepDefinition.keys>;

function resolveAepConfig(
  props: Readonly<Record<string, unknown>>,
  options: AepConfigOptions,
): Resolved<AepConfig> {
  return aepDefinition.resolve(props, (v, problems) => {
    const headersJson = v.optional(K.ENDPOINT_HEADERS);
    const headers: Record<string, string> = headersJson ? parseEndpointHeaders(headersJson) : {};
    for (const [k, header] of [
      [K.FLOW_ID, AepHeaders.FLOW_ID],
      [K.SANDBOX_NAME, AepHeaders.SANDBOX_NAME],
    ] as const) {
      const value = v.optional(k);
      if (value === undefined) continue;
      if (header in headers)
        problems.invalid(k, value, `sets ${header}, which aep.connection.endpoint.headers sets too`);
      headers[header] = value;
    }

    const proxyHost = v.optional(K.PROXY_HOST);
    const proxyUser = v.optional(K.PROXY_USER);
    const proxyPassword = v.optional(K.PROXY_PASSWORD);
    if (proxyHost && Boolean(proxyUser) !== Boolean(proxyPassword)) {
      missing(
        problems,
        proxyUser ? K.PROXY_PASSWORD : K.PROXY_USER,
        `with ${proxyUser ? K.PROXY_USER : K.PROXY_PASSWORD}`,
      );
    }
    const proxy: AepProxyConfig | undefined = proxyHost
      ? { host: proxyHost, port: v.get(K.PROXY_PORT), user: proxyUser, password: proxyPassword }
      : undefined;

    let auth: AepAuthConfig | undefined;
    if (v.get(K.AUTH_ENABLED)) {
      if (AepHeaders.AUTHORIZATION in headers) {
        problems.invalid(
          K.ENDPOINT_HEADERS,
          '[hidden]',
          'cannot set Authorization when aep.connection.auth.enabled is true',
        );
      }
      auth = authConfig(v, problems, options.env ?? process.env);
    }

    return {
      endpoint: v.get(K.ENDPOINT),
      batchUrl: batchEndpoint(v.get(K.ENDPOINT)),
      flushBytes: v.get(K.FLUSH_BYTES_KB) * 1024,
      maxAttempts: v.get(K.MAX_RETRIES),
      retryBackoffMs: v.get(K.RETRY_BACKOFF),
      retryBackoffMaxMs: v.get(K.RETRY_BACKOFF_MAX),
      connectTimeoutMs: v.get(K.CONNECT_TIMEOUT),
      readTimeoutMs: v.get(K.READ_TIMEOUT),
      proxy,
      auth,
      headers,
      compression: v.get(K.COMPRESSION),
      maxRequestBytes: v.get(K.MAX_REQUEST_BYTES),
      maxMessagesPerRequest: v.get(K.MAX_MESSAGES_PER_REQUEST),
      maxInFlightRequests: v.get(K.MAX_IN_FLIGHT_REQUESTS),
    };
  });
}

// The Java connector's wording for a key another one needs.
function missing(problems: ConfigProblems, key: string, reason: string): void {
  problems.add({ key, message: `Missing required configuration "${key}": it is required ${reason}.` });
}

function authConfig(
  v: AepValues,
  problems: ConfigProblems,
  env: Readonly<Record<string, string | undefined>>,
): AepAuthConfig | undefined {
  const token = v.optional(K.AUTH_TOKEN);
  const explicitType = v.optional(K.AUTH_TOKEN_TYPE);
  if (token) {
    if (explicitType)
      problems.invalid(K.AUTH_TOKEN, token, `cannot be combined with ${K.AUTH_TOKEN_TYPE}=${explicitType}`);
    return { type: TokenType.STATIC, token };
  }
  const type =
    explicitType ?? (v.optional(K.AUTH_FILE_PATH) ? TokenType.JWT_TOKEN : TokenType.OAUTH2_ACCESS_TOKEN);
  const required = <T>(k: string, value: T | undefined): T => {
    if (value === undefined) missing(problems, k, `when ${K.AUTH_TOKEN_TYPE} is ${type}`);
    return value as T;
  };
  const envEndpoint = env[AepDefaults.AUTH_ENDPOINT_ENV];
  let endpoint = v.optional(K.AUTH_ENDPOINT) ?? (envEndpoint || AepDefaults.AUTH_ENDPOINT);
  try {
    endpoint = parseHttpUrl(endpoint).toString().replace(/\/$/, '');
  } catch (e) {
    problems.invalid(
      K.AUTH_ENDPOINT,
      endpoint,
      `the ${AepDefaults.AUTH_ENDPOINT_ENV} variable ${(e as Error).message}`,
    );
  }
  const clientId = required(K.AUTH_CLIENT_ID, v.optional(K.AUTH_CLIENT_ID));
  const clientSecret = required(K.AUTH_CLIENT_SECRET, v.optional(K.AUTH_CLIENT_SECRET));
  switch (type) {
    case TokenType.OAUTH2_ACCESS_TOKEN:
      return { type, endpoint, clientId, clientSecret, scope: v.get(K.AUTH_SCOPE) };
    case TokenType.ACCESS_TOKEN:
      return {
        type,
        endpoint,
        clientId,
        clientSecret,
        clientCode: required(K.AUTH_CLIENT_CODE, v.optional(K.AUTH_CLIENT_CODE)),
      };
    default:
      return {
        type: TokenType.JWT_TOKEN,
        endpoint,
        clientId,
        clientSecret,
        imsOrg: required(K.AUTH_IMS_ORG, v.optional(K.AUTH_IMS_ORG)),
        accountKey: required(K.AUTH_ACCOUNT_KEY, v.optional(K.AUTH_ACCOUNT_KEY)),
        filePath: required(K.AUTH_FILE_PATH, v.optional(K.AUTH_FILE_PATH)),
      };
  }
}
