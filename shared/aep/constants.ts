// Names, defaults and limits of AEP delivery. The Java keys and defaults are those of Adobe's
// `AbstractAEPPublisher`/`AbstractSinkTask` (experience-platform-streaming-connect 0.0.30); AEP's limits are from
// "Send multiple messages in a single HTTP request" (Adobe Experience Platform streaming ingestion).

/**
 * The `aep.*` connector keys, so code never spells them twice. The first group are the Java connector's keys; the
 * second are ours.
 */
export const AepKeys = {
  ENDPOINT: 'aep.endpoint',
  FLUSH_INTERVAL_SECONDS: 'aep.flush.interval.seconds',
  FLUSH_BYTES_KB: 'aep.flush.bytes.kb',
  MAX_RETRIES: 'aep.connection.maxRetries',
  RETRY_BACKOFF: 'aep.connection.retryBackoff',
  CONNECT_TIMEOUT: 'aep.connection.timeout',
  READ_TIMEOUT: 'aep.connection.readTimeout',
  PROXY_HOST: 'aep.connection.proxy.host',
  PROXY_PORT: 'aep.connection.proxy.port',
  PROXY_USER: 'aep.connection.proxy.user',
  PROXY_PASSWORD: 'aep.connection.proxy.password',
  AUTH_ENABLED: 'aep.connection.auth.enabled',
  AUTH_TOKEN_TYPE: 'aep.connection.auth.token.type',
  AUTH_CLIENT_ID: 'aep.connection.auth.client.id',
  AUTH_CLIENT_SECRET: 'aep.connection.auth.client.secret',
  AUTH_CLIENT_CODE: 'aep.connection.auth.client.code',
  AUTH_ENDPOINT: 'aep.connection.auth.endpoint',
  AUTH_IMS_ORG: 'aep.connection.auth.imsOrg',
  AUTH_ACCOUNT_KEY: 'aep.connection.auth.accountKey',
  AUTH_FILE_PATH: 'aep.connection.auth.filePath',
  ENDPOINT_HEADERS: 'aep.connection.endpoint.headers',

  RETRY_BACKOFF_MAX: 'aep.connection.retryBackoffMax',
  AUTH_SCOPE: 'aep.connection.auth.scope',
  AUTH_TOKEN: 'aep.connection.auth.token',
  COMPRESSION: 'aep.compression',
  MAX_REQUEST_BYTES: 'aep.max.request.bytes',
  MAX_MESSAGES_PER_REQUEST: 'aep.max.messages.per.request',
  MAX_IN_FLIGHT_REQUESTS: 'aep.max.in.flight.requests',
  FLOW_ID: 'aep.flow.id',
  SANDBOX_NAME: 'aep.sandbox.name',
} as const;

/**
 * The groups the `aep.*` keys appear in (`/connector-plugins/…/config`, validate).
 *
 * @example
 * aepDefinition.configDef().groups(); // ['AEP Endpoint', 'AEP Connection', 'AEP Authentication']
 */
export const AepGroups = {
  ENDPOINT: 'AEP Endpoint',
  CONNECTION: 'AEP Connection',
  AUTH: 'AEP Authentication',
} as const;

/**
 * Values of `aep.connection.auth.token.type` (the Java connector's `TokenType` names), plus `static` for a bearer
 * token given in `aep.connection.auth.token`.
 */
export const TokenType = {
  OAUTH2_ACCESS_TOKEN: 'oauth2_access_token',
  ACCESS_TOKEN: 'access_token',
  JWT_TOKEN: 'jwt_token',
  STATIC: 'static',
} as const;
export type TokenType = (typeof TokenType)[keyof typeof TokenType];

/**
 * Values of `aep.compression`.
 */
export const Compression = { NONE: 'none', GZIP: 'gzip' } as const;
export type Compression = (typeof Compression)[keyof typeof Compression];

/**
 * Defaults of the `aep.*` keys: the Java connector's where it has the key.
 */
