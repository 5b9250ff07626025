// The serde settings of Confluent's converters (`AbstractKafkaSchemaSerDeConfig`, `SchemaRegistryClientConfig`) that a
// sink reading records needs, parsed into client settings.
import {
  ConfigDef,
  ConfigException,
  lambdaValidator,
  Password,
  Range,
  validString,
} from '../config/index.ts';
import { SchemaRegistryKeys as K, SubjectNameStrategy } from './constants.ts';
import type { SchemaRegistrySettings } from './types.ts';

const GROUP = 'Schema Registry';

const httpUrls = lambdaValidator('http(s) URLs', (value) => {
  for (const url of (value as string[] | null) ?? []) {
    if (!/^https?:\/\/[^/\s]+/i.test(url)) return `${url} is not an http or https URL`;
  }
  return undefined;
});

const STRATEGIES = Object.values(SubjectNameStrategy);
const strategy = lambdaValidator(STRATEGIES.join(', '), (value) =>
  typeof value === 'string' && !STRATEGIES.some((s) => s === value || s.endsWith(`.${value}`))
    ? `Not a subject name strategy this sink knows; one of ${STRATEGIES.join(', ')}`
    : undefined,
);

/**
 * The keys of `AbstractKafkaSchemaSerDeConfig` a sink converter reads: registry URLs, basic and bearer auth, TLS (PEM),
 * timeouts and cache size; plus the producer-side keys Connect configs carry, accepted and unused.
 *
 * @example
 * schemaRegistryConfigDef().parse({ 'schema.registry.url': 'http://127.0.0.1:8081' });
 */
