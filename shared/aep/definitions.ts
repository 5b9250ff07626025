// The `aep.*` connector keys: every key of Adobe's Java connector (`AbstractAEPPublisher`, `AbstractSinkTask`), with
// its default and meaning, plus ours for what it lacks. See docs/aep-delivery.md for how each Java key maps here.
import {
  ConfigException,
  defineConfig,
  HIDDEN,
  lambdaValidator,
  nonEmptyString,
  parseValidator,
  Range,
  type Validator,
  validString,
} from '../config/index.ts';
import { AepDefaults, AepGroups, AepKeys, AepLimits, Compression, TokenType } from './constants.ts';
import { batchEndpoint, parseHttpUrl } from './endpoint.ts';
import { isHeaderValue, parseEndpointHeaders } from './headers.ts';
import { RETRY_DEFAULTS } from './retry.ts';

const K = AepKeys;
const HOST_NAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

const urlValidator = (check: (value: string) => unknown) =>
  parseValidator('http(s) URL', (value) => check(String(value)));

const headerValue = lambdaValidator('header value', (value) =>
  value === null || isHeaderValue(String(value)) ? undefined : 'must be a valid HTTP header value',
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
 * The `aep.*` keys in three groups (endpoint, connection, authentication).
 *
 * @example
 * const values = aepDefinition.configDef().validate(config); // per-key errors for `…/config/validate`
 */
export const aepDefinition = defineConfig(
  {
    [K.ENDPOINT]: {
      group: AepGroups.ENDPOINT,
      type: 'STRING',
      importance: 'HIGH',
      documentation:
        'DCS inlet URL of the streaming connection, e.g. https://dcs.adobedc.net/collection/{CONNECTION_ID}. Batches go to /collection/batch/{CONNECTION_ID}; query parameters are kept. The host must be in the deployment’s allowed hosts.',
      displayName: 'AEP endpoint',
      width: 'LONG',
      validator: urlValidator(batchEndpoint),
    },
    [K.FLOW_ID]: {
      group: AepGroups.ENDPOINT,
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: 'Dataflow id sent as the x-adobe-flow-id header (raw/Data Prep flows).',
      displayName: 'Flow id',
      validator: headerValue,
    },
    [K.SANDBOX_NAME]: {
      group: AepGroups.ENDPOINT,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Sandbox name sent as the x-sandbox-name header.',
      displayName: 'Sandbox name',
      validator: headerValue,
    },
    [K.ENDPOINT_HEADERS]: {
      group: AepGroups.ENDPOINT,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'Extra HTTP headers as a JSON object string, e.g. {"x-adobe-flow-id":"…","x-adobe-dataset-id":"…"}. Invalid JSON is a configuration error (the Java connector ignored it). Content-Type, Content-Encoding, Content-Length and Host cannot be set.',
      displayName: 'Extra headers',
      width: 'LONG',
      validator: headersJson,
    },
    [K.FLUSH_INTERVAL_SECONDS]: {
      group: AepGroups.ENDPOINT,
      type: 'INT',
      defaultValue: AepDefaults.FLUSH_INTERVAL_SECONDS,
      importance: 'LOW',
      documentation:
        'Java: time trigger for a flush inside one put(). Accepted for compatibility and has no effect: every invocation sends all its records at once; the event source mapping batching window is the time knob.',
      displayName: 'Flush interval (s)',
      validator: Range.atLeast(0),
    },
    [K.FLUSH_BYTES_KB]: {
      group: AepGroups.ENDPOINT,
      type: 'INT',
      defaultValue: AepDefaults.FLUSH_BYTES_KB,
      importance: 'MEDIUM',
      documentation:
        "Soft size target of one request, in KiB of message bytes: a request is closed once its messages reach it (so it may exceed it by one message, as in Java). aep.max.request.bytes and aep.max.messages.per.request always apply. Java counted UTF-16 characters; this counts UTF-8 bytes. The default fills requests up to aep.max.request.bytes (Java's default was 4, i.e. four 1 KiB records a request); a configured value is honoured.",
      displayName: 'Flush bytes (KiB)',
      validator: Range.atLeast(1),
    },
    [K.MAX_REQUEST_BYTES]: {
      group: AepGroups.ENDPOINT,
      type: 'INT',
      defaultValue: AepDefaults.MAX_REQUEST_BYTES,
      importance: 'LOW',
      documentation:
        'Hard cap of one request body in UTF-8 bytes, envelope included, before compression. AEP refuses requests over 1 MB with 413. A message that cannot fit alone fails without being sent.',
      displayName: 'Max request bytes',
      validator: Range.between(AepLimits.MIN_REQUEST_BYTES, AepLimits.REQUEST_BYTES),
    },
    [K.MAX_MESSAGES_PER_REQUEST]: {
      group: AepGroups.ENDPOINT,
      type: 'INT',
      defaultValue: AepDefaults.MAX_MESSAGES_PER_REQUEST,
      importance: 'LOW',
      documentation: 'Most messages in one request.',
      displayName: 'Max messages per request',
      validator: Range.between(1, AepLimits.MAX_MESSAGES_PER_REQUEST),
    },
    [K.COMPRESSION]: {
      group: AepGroups.ENDPOINT,
      type: 'STRING',
      defaultValue: AepDefaults.COMPRESSION,
      importance: 'LOW',
      documentation:
        'none, or gzip to send request bodies with Content-Encoding: gzip. AEP does not document gzip requests: confirm your inlet accepts them before turning it on.',
      displayName: 'Compression',
      validator: validString(Compression.NONE, Compression.GZIP),
      recommendedValues: [Compression.NONE, Compression.GZIP],
    },
    [K.MAX_RETRIES]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: RETRY_DEFAULTS.maxAttempts,
      importance: 'MEDIUM',
      documentation:
        'Attempts per request in all, the first included (as in Java, despite the name), on 429, 5xx, network errors and timeouts. The invocation deadline also bounds them.',
      displayName: 'Max attempts',
      validator: Range.atLeast(1),
    },
    [K.RETRY_BACKOFF]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: RETRY_DEFAULTS.baseDelayMs,
      importance: 'LOW',
      documentation:
        'Base of the exponential backoff between attempts, in ms (Java slept this fixed time). Delays are random in [0, min(max, base × 2^(attempt−1))); a Retry-After answer is honoured instead.',
      displayName: 'Retry backoff (ms)',
      validator: Range.atLeast(0),
    },
    [K.RETRY_BACKOFF_MAX]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: RETRY_DEFAULTS.maxDelayMs,
      importance: 'LOW',
      documentation: 'Cap of one backoff delay, in ms.',
      displayName: 'Max retry backoff (ms)',
      validator: Range.atLeast(0),
    },
    [K.CONNECT_TIMEOUT]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: AepDefaults.CONNECT_TIMEOUT_MS,
      importance: 'LOW',
      documentation:
        'Connect timeout of AEP and IMS calls, in ms; 0 for none (the invocation deadline still applies).',
      displayName: 'Connect timeout (ms)',
      validator: Range.atLeast(0),
    },
    [K.READ_TIMEOUT]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: AepDefaults.READ_TIMEOUT_MS,
      importance: 'LOW',
      documentation:
        'Longest wait for the answer’s headers, and between two chunks of its body, in ms; 0 for none (the invocation deadline still applies).',
      displayName: 'Read timeout (ms)',
      validator: Range.atLeast(0),
    },
    [K.MAX_IN_FLIGHT_REQUESTS]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: AepDefaults.MAX_IN_FLIGHT_REQUESTS,
      importance: 'LOW',
      documentation:
        'Requests one invocation has in flight at once, on keep-alive connections. Outcomes, settled offsets and commits keep the record order whatever the order of the answers, but two requests of one partition may reach AEP out of order (AEP does not keep the order of streamed data either); 1 sends one request at a time.',
      displayName: 'Max in-flight requests',
      validator: Range.between(1, AepLimits.MAX_IN_FLIGHT_REQUESTS),
    },
    [K.PROXY_HOST]: {
      group: AepGroups.CONNECTION,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'HTTP proxy for AEP and IMS calls (CONNECT tunnel). Unset: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment, if any.',
      displayName: 'Proxy host',
      validator: lambdaValidator('host name', (v) =>
        v === null || HOST_NAME.test(String(v)) ? undefined : 'must be a host name or IP address',
      ),
    },
    [K.PROXY_PORT]: {
      group: AepGroups.CONNECTION,
      type: 'INT',
      defaultValue: AepDefaults.PROXY_PORT,
      importance: 'LOW',
      documentation: 'Proxy port (443 by default, as in Java).',
      displayName: 'Proxy port',
      validator: Range.between(1, 65_535),
    },
    [K.PROXY_USER]: {
      group: AepGroups.CONNECTION,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Proxy user (basic proxy authentication), with aep.connection.proxy.password.',
      displayName: 'Proxy user',
    },
    [K.PROXY_PASSWORD]: {
      group: AepGroups.CONNECTION,
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Proxy password.',
      displayName: 'Proxy password',
    },
    [K.AUTH_ENABLED]: {
      group: AepGroups.AUTH,
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'HIGH',
      documentation:
        'Send Authorization: Bearer <token> (authenticated streaming connections). When false, the other aep.connection.auth.* keys are ignored, as in Java.',
      displayName: 'Authentication',
    },
    [K.AUTH_TOKEN_TYPE]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'oauth2_access_token (OAuth server-to-server, recommended), access_token (authorization code exchange) or jwt_token (deprecated: Adobe ended JWT credentials in 2025). Unset: jwt_token when aep.connection.auth.filePath is set (the Java default), otherwise oauth2_access_token.',
      displayName: 'Token type',
      validator: validString(TokenType.OAUTH2_ACCESS_TOKEN, TokenType.ACCESS_TOKEN, TokenType.JWT_TOKEN),
      recommendedValues: [TokenType.OAUTH2_ACCESS_TOKEN, TokenType.ACCESS_TOKEN, TokenType.JWT_TOKEN],
    },
    [K.AUTH_ENDPOINT]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: `IMS base URL. Unset: the AUTH_ENDPOINT environment variable (as in Java), else ${AepDefaults.AUTH_ENDPOINT}. The host must be in the deployment’s allowed hosts.`,
      displayName: 'IMS endpoint',
      validator: urlValidator(parseHttpUrl),
    },
    [K.AUTH_CLIENT_ID]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'IMS client id (API key) of the credential.',
      displayName: 'Client id',
    },
    [K.AUTH_CLIENT_SECRET]: {
      group: AepGroups.AUTH,
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'IMS client secret. Prefer a secretsmanager config provider reference to a literal secret.',
      displayName: 'Client secret',
    },
    [K.AUTH_SCOPE]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: AepDefaults.AUTH_SCOPE,
      importance: 'MEDIUM',
      documentation:
        'oauth2_access_token: comma-separated scopes of the credential, as listed in the Developer Console (Java hard-coded this default).',
      displayName: 'Scopes',
      validator: nonEmptyString,
    },
    [K.AUTH_CLIENT_CODE]: {
      group: AepGroups.AUTH,
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: 'access_token: the authorization code exchanged at /ims/token/v1.',
      displayName: 'Authorization code',
    },
    [K.AUTH_IMS_ORG]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'jwt_token: organization id (the iss claim).',
      displayName: 'IMS org',
    },
    [K.AUTH_ACCOUNT_KEY]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'jwt_token: technical account id (the sub claim).',
      displayName: 'Technical account id',
    },
    [K.AUTH_FILE_PATH]: {
      group: AepGroups.AUTH,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'jwt_token: path of the PKCS#8 private key that signs the JWT, DER as in Java (openssl pkcs8 -topk8 -outform DER -nocrypt) or PEM.',
      displayName: 'Private key file',
    },
    [K.AUTH_TOKEN]: {
      group: AepGroups.AUTH,
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'A bearer token obtained elsewhere, sent as is; no IMS call. It cannot be refreshed: a 401/403 fails the batch.',
      displayName: 'Static token',
    },
  },
  { width: 'MEDIUM' },
);
