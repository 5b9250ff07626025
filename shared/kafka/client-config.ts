// Kafka client properties (the Java clients' names, as in a worker's `consumer.*` and a connector's
// `consumer.override.*` or `producer.override.*`) translated into kafkajs settings.
import { readFileSync } from 'node:fs';
import type { ConsumerConfig, KafkaConfig, SASLOptions } from 'kafkajs';
import { ConfigException } from '../config/index.ts';
import { KafkaClientDefaults } from './constants.ts';

/** Connection and security keys read by `applySecurity`. */
const SECURITY_KEYS = new Set([
  'bootstrap.servers',
  'security.protocol',
  'sasl.mechanism',
  'sasl.jaas.config',
  'ssl.truststore.type',
  'ssl.truststore.certificates',
  'ssl.truststore.location',
  'ssl.keystore.type',
  'ssl.keystore.certificate.chain',
  'ssl.keystore.location',
  'ssl.keystore.key',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
]);

// Whole-number Java client keys and the kafkajs consumer setting each becomes.
const CONSUMER_INT_KEYS: Readonly<Record<string, keyof ClientSettings['consumer']>> = {
  'session.timeout.ms': 'sessionTimeout',
  'heartbeat.interval.ms': 'heartbeatInterval',
  'max.poll.interval.ms': 'rebalanceTimeout',
  'fetch.min.bytes': 'minBytes',
  'fetch.max.bytes': 'maxBytes',
  'fetch.max.wait.ms': 'maxWaitTimeInMs',
  'max.partition.fetch.bytes': 'maxBytesPerPartition',
  'metadata.max.age.ms': 'metadataMaxAge',
};

// Whole-number Java client keys of the connection, and the kafkajs client setting each becomes.
const CLIENT_INT_KEYS: Readonly<Record<string, (c: ClientSettings, n: number) => void>> = {
  'request.timeout.ms': (c, n) => Object.assign(c.kafka, { requestTimeout: n }),
  'socket.connection.setup.timeout.ms': (c, n) => Object.assign(c.kafka, { connectionTimeout: n }),
  'retry.backoff.ms': (c, n) => Object.assign(c.kafka, { retry: { ...c.kafka.retry, initialRetryTime: n } }),
};

/** kafkajs settings derived from client properties, plus the keys that had no effect (for a warning). */
export interface ClientSettings {
  kafka: KafkaConfig;
  consumer: Omit<ConsumerConfig, 'groupId'>;
  ignored: string[];
}

/**
 * Translates Java client properties into kafkajs settings. Supported: `bootstrap.servers`, `client.id`,
 * `security.protocol`, `sasl.mechanism` (PLAIN, SCRAM-SHA-256/512), `sasl.jaas.config`, PEM `ssl.*` stores,
 * `ssl.endpoint.identification.algorithm`, `isolation.level`, `allow.auto.create.topics` and the timeouts and
 * fetch sizes in `CONSUMER_INT_KEYS` and `CLIENT_INT_KEYS`. Other keys (those the runtime manages itself, such as `group.id`,
 * `enable.auto.commit`, `auto.offset.reset` and `max.poll.records`, and unknown ones) are listed in `ignored`.
 * `prefix` is how the user wrote the keys (`producer.override.`), for the problem to name the key they set.
 *
 * @throws {ConfigException} naming the key whose value cannot be used.
 */
export function toClientSettings(
  props: Readonly<Record<string, string>>,
  options: { readonly prefix?: string } = {},
): ClientSettings {
  try {
    return translate(props);
  } catch (e) {
    if (!(e instanceof ConfigException) || !options.prefix) throw e;
    const key = `${options.prefix}${e.key}`;
    throw ConfigException.withMessage(
      key,
      e.message.replace(`configuration ${e.key}:`, `configuration ${key}:`),
    );
  }
}