export function schemaRegistryConfigDef(): ConfigDef {
  let order = 0;
  const def = new ConfigDef();
  const add = (key: Omit<Parameters<ConfigDef['define']>[0], 'group' | 'orderInGroup'>) =>
    def.define({ ...key, group: GROUP, orderInGroup: order++ });
  add({
    name: K.URL,
    type: 'LIST',
    importance: 'HIGH',
    documentation:
      'Comma-separated list of URLs for Schema Registry instances that can be used to look up schemas (tried in order). Apicurio Registry takes its Confluent-compatible path, e.g. http://host:8080/apis/ccompat/v7.',
    validator: httpUrls,
  });
  add({
    name: K.BASIC_AUTH_SOURCE,
    type: 'STRING',
    defaultValue: 'URL',
    importance: 'MEDIUM',
    documentation:
      'Where the basic auth credentials come from: URL (user:password@ in schema.registry.url) or USER_INFO (basic.auth.user.info). SASL_INHERIT is not supported.',
    validator: validString('URL', 'USER_INFO'),
  });
  add({
    name: K.BASIC_AUTH_USER_INFO,
    type: 'PASSWORD',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'user:password for basic auth when basic.auth.credentials.source=USER_INFO.',
  });
  add({
    name: K.BEARER_AUTH_SOURCE,
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation:
      'Bearer auth: STATIC_TOKEN (bearer.auth.token) or OAUTHBEARER (client credentials from bearer.auth.issuer.endpoint.url). Empty: no bearer auth.',
    validator: validString('', 'STATIC_TOKEN', 'OAUTHBEARER'),
  });
  add({
    name: K.BEARER_AUTH_TOKEN,
    type: 'PASSWORD',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'The token sent with STATIC_TOKEN bearer auth.',
  });
  add({
    name: K.BEARER_AUTH_ISSUER_URL,
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'The OAuth token endpoint for OAUTHBEARER bearer auth.',
  });
  add({
    name: K.BEARER_AUTH_CLIENT_ID,
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'The OAuth client id for OAUTHBEARER bearer auth.',
  });
  add({
    name: K.BEARER_AUTH_CLIENT_SECRET,
    type: 'PASSWORD',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'The OAuth client secret for OAUTHBEARER bearer auth.',
  });
  add({
    name: K.BEARER_AUTH_SCOPE,
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'The OAuth scope for OAUTHBEARER bearer auth.',
  });
  add({
    name: K.BEARER_AUTH_LOGICAL_CLUSTER,
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'Confluent Cloud: the schema registry logical cluster id (target-sr-cluster header).',
  });
  add({
    name: K.BEARER_AUTH_IDENTITY_POOL,
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'Confluent Cloud: the identity pool id (Confluent-Identity-Pool-Id header).',
  });
  add({
    name: K.SSL_TRUSTSTORE_CERTIFICATES,
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation:
      'PEM certificates the registry server certificate is checked against (default: Node trust store).',
  });
  add({
    name: K.SSL_KEYSTORE_CERTIFICATE_CHAIN,
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: 'PEM client certificate chain for mutual TLS.',
  });
  add({
    name: K.SSL_KEYSTORE_KEY,
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: 'PEM private key for mutual TLS.',
  });
  add({
    name: K.SSL_KEY_PASSWORD,
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'LOW',
    documentation: 'Password of an encrypted schema.registry.ssl.keystore.key.',
  });
  add({
    name: K.SSL_ENDPOINT_IDENTIFICATION,
    type: 'STRING',
    defaultValue: 'https',
    importance: 'LOW',
    documentation: 'https checks that the registry certificate names its host; empty turns the check off.',
    validator: validString('https', ''),
  });
  add({
    name: K.READ_TIMEOUT_MS,
    type: 'INT',
    defaultValue: 10_000,
    importance: 'LOW',
    documentation:
      'Timeout of one registry request, in milliseconds. A request that fails with a network error, 408, 429 or 5xx is retried 3 times with backoff.',
    validator: Range.between(1, 600_000),
  });
  add({
    name: K.MAX_SCHEMAS,
    type: 'INT',
    defaultValue: 1000,
    importance: 'LOW',
    documentation: 'How many schemas (by id) each converter keeps in memory.',
    validator: Range.atLeast(1),
  });
  add({
    name: K.USE_LATEST_VERSION,
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'LOW',
    documentation:
      "Avro: read every record with the subject's latest schema (Avro schema resolution from the writer's schema). Protobuf and JSON Schema: ignored.",
  });
  add({
    name: K.LATEST_CACHE_TTL,
    type: 'LONG',
    defaultValue: -1,
    importance: 'LOW',
    documentation:
      'How long the latest schema of a subject is kept, in seconds; -1 keeps it for the task lifetime.',
  });
  for (const name of [K.KEY_SUBJECT_STRATEGY, K.VALUE_SUBJECT_STRATEGY]) {
    add({
      name,
      type: 'STRING',
      defaultValue: SubjectNameStrategy.TOPIC,
      importance: 'LOW',
      documentation:
        'The subject of the topic (for use.latest.version): TopicNameStrategy (<topic>-key, <topic>-value), RecordNameStrategy or TopicRecordNameStrategy.',
      validator: strategy,
    });
  }
  add({
    name: K.AUTO_REGISTER,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation: 'A producer setting; accepted and unused, since a sink only reads schemas.',
  });
  return def;
}

/**
 * Client settings from keys parsed with {@link schemaRegistryConfigDef}.
 *
 * @throws {ConfigException} naming the key when auth settings contradict each other.
 */
