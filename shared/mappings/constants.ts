// Names and limits of the event source mapping (ESM) keys. Limits are those of the Lambda API reference
// (CreateEventSourceMapping, ProvisionedPollerConfig) and "Configuring error handling controls for Kafka event sources".

/**
 * The `esm.*` connector keys, so code never spells them twice.
 */
export const MappingKeys = {
  SOURCE: 'esm.source',
  MSK_CLUSTER_ARN: 'esm.msk.cluster.arn',
  BOOTSTRAP_SERVERS: 'esm.bootstrap.servers',
  AUTH_TYPE: 'esm.auth.type',
  AUTH_SECRET_ARN: 'esm.auth.secret.arn',
  SERVER_ROOT_CA_SECRET_ARN: 'esm.server.root.ca.secret.arn',
  VPC_SUBNETS: 'esm.vpc.subnets',
  VPC_SECURITY_GROUPS: 'esm.vpc.security.groups',
  BATCH_SIZE: 'esm.batch.size',
  MAXIMUM_BATCHING_WINDOW_SECONDS: 'esm.maximum.batching.window.seconds',
  STARTING_POSITION: 'esm.starting.position',
  STARTING_POSITION_TIMESTAMP: 'esm.starting.position.timestamp',
  POLLER_MODE: 'esm.poller.mode',
  MINIMUM_POLLERS: 'esm.minimum.pollers',
  MAXIMUM_POLLERS: 'esm.maximum.pollers',
  POLLER_GROUP_NAME: 'esm.poller.group.name',
  MAXIMUM_RETRY_ATTEMPTS: 'esm.maximum.retry.attempts',
  MAXIMUM_RECORD_AGE_SECONDS: 'esm.maximum.record.age.seconds',
  BISECT_BATCH_ON_FUNCTION_ERROR: 'esm.bisect.batch.on.function.error',
  REPORT_BATCH_ITEM_FAILURES: 'esm.report.batch.item.failures',
  ON_FAILURE_DESTINATION: 'esm.on.failure.destination',
  FILTERS: 'esm.filters',
  SCHEMA_REGISTRY_URL: 'esm.schema.registry.url',
  SCHEMA_REGISTRY_EVENT_RECORD_FORMAT: 'esm.schema.registry.event.record.format',
  SCHEMA_REGISTRY_VALIDATE: 'esm.schema.registry.validate',
  SCHEMA_REGISTRY_AUTH_TYPE: 'esm.schema.registry.auth.type',
  SCHEMA_REGISTRY_AUTH_SECRET_ARN: 'esm.schema.registry.auth.secret.arn',
  SCHEMA_REGISTRY_ROOT_CA_SECRET_ARN: 'esm.schema.registry.root.ca.secret.arn',
} as const;

/**
 * Connect's per-connector consumer overrides that shape a mapping (`consumer.override.*`, KIP-458).
 */
export const ConsumerOverrideKeys = {
  GROUP_ID: 'consumer.override.group.id',
  AUTO_OFFSET_RESET: 'consumer.override.auto.offset.reset',
} as const;

/**
 * The group the `esm.*` keys appear in (`/connector-plugins/…/config`, validate).
 *
 * @example
 * mappingConfigDef().groups(); // ['Event Source Mapping']
 */
export const MAPPING_GROUP = 'Event Source Mapping';

/**
 * Values of `esm.source`.
 */
export const EsmSource = { MSK: 'msk', SELF_MANAGED: 'self-managed' } as const;
export type EsmSource = (typeof EsmSource)[keyof typeof EsmSource];

/**
 * Values of `esm.auth.type`: the `SourceAccessConfigurations` type carrying the credentials secret, or `NONE`
 * (MSK: IAM through the sink function's execution role; self-managed: an unauthenticated listener).
 */
export const AuthType = {
  NONE: 'NONE',
  SASL_SCRAM_256_AUTH: 'SASL_SCRAM_256_AUTH',
  SASL_SCRAM_512_AUTH: 'SASL_SCRAM_512_AUTH',
  BASIC_AUTH: 'BASIC_AUTH',
  CLIENT_CERTIFICATE_TLS_AUTH: 'CLIENT_CERTIFICATE_TLS_AUTH',
} as const;
export type AuthType = (typeof AuthType)[keyof typeof AuthType];

/**
 * Auth types an MSK mapping accepts (SASL/SCRAM-512 and mTLS; IAM needs no entry).
 */
export const MSK_AUTH_TYPES: readonly AuthType[] = [
  AuthType.NONE,
  AuthType.SASL_SCRAM_512_AUTH,
  AuthType.CLIENT_CERTIFICATE_TLS_AUTH,
];

/**
 * Values of `esm.starting.position` (`StartingPosition`).
 */
export const StartingPosition = {
  TRIM_HORIZON: 'TRIM_HORIZON',
  LATEST: 'LATEST',
  AT_TIMESTAMP: 'AT_TIMESTAMP',
} as const;
export type StartingPosition = (typeof StartingPosition)[keyof typeof StartingPosition];

/**
 * Values of `esm.poller.mode`: provisioned (`ProvisionedPollerConfig`, needed for the error-handling controls) or
 * on-demand.
 */
export const PollerMode = { PROVISIONED: 'provisioned', ON_DEMAND: 'on-demand' } as const;
export type PollerMode = (typeof PollerMode)[keyof typeof PollerMode];

/**
 * Lambda's limits for Kafka event source mappings.
 */
export const EsmLimits = {
  DEFAULT_BATCH_SIZE: 100,
  MAX_BATCH_SIZE: 10_000,
  MAX_BATCHING_WINDOW_SECONDS: 300,
  MAX_MINIMUM_POLLERS: 200,
  MAX_MAXIMUM_POLLERS: 2_000,
  MAX_RETRY_ATTEMPTS: 10_000,
  MIN_RECORD_AGE_SECONDS: 60,
  MAX_RECORD_AGE_SECONDS: 604_800,
  MAX_BOOTSTRAP_SERVERS: 10,
  /** `ConsumerGroupId`: 1–200 characters of `[a-zA-Z0-9-\/*:_+=.@-]`. */
  CONSUMER_GROUP_ID: /^[a-zA-Z0-9\-/*:_+=.@]{1,200}$/,
  /** Kafka topic names: 1–249 of `[a-zA-Z0-9._-]`, not starting with a dot (ESM `Topics` pattern). */
  TOPIC: /^[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,248}$/,
} as const;

/**
 * Connect's sink consumer group prefix (`SinkUtils.consumerGroupId`: `connect-<connector name>`).
 *
 * @example
 * `${CONNECT_GROUP_PREFIX}orders`; // 'connect-orders'
 */
export const CONNECT_GROUP_PREFIX = 'connect-';