export const AepDefaults = {
  FLUSH_INTERVAL_SECONDS: 1,
  /**
   * Java's default is 4 KiB (four 1 KiB records a request); ours fills requests up to the hard cap
   * (`MAX_REQUEST_BYTES`), which is what AEP's batch endpoint is for. An explicit value is honoured.
   */
  FLUSH_BYTES_KB: 1000,
  CONNECT_TIMEOUT_MS: 5_000,
  READ_TIMEOUT_MS: 60_000,
  PROXY_PORT: 443,
  /** The scope the Java connector hard-codes for OAuth server-to-server. */
  AUTH_SCOPE: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
  /** Production IMS (DEVELOPER_GUIDE), used when neither the key nor the `AUTH_ENDPOINT` variable is set. */
  AUTH_ENDPOINT: 'https://ims-na1.adobelogin.com',
  /** The variable the Java connector reads when `aep.connection.auth.endpoint` is empty. */
  AUTH_ENDPOINT_ENV: 'AUTH_ENDPOINT',
  COMPRESSION: Compression.NONE,
  MAX_REQUEST_BYTES: 1_000_000,
  MAX_MESSAGES_PER_REQUEST: 1_000,
  MAX_IN_FLIGHT_REQUESTS: 4,
} as const;

/**
 * Limits of AEP's streaming ingestion and of our keys.
 */
export const AepLimits = {
  /** AEP answers 413 to a request over 1 MB; `aep.max.request.bytes` cannot go higher. */
  REQUEST_BYTES: 1_000_000,
  MIN_REQUEST_BYTES: 1_024,
  MAX_MESSAGES_PER_REQUEST: 10_000,
  MAX_IN_FLIGHT_REQUESTS: 64,
} as const;

/**
 * Hosts `aep.endpoint` and `aep.connection.auth.endpoint` may name unless the deployment says otherwise
 * (`aep.allowed.hosts`): Adobe's DCS, API and IMS hosts.
 *
 * @example
 * parseAllowedHosts(''); // DEFAULT_ALLOWED_HOSTS
 */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = [
  '*.adobedc.net',
  '*.adobe.io',
  'ims-*.adobelogin.com',
];

/**
 * Headers the sender sets itself; `aep.connection.endpoint.headers` may not name them.
 */
export const RESERVED_HEADERS: readonly string[] = [
  'content-type',
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
];

/**
 * Header names of our dedicated keys.
 */
export const AepHeaders = {
  FLOW_ID: 'x-adobe-flow-id',
  SANDBOX_NAME: 'x-sandbox-name',
  AUTHORIZATION: 'authorization',
} as const;

/**
 * Metric names the sender reports through {@link AepMetrics} (Powertools-style `addMetric(name, unit, value)`).
 */
export const AepMetricNames = {
  /** One per HTTP attempt to AEP. */
  REQUESTS: 'AepRequests',
  /** One per attempt that is scheduled again (429, 5xx, network error, refreshed token). */
  RETRIES: 'AepRetries',
  /** One per 429 answer. */
  THROTTLES: 'AepThrottles',
  /** Uncompressed body bytes of each attempt. */
  BYTES_RAW: 'AepRequestBytesRaw',
  /** Bytes on the wire of each attempt (gzip applied). */
  BYTES_WIRE: 'AepRequestBytesWire',
  /** Time from sending an attempt to having its whole answer. */
  LATENCY: 'AepRequestLatency',
  /** One per IMS token request. */
  TOKEN_REQUESTS: 'AepTokenRequests',
} as const;

/**
 * The envelope AEP's batch endpoint takes: `{"messages":[m1,m2,…]}`.
 */
export const ENVELOPE = { HEAD: '{"messages":[', TAIL: ']}' } as const;

/**
 * gzip level of request bodies. Levels 1–3 use zlib's fast deflate: on ~1 KiB XDM messages in ~1 MB bodies, level 3
 * took 55–65 % of level 6's CPU time for output 4–11 % larger. CPU time is what the Lambda bills.
 */
export const GZIP_LEVEL = 3;

/**
 * Most characters of an AEP answer quoted in an outcome's reason.
 */
export const MAX_REASON_CHARS = 500;

/**
 * AEP statuses that refuse a request for reasons outside its messages (credentials, wrong inlet, proxy
 * authentication): its messages are not rejected, and delivering them again once the cause is fixed will work.
 */
export const REQUEST_LEVEL_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 407]);
