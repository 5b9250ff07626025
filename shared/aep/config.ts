// The `aep.*` connector keys: every key of Adobe's Java connector (`AbstractAEPPublisher`, `AbstractSinkTask`), with
// its default and meaning, plus ours for what it lacks. See docs/aep-delivery.md for how each Java key maps here.
import {
  ConfigDef,
  ConfigErrors,
  ConfigException,
  type ConfigKey,
  type ConfigProblem,
  HIDDEN,
  lambdaValidator,
  nonEmptyString,
  type Password,
  parseValidator,
  Range,
  type Validator,
  validString,
} from '../config/index.ts';
import {
  AepDefaults,
  AepGroups,
  AepHeaders,
  AepKeys,
  AepLimits,
  Compression,
  RESERVED_HEADERS,
  TokenType,
} from './constants.ts';
import { batchEndpoint, parseHttpUrl } from './endpoint.ts';
import { RETRY_DEFAULTS } from './retry.ts';

const K = AepKeys;

/**
 * How the sender gets its bearer token. IMS modes carry the IMS base URL (`aep.connection.auth.endpoint`).
 *
 * @example
 * if (config.auth?.type === 'oauth2_access_token') console.log(config.auth.scope);
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
 *
 * @example
 * const proxy: AepProxyConfig = { host: 'proxy.corp', port: 3128, user: 'u', password: new Password('p') };
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

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HOST_NAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

const urlValidator = (check: (value: string) => unknown) =>
  parseValidator('http(s) URL', (value) => check(String(value)));

const headerValue = lambdaValidator('header value', (value) =>
  value === null || HEADER_VALUE.test(String(value)) ? undefined : 'must be a valid HTTP header value',
);

// The headers may carry credentials (an API key, a bearer token), so a problem never quotes the value.
const headersJson: Validator = {
  description: 'JSON object of header names to values',
  ensureValid(key, value) {
    if (value === null || value === undefined || value === '') return;
    try {
      parseEndpointHeaders(String(value));
    } catch (e) {
      throw ConfigException.withMessage(
        key,
        `Invalid value ${HIDDEN} for configuration ${key}: ${(e as Error).message}`,
      );
    }
  },
};

/**
 * Reads `aep.connection.endpoint.headers`: a JSON object of header names to string, number or boolean values.
 * Names are returned in lower case. The Java connector logs and ignores invalid JSON; here it is a config error.
 *
 * @throws {Error} naming the JSON path of the offending entry.
 * @example
 * parseEndpointHeaders('{"x-adobe-flow-id":"341fd4f0"}'); // { 'x-adobe-flow-id': '341fd4f0' }
 */
export function parseEndpointHeaders(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, which may hold credentials.
    throw new Error('must be a JSON object of header names to values, and is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('must be a JSON object of header names to values, e.g. {"x-adobe-flow-id":"…"}');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const path = `$[${JSON.stringify(name)}]`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw new Error(`${path} is not a valid HTTP header name`);
    if (RESERVED_HEADERS.includes(lower))
      throw new Error(`${path} is set by the sink and cannot be overridden`);
    if (lower in headers) throw new Error(`${path} repeats a header name`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`${path} must be a string, number or boolean`);
    }
    if (!HEADER_VALUE.test(String(value))) throw new Error(`${path} is not a valid HTTP header value`);
    headers[lower] = String(value);
  }
  return headers;
}

/**
 * The `aep.*` keys in three groups (endpoint, connection, authentication).
 *
 * @example
 * const values = aepConfigDef().validate(config); // per-key errors for `…/config/validate`
 */
