// Names and defaults of the schema registry serde settings (Confluent's `AbstractKafkaSchemaSerDeConfig`).

/**
 * The keys every schema-registry converter takes (after its `key.converter.`/`value.converter.` prefix).
 *
 * @example
 * config[`value.converter.${SchemaRegistryKeys.URL}`] = 'http://127.0.0.1:8081';
 */
export const SchemaRegistryKeys = {
  URL: 'schema.registry.url',
  BASIC_AUTH_SOURCE: 'basic.auth.credentials.source',
  BASIC_AUTH_USER_INFO: 'basic.auth.user.info',
  BEARER_AUTH_SOURCE: 'bearer.auth.credentials.source',
  BEARER_AUTH_TOKEN: 'bearer.auth.token',
  BEARER_AUTH_ISSUER_URL: 'bearer.auth.issuer.endpoint.url',
  BEARER_AUTH_CLIENT_ID: 'bearer.auth.client.id',
  BEARER_AUTH_CLIENT_SECRET: 'bearer.auth.client.secret',
  BEARER_AUTH_SCOPE: 'bearer.auth.scope',
  BEARER_AUTH_LOGICAL_CLUSTER: 'bearer.auth.logical.cluster',
  BEARER_AUTH_IDENTITY_POOL: 'bearer.auth.identity.pool.id',
  SSL_TRUSTSTORE_CERTIFICATES: 'schema.registry.ssl.truststore.certificates',
  SSL_KEYSTORE_CERTIFICATE_CHAIN: 'schema.registry.ssl.keystore.certificate.chain',
  SSL_KEYSTORE_KEY: 'schema.registry.ssl.keystore.key',
  SSL_KEY_PASSWORD: 'schema.registry.ssl.key.password',
  SSL_ENDPOINT_IDENTIFICATION: 'schema.registry.ssl.endpoint.identification.algorithm',
  READ_TIMEOUT_MS: 'http.read.timeout.ms',
  MAX_SCHEMAS: 'max.schemas.per.subject',
  AUTO_REGISTER: 'auto.register.schemas',
  USE_LATEST_VERSION: 'use.latest.version',
  LATEST_CACHE_TTL: 'latest.cache.ttl.sec',
  KEY_SUBJECT_STRATEGY: 'key.subject.name.strategy',
  VALUE_SUBJECT_STRATEGY: 'value.subject.name.strategy',
} as const;

/** Confluent's subject name strategies (`io.confluent.kafka.serializers.subject.*`). */
export const SubjectNameStrategy = {
  TOPIC: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
  RECORD: 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
  TOPIC_RECORD: 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
} as const;

/** How long a schema id the registry does not know is remembered as unknown before it is asked again. */
export const UNKNOWN_SCHEMA_TTL_MS = 60_000;

/** Retries of a registry request that failed for a reason that may pass (network, 408, 429, 5xx). */
export const REGISTRY_RETRY = { maxRetries: 3, waitMs: 200, maxWaitMs: 2_000 } as const;

/** Confluent's error code for an unknown schema id (`Schema not found`). */
export const SCHEMA_NOT_FOUND_CODES: ReadonlySet<number> = new Set([40403, 40401]);
