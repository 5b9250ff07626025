// Names Kafka defines: the per-connector client override prefixes (KIP-458), the client keys that hold secrets,
// and the Java clients' defaults we keep where kafkajs differs.

/**
 * Prefixes of the per-connector client overrides (KIP-458). Producer and admin overrides apply only with a DLQ topic.
 *
 * @example
 * clientOverrides(config, ClientOverridePrefixes.PRODUCER); // { 'bootstrap.servers': … } for the DLQ producer
 */
export const ClientOverridePrefixes = {
  CONSUMER: 'consumer.override.',
  PRODUCER: 'producer.override.',
  ADMIN: 'admin.override.',
} as const;

/**
 * Kafka client keys of type PASSWORD (`ConsumerConfig`/`ProducerConfig`/`AdminClientConfig`), hidden when they appear
 * under `consumer.override.`, `producer.override.` or `admin.override.` in validate.
 */
export const CLIENT_PASSWORD_KEYS: readonly string[] = [
  'sasl.jaas.config',
  'ssl.key.password',
  'ssl.keystore.password',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.truststore.password',
  'ssl.truststore.certificates',
  'sasl.oauthbearer.client.credentials.client.secret',
];

/** The Java clients' defaults where kafkajs' own differ. */
export const KafkaClientDefaults = {
  /** `fetch.max.wait.ms` unless the connector sets it: the Java consumer's default. */
  FETCH_MAX_WAIT_MS: 500,
} as const;
