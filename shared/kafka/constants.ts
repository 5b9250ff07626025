// Names Kafka defines: the per-connector client override prefixes (KIP-458) and the Java clients' defaults we keep
// where kafkajs differs. The client keys that hold secrets are in client-passwords.ts.

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

/** The Java clients' defaults where kafkajs' own differ. */
export const KafkaClientDefaults = {
  /** `fetch.max.wait.ms` unless the connector sets it: the Java consumer's default. */
  FETCH_MAX_WAIT_MS: 500,
} as const;