export function aepConfigDef(): ConfigDef {
  const order: Record<string, number> = {};
  const key = (group: string, k: Omit<ConfigKey, 'group' | 'orderInGroup'>): ConfigKey => {
    order[group] = (order[group] ?? 0) + 1;
    return { width: 'MEDIUM', ...k, group, orderInGroup: order[group] };
  };
  const endpoint = (k: Omit<ConfigKey, 'group' | 'orderInGroup'>) => key(AepGroups.ENDPOINT, k);
  const connection = (k: Omit<ConfigKey, 'group' | 'orderInGroup'>) => key(AepGroups.CONNECTION, k);
  const auth = (k: Omit<ConfigKey, 'group' | 'orderInGroup'>) => key(AepGroups.AUTH, k);
  return new ConfigDef()
    .define(
      endpoint({
        name: K.ENDPOINT,
        type: 'STRING',
        importance: 'HIGH',
        documentation:
          'DCS inlet URL of the streaming connection, e.g. https://dcs.adobedc.net/collection/{CONNECTION_ID}. Batches go to /collection/batch/{CONNECTION_ID}; query parameters are kept. The host must be in the deployment’s allowed hosts.',
        displayName: 'AEP endpoint',
        width: 'LONG',
        validator: urlValidator(batchEndpoint),
      }),
    )
    .define(
      endpoint({
        name: K.FLOW_ID,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation: 'Dataflow id sent as the x-adobe-flow-id header (raw/Data Prep flows).',
        displayName: 'Flow id',
        validator: headerValue,
      }),
    )
    .define(
      endpoint({
        name: K.SANDBOX_NAME,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'Sandbox name sent as the x-sandbox-name header.',
        displayName: 'Sandbox name',
        validator: headerValue,
      }),
    )
    .define(
      endpoint({
        name: K.ENDPOINT_HEADERS,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Extra HTTP headers as a JSON object string, e.g. {"x-adobe-flow-id":"…","x-adobe-dataset-id":"…"}. Invalid JSON is a configuration error (the Java connector ignored it). Content-Type, Content-Encoding, Content-Length and Host cannot be set.',
        displayName: 'Extra headers',
        width: 'LONG',
        validator: headersJson,
      }),
    )
    .define(
      endpoint({
        name: K.FLUSH_INTERVAL_SECONDS,
        type: 'INT',
        defaultValue: AepDefaults.FLUSH_INTERVAL_SECONDS,
        importance: 'LOW',
        documentation:
          'Java: time trigger for a flush inside one put(). Accepted for compatibility and has no effect: every invocation sends all its records at once; the event source mapping batching window is the time knob.',
        displayName: 'Flush interval (s)',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      endpoint({
        name: K.FLUSH_BYTES_KB,
        type: 'INT',
        defaultValue: AepDefaults.FLUSH_BYTES_KB,
        importance: 'MEDIUM',
        documentation:
          "Soft size target of one request, in KiB of message bytes: a request is closed once its messages reach it (so it may exceed it by one message, as in Java). aep.max.request.bytes and aep.max.messages.per.request always apply. Java counted UTF-16 characters; this counts UTF-8 bytes. The default fills requests up to aep.max.request.bytes (Java's default was 4, i.e. four 1 KiB records a request); a configured value is honoured.",
        displayName: 'Flush bytes (KiB)',
        validator: Range.atLeast(1),
      }),
    )
    .define(
      endpoint({
        name: K.MAX_REQUEST_BYTES,
        type: 'INT',
        defaultValue: AepDefaults.MAX_REQUEST_BYTES,
        importance: 'LOW',
        documentation:
          'Hard cap of one request body in UTF-8 bytes, envelope included, before compression. AEP refuses requests over 1 MB with 413. A message that cannot fit alone fails without being sent.',
        displayName: 'Max request bytes',
        validator: Range.between(AepLimits.MIN_REQUEST_BYTES, AepLimits.REQUEST_BYTES),
      }),
    )
    .define(
      endpoint({
        name: K.MAX_MESSAGES_PER_REQUEST,
        type: 'INT',
        defaultValue: AepDefaults.MAX_MESSAGES_PER_REQUEST,
        importance: 'LOW',
        documentation: 'Most messages in one request.',
        displayName: 'Max messages per request',
        validator: Range.between(1, AepLimits.MAX_MESSAGES_PER_REQUEST),
      }),
    )
    .define(
      endpoint({
        name: K.COMPRESSION,
        type: 'STRING',
        defaultValue: AepDefaults.COMPRESSION,
        importance: 'LOW',
        documentation:
          'none, or gzip to send request bodies with Content-Encoding: gzip. AEP does not document gzip requests: confirm your inlet accepts them before turning it on.',
        displayName: 'Compression',
        validator: validString(Compression.NONE, Compression.GZIP),
        recommendedValues: [Compression.NONE, Compression.GZIP],
      }),
    )
    .define(
      connection({
        name: K.MAX_RETRIES,
        type: 'INT',
        defaultValue: RETRY_DEFAULTS.maxAttempts,
        importance: 'MEDIUM',
        documentation:
          'Attempts per request in all, the first included (as in Java, despite the name), on 429, 5xx, network errors and timeouts. The invocation deadline also bounds them.',
        displayName: 'Max attempts',
        validator: Range.atLeast(1),
      }),
    )
    .define(
      connection({
        name: K.RETRY_BACKOFF,
        type: 'INT',
        defaultValue: RETRY_DEFAULTS.baseDelayMs,
        importance: 'LOW',
        documentation:
          'Base of the exponential backoff between attempts, in ms (Java slept this fixed time). Delays are random in [0, min(max, base × 2^(attempt−1))); a Retry-After answer is honoured instead.',
        displayName: 'Retry backoff (ms)',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      connection({
        name: K.RETRY_BACKOFF_MAX,
        type: 'INT',
        defaultValue: RETRY_DEFAULTS.maxDelayMs,
        importance: 'LOW',
        documentation: 'Cap of one backoff delay, in ms.',
        displayName: 'Max retry backoff (ms)',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      connection({
        name: K.CONNECT_TIMEOUT,
        type: 'INT',
        defaultValue: AepDefaults.CONNECT_TIMEOUT_MS,
        importance: 'LOW',
        documentation:
          'Connect timeout of AEP and IMS calls, in ms; 0 for none (the invocation deadline still applies).',
        displayName: 'Connect timeout (ms)',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      connection({
        name: K.READ_TIMEOUT,
        type: 'INT',
        defaultValue: AepDefaults.READ_TIMEOUT_MS,
        importance: 'LOW',
        documentation:
          'Longest wait for the answer’s headers, and between two chunks of its body, in ms; 0 for none (the invocation deadline still applies).',
        displayName: 'Read timeout (ms)',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      connection({
        name: K.MAX_IN_FLIGHT_REQUESTS,
        type: 'INT',
        defaultValue: AepDefaults.MAX_IN_FLIGHT_REQUESTS,
        importance: 'LOW',
        documentation:
          'Requests one invocation has in flight at once. Outcomes keep the record order whatever the order of the answers.',
        displayName: 'Max in-flight requests',
        validator: Range.between(1, AepLimits.MAX_IN_FLIGHT_REQUESTS),
      }),
    )
    .define(
      connection({
        name: K.PROXY_HOST,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'HTTP proxy for AEP and IMS calls (CONNECT tunnel). Unset: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment, if any.',
        displayName: 'Proxy host',
        validator: lambdaValidator('host name', (v) =>
          v === null || HOST_NAME.test(String(v)) ? undefined : 'must be a host name or IP address',
        ),
      }),
    )
    .define(
      connection({
        name: K.PROXY_PORT,
        type: 'INT',
        defaultValue: AepDefaults.PROXY_PORT,
        importance: 'LOW',
        documentation: 'Proxy port (443 by default, as in Java).',
        displayName: 'Proxy port',
        validator: Range.between(1, 65_535),
      }),
    )
    .define(
      connection({
        name: K.PROXY_USER,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'Proxy user (basic proxy authentication), with aep.connection.proxy.password.',
        displayName: 'Proxy user',
      }),
    )
    .define(
      connection({
        name: K.PROXY_PASSWORD,
        type: 'PASSWORD',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'Proxy password.',
        displayName: 'Proxy password',
      }),
    )
    .define(
      auth({
        name: K.AUTH_ENABLED,
        type: 'BOOLEAN',
        defaultValue: false,
        importance: 'HIGH',
        documentation:
          'Send Authorization: Bearer <token> (authenticated streaming connections). When false, the other aep.connection.auth.* keys are ignored, as in Java.',
        displayName: 'Authentication',
      }),
    )
    .define(
      auth({
        name: K.AUTH_TOKEN_TYPE,
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          'oauth2_access_token (OAuth server-to-server, recommended), access_token (authorization code exchange) or jwt_token (deprecated: Adobe ended JWT credentials in 2025). Unset: jwt_token when aep.connection.auth.filePath is set (the Java default), otherwise oauth2_access_token.',
        displayName: 'Token type',
        validator: validString(TokenType.OAUTH2_ACCESS_TOKEN, TokenType.ACCESS_TOKEN, TokenType.JWT_TOKEN),
        recommendedValues: [TokenType.OAUTH2_ACCESS_TOKEN, TokenType.ACCESS_TOKEN, TokenType.JWT_TOKEN],
      }),
    )
    .define(
      auth({
        name: K.AUTH_ENDPOINT,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation: `IMS base URL. Unset: the AUTH_ENDPOINT environment variable (as in Java), else ${AepDefaults.AUTH_ENDPOINT}. The host must be in the deployment’s allowed hosts.`,
        displayName: 'IMS endpoint',
        validator: urlValidator(parseHttpUrl),
      }),
    )
    .define(
      auth({
        name: K.AUTH_CLIENT_ID,
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation: 'IMS client id (API key) of the credential.',
        displayName: 'Client id',
      }),
    )
    .define(
      auth({
        name: K.AUTH_CLIENT_SECRET,
        type: 'PASSWORD',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          'IMS client secret. Prefer a secretsmanager config provider reference to a literal secret.',
        displayName: 'Client secret',
      }),
    )
    .define(
      auth({
        name: K.AUTH_SCOPE,
        type: 'STRING',
        defaultValue: AepDefaults.AUTH_SCOPE,
        importance: 'MEDIUM',
        documentation:
          'oauth2_access_token: comma-separated scopes of the credential, as listed in the Developer Console (Java hard-coded this default).',
        displayName: 'Scopes',
        validator: nonEmptyString,
      }),
    )
    .define(
      auth({
        name: K.AUTH_CLIENT_CODE,
        type: 'PASSWORD',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation: 'access_token: the authorization code exchanged at /ims/token/v1.',
        displayName: 'Authorization code',
      }),
    )
    .define(
      auth({
        name: K.AUTH_IMS_ORG,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'jwt_token: organization id (the iss claim).',
        displayName: 'IMS org',
      }),
    )
    .define(
      auth({
        name: K.AUTH_ACCOUNT_KEY,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'jwt_token: technical account id (the sub claim).',
        displayName: 'Technical account id',
      }),
    )
    .define(
      auth({
        name: K.AUTH_FILE_PATH,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'jwt_token: path of the PKCS#8 private key that signs the JWT, DER as in Java (openssl pkcs8 -topk8 -outform DER -nocrypt) or PEM.',
        displayName: 'Private key file',
      }),
    )
    .define(
      auth({
        name: K.AUTH_TOKEN,
        type: 'PASSWORD',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'A bearer token obtained elsewhere, sent as is; no IMS call. It cannot be refreshed: a 401/403 fails the batch.',
        displayName: 'Static token',
      }),
    );
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
  return collect(props, options).problems;
}

/**
 * Parses and checks a connector's `aep.*` keys.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 * @example
 * const config = parseAepConfig({ 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc' });
 * config.maxAttempts; // 3
 */
export function parseAepConfig(
  props: Readonly<Record<string, unknown>>,
  options: AepConfigOptions = {},
): AepConfig {
  const { config, problems } = collect(props, options);
  if (!config || problems.length > 0) throw new ConfigErrors(problems);
  return config;
}

function collect(
  props: Readonly<Record<string, unknown>>,
  options: AepConfigOptions,
): { config?: AepConfig; problems: ConfigProblem[] } {
  let v: Record<string, unknown>;
  try {
    v = aepConfigDef().parse(props);
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return { problems: [...e.problems] };
  }
  const problems: ConfigProblem[] = [];
  const problem = (key: string, value: unknown, reason: string) =>
    problems.push({ key, message: new ConfigException(key, value, reason).message });
  const missing = (key: string, reason: string) =>
    problems.push({ key, message: `Missing required configuration "${key}": it is required ${reason}.` });
  const str = (k: string) => (v[k] as string | null) || undefined;
  const int = (k: string) => v[k] as number;
  const secret = (k: string) => {
    const password = v[k] as Password | null;
    return password && password.value !== '' ? password : undefined;
  };

  const headers: Record<string, string> = str(K.ENDPOINT_HEADERS)
    ? parseEndpointHeaders(str(K.ENDPOINT_HEADERS) as string)
    : {};
  for (const [k, header] of [
    [K.FLOW_ID, AepHeaders.FLOW_ID],
    [K.SANDBOX_NAME, AepHeaders.SANDBOX_NAME],
  ] as const) {
    const value = str(k);
    if (value === undefined) continue;
    if (header in headers)
      problem(k, value, `sets ${header}, which aep.connection.endpoint.headers sets too`);
    headers[header] = value;
  }

  const proxyHost = str(K.PROXY_HOST);
  const proxyUser = str(K.PROXY_USER);
  const proxyPassword = secret(K.PROXY_PASSWORD);
  if (proxyHost && Boolean(proxyUser) !== Boolean(proxyPassword)) {
    missing(
      proxyUser ? K.PROXY_PASSWORD : K.PROXY_USER,
      `with ${proxyUser ? K.PROXY_USER : K.PROXY_PASSWORD}`,
    );
  }
  const proxy: AepProxyConfig | undefined = proxyHost
    ? { host: proxyHost, port: int(K.PROXY_PORT), user: proxyUser, password: proxyPassword }
    : undefined;

  let auth: AepAuthConfig | undefined;
  if (v[K.AUTH_ENABLED] === true) {
    if (AepHeaders.AUTHORIZATION in headers) {
      problem(
        K.ENDPOINT_HEADERS,
        '[hidden]',
        'cannot set Authorization when aep.connection.auth.enabled is true',
      );
    }
    auth = authConfig(str, secret, problem, missing, options.env ?? process.env);
  }

  const config: AepConfig = {
    endpoint: str(K.ENDPOINT) as string,
    batchUrl: batchEndpoint(str(K.ENDPOINT) as string),
    flushBytes: int(K.FLUSH_BYTES_KB) * 1024,
    maxAttempts: int(K.MAX_RETRIES),
    retryBackoffMs: int(K.RETRY_BACKOFF),
    retryBackoffMaxMs: int(K.RETRY_BACKOFF_MAX),
    connectTimeoutMs: int(K.CONNECT_TIMEOUT),
    readTimeoutMs: int(K.READ_TIMEOUT),
    proxy,
    auth,
    headers,
    compression: v[K.COMPRESSION] as Compression,
    maxRequestBytes: int(K.MAX_REQUEST_BYTES),
    maxMessagesPerRequest: int(K.MAX_MESSAGES_PER_REQUEST),
    maxInFlightRequests: int(K.MAX_IN_FLIGHT_REQUESTS),
  };
  return { config, problems };
}

function authConfig(
  str: (k: string) => string | undefined,
  secret: (k: string) => Password | undefined,
  problem: (key: string, value: unknown, reason: string) => void,
  missing: (key: string, reason: string) => void,
  env: Readonly<Record<string, string | undefined>>,
): AepAuthConfig | undefined {
  const token = secret(K.AUTH_TOKEN);
  const explicitType = str(K.AUTH_TOKEN_TYPE);
  if (token) {
    if (explicitType)
      problem(K.AUTH_TOKEN, token, `cannot be combined with ${K.AUTH_TOKEN_TYPE}=${explicitType}`);
    return { type: TokenType.STATIC, token };
  }
  const type = explicitType ?? (str(K.AUTH_FILE_PATH) ? TokenType.JWT_TOKEN : TokenType.OAUTH2_ACCESS_TOKEN);
  const required = <T>(k: string, value: T | undefined): T => {
    if (value === undefined) missing(k, `when ${K.AUTH_TOKEN_TYPE} is ${type}`);
    return value as T;
  };
  const envEndpoint = env[AepDefaults.AUTH_ENDPOINT_ENV];
  let endpoint = str(K.AUTH_ENDPOINT) ?? (envEndpoint || AepDefaults.AUTH_ENDPOINT);
  try {
    endpoint = parseHttpUrl(endpoint).toString().replace(/\/$/, '');
  } catch (e) {
    problem(
      K.AUTH_ENDPOINT,
      endpoint,
      `the ${AepDefaults.AUTH_ENDPOINT_ENV} variable ${(e as Error).message}`,
    );
  }
  const clientId = required(K.AUTH_CLIENT_ID, str(K.AUTH_CLIENT_ID));
  const clientSecret = required(K.AUTH_CLIENT_SECRET, secret(K.AUTH_CLIENT_SECRET));
  switch (type) {
    case TokenType.OAUTH2_ACCESS_TOKEN:
      return { type, endpoint, clientId, clientSecret, scope: str(K.AUTH_SCOPE) as string };
    case TokenType.ACCESS_TOKEN:
      return {
        type,
        endpoint,
        clientId,
        clientSecret,
        clientCode: required(K.AUTH_CLIENT_CODE, secret(K.AUTH_CLIENT_CODE)),
      };
    default:
      return {
        type: TokenType.JWT_TOKEN,
        endpoint,
        clientId,
        clientSecret,
        imsOrg: required(K.AUTH_IMS_ORG, str(K.AUTH_IMS_ORG)),
        accountKey: required(K.AUTH_ACCOUNT_KEY, str(K.AUTH_ACCOUNT_KEY)),
        filePath: required(K.AUTH_FILE_PATH, str(K.AUTH_FILE_PATH)),
      };
  }
}