export function registrySettings(parsed: Readonly<Record<string, unknown>>): SchemaRegistrySettings {
  const secret = (key: string) => {
    const v = parsed[key];
    return v instanceof Password ? v.value : typeof v === 'string' ? v : '';
  };
  const text = (key: string) => String(parsed[key] ?? '');
  const urls = (parsed[K.URL] as string[] | null) ?? [];
  if (urls.length === 0)
    throw ConfigException.withMessage(
      K.URL,
      `Missing required configuration "${K.URL}" which has no default value.`,
    );
  const settings: { -readonly [k in keyof SchemaRegistrySettings]: SchemaRegistrySettings[k] } = {
    urls,
    timeoutMs: Number(parsed[K.READ_TIMEOUT_MS]),
    cacheCapacity: Number(parsed[K.MAX_SCHEMAS]),
  };
  if (parsed[K.BASIC_AUTH_SOURCE] === 'USER_INFO') {
    const userInfo = secret(K.BASIC_AUTH_USER_INFO);
    if (!userInfo.includes(':')) {
      throw new ConfigException(
        K.BASIC_AUTH_USER_INFO,
        '[hidden]',
        'must be user:password with basic.auth.credentials.source=USER_INFO',
      );
    }
    settings.basicAuth = { source: 'USER_INFO', userInfo };
  } else if (urls.some((u) => /^https?:\/\/[^/@]+@/i.test(u))) {
    settings.basicAuth = { source: 'URL' };
  }
  const optional = (key: string) => (text(key) ? text(key) : undefined);
  const cloud = {
    ...(optional(K.BEARER_AUTH_LOGICAL_CLUSTER)
      ? { logicalCluster: text(K.BEARER_AUTH_LOGICAL_CLUSTER) }
      : {}),
    ...(optional(K.BEARER_AUTH_IDENTITY_POOL) ? { identityPoolId: text(K.BEARER_AUTH_IDENTITY_POOL) } : {}),
  };
  if (parsed[K.BEARER_AUTH_SOURCE] === 'STATIC_TOKEN') {
    if (!secret(K.BEARER_AUTH_TOKEN))
      throw new ConfigException(
        K.BEARER_AUTH_TOKEN,
        '',
        'is required with bearer.auth.credentials.source=STATIC_TOKEN',
      );
    settings.bearerAuth = { source: 'STATIC_TOKEN', token: secret(K.BEARER_AUTH_TOKEN), ...cloud };
  } else if (parsed[K.BEARER_AUTH_SOURCE] === 'OAUTHBEARER') {
    for (const key of [K.BEARER_AUTH_ISSUER_URL, K.BEARER_AUTH_CLIENT_ID]) {
      if (!text(key))
        throw new ConfigException(key, '', 'is required with bearer.auth.credentials.source=OAUTHBEARER');
    }
    settings.bearerAuth = {
      source: 'OAUTHBEARER',
      issuerEndpointUrl: text(K.BEARER_AUTH_ISSUER_URL),
      clientId: text(K.BEARER_AUTH_CLIENT_ID),
      clientSecret: secret(K.BEARER_AUTH_CLIENT_SECRET),
      scope: text(K.BEARER_AUTH_SCOPE),
      ...cloud,
    };
  }
  if (settings.basicAuth && settings.bearerAuth) {
    throw new ConfigException(
      K.BEARER_AUTH_SOURCE,
      parsed[K.BEARER_AUTH_SOURCE],
      'cannot be combined with basic auth',
    );
  }
  const ca = secret(K.SSL_TRUSTSTORE_CERTIFICATES);
  const cert = secret(K.SSL_KEYSTORE_CERTIFICATE_CHAIN);
  const key = secret(K.SSL_KEYSTORE_KEY);
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigException(
      cert ? K.SSL_KEYSTORE_KEY : K.SSL_KEYSTORE_CERTIFICATE_CHAIN,
      null,
      'mutual TLS needs both the certificate chain and the key',
    );
  }
  const checkServerIdentity = parsed[K.SSL_ENDPOINT_IDENTIFICATION] !== '';
  if (ca || cert || !checkServerIdentity) {
    settings.tls = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert, key } : {}),
      ...(secret(K.SSL_KEY_PASSWORD) ? { passphrase: secret(K.SSL_KEY_PASSWORD) } : {}),
      checkServerIdentity,
    };
  }
  return settings;
}

/**
 * The registry subject of a topic's key or value under a subject name strategy (TopicNameStrategy needs no record
 * name; the others need the record's full name).
 *
 * @example
 * subjectName('TopicNameStrategy', 'orders', false); // 'orders-value'
 */
export function subjectName(
  strategyName: string,
  topic: string,
  isKey: boolean,
  recordName?: string,
): string {
  const simple = strategyName.slice(strategyName.lastIndexOf('.') + 1);
  if (simple === 'RecordNameStrategy' && recordName) return recordName;
  if (simple === 'TopicRecordNameStrategy' && recordName) return `${topic}-${recordName}`;
  return `${topic}-${isKey ? 'key' : 'value'}`;
}