function translate(props: Readonly<Record<string, string>>): ClientSettings {
  const settings: ClientSettings = {
    kafka: { brokers: list(props['bootstrap.servers'] ?? '') },
    // The Java consumer's fetch.max.wait.ms default. kafkajs' own (5 s) is also how long it sleeps when every
    // partition is paused, which stalled delivery after backpressure pauses.
    consumer: { maxWaitTimeInMs: KafkaClientDefaults.FETCH_MAX_WAIT_MS },
    ignored: [],
  };
  if (settings.kafka.brokers.length === 0) {
    throw ConfigException.withoutValue('bootstrap.servers', 'at least one host:port is required');
  }
  for (const [key, value] of Object.entries(props)) {
    const consumerKey = CONSUMER_INT_KEYS[key];
    const setInt = consumerKey
      ? (c: ClientSettings, n: number) => Object.assign(c.consumer, { [consumerKey]: n })
      : CLIENT_INT_KEYS[key];
    if (setInt) {
      const n = Number(value.trim());
      if (!Number.isSafeInteger(n) || n < 0)
        throw ConfigException.withoutValue(key, `"${value}" is not a whole number`);
      setInt(settings, n);
    } else if (key === 'client.id') settings.kafka.clientId = value.trim();
    else if (key === 'isolation.level')
      settings.consumer.readUncommitted = value.trim() === 'read_uncommitted';
    else if (key === 'allow.auto.create.topics')
      settings.consumer.allowAutoTopicCreation = value.trim() === 'true';
    else if (!SECURITY_KEYS.has(key)) settings.ignored.push(key);
  }
  applySecurity(settings, props);
  return settings;
}

function applySecurity(settings: ClientSettings, props: Readonly<Record<string, string>>): void {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw ConfigException.withoutValue(
      'security.protocol',
      `"${protocol}" is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL`,
    );
  }
  if (protocol.endsWith('SSL')) settings.kafka.ssl = tlsOptions(props);
  if (protocol.startsWith('SASL')) settings.kafka.sasl = saslOptions(props);
}

function tlsOptions(props: Readonly<Record<string, string>>): NonNullable<KafkaConfig['ssl']> {
  for (const store of ['ssl.truststore.type', 'ssl.keystore.type']) {
    const type = props[store]?.trim().toUpperCase();
    if (type && type !== 'PEM')
      throw ConfigException.withoutValue(store, `only PEM stores work locally, not ${type}`);
  }
  const ca = pem(props, 'ssl.truststore.certificates', 'ssl.truststore.location');
  // A PEM keystore file holds the certificate chain and the private key; OpenSSL picks each block it needs.
  const cert = pem(props, 'ssl.keystore.certificate.chain', 'ssl.keystore.location');
  const key = pem(props, 'ssl.keystore.key', 'ssl.keystore.location');
  return {
    rejectUnauthorized: true,
    ...(props['ssl.endpoint.identification.algorithm']?.trim() === ''
      ? { checkServerIdentity: () => undefined }
      : {}),
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(props['ssl.key.password'] ? { passphrase: props['ssl.key.password'] } : {}),
  };
}

function pem(props: Readonly<Record<string, string>>, inline: string, file: string): string | undefined {
  if (props[inline]) return props[inline];
  const path = props[file]?.trim();
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw ConfigException.withoutValue(file, `cannot read ${path}: ${(e as Error).message}`);
  }
}

function saslOptions(props: Readonly<Record<string, string>>): SASLOptions {
  const mechanism = (props['sasl.mechanism'] ?? 'GSSAPI').trim().toUpperCase();
  const jaas = props['sasl.jaas.config'] ?? '';
  // Kafka's JAAS syntax: `<LoginModule> required username="u" password="p";`
  const option = (name: string) =>
    new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1]?.replace(/\\(.)/g, '$1');
  const username = option('username');
  const password = option('password');
  if (username === undefined || password === undefined) {
    throw ConfigException.withoutValue('sasl.jaas.config', 'needs username="…" and password="…"');
  }
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw ConfigException.withoutValue(
        'sasl.mechanism',
        `"${mechanism}" is not supported locally (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`,
      );
  }
}

/**
 * The client properties a connector sets under a prefix (`consumer.override.` or `producer.override.`), without it.
 *
 * @example
 * clientOverrides({ 'producer.override.acks': 'all', topics: 'a' }, ClientOverridePrefixes.PRODUCER); // { acks: 'all' }
 */
export function clientOverrides(
  config: Readonly<Record<string, string>>,
  prefix: string,
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(prefix)) overrides[key.slice(prefix.length)] = value;
  }
  return overrides;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
