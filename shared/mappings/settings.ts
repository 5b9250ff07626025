// A connector's event source mapping settings, derived from its `esm.*` keys (shared/mappings/definitions.ts), the
// deployment's defaults and Connect's own keys (topics, consumer group), with every problem across keys at once.

import {
  type ConfigProblem,
  type ConfigProblems,
  type ParsedConfig,
  parseType,
  type Resolved,
  settingsOrThrow,
} from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import {
  AuthType,
  CONNECT_GROUP_PREFIX,
  ConsumerOverrideKeys,
  EsmLimits,
  EsmSource,
  MappingKeys,
  MSK_AUTH_TYPES,
  PollerMode,
  StartingPosition,
} from './constants.ts';
import { withMappingDefaults } from './defaults.ts';
import { filterPatterns, GLUE_REGISTRY_ARN, KAFKA_DESTINATION, mappingDefinition } from './definitions.ts';

const K = MappingKeys;

/**
 * An ESM source: an MSK cluster (or cross-account VPC connection) ARN, or self-managed bootstrap servers.
 */
export type MappingSource =
  | { readonly type: 'msk'; readonly clusterArn: string }
  | { readonly type: 'self-managed'; readonly bootstrapServers: readonly string[] };

/**
 * A connector's event source mapping settings, parsed and checked together. Both mapping runtimes read them: the
 * Lambda adapter turns them into ESM parameters, the local worker imitates them.
 */
/**
 * `esm.schema.registry.*`: Lambda validates and decodes the records' `attributes` with this registry and delivers
 * them as JSON.
 *
 * @example
 * const registry: MappingSchemaRegistry = { uri: 'https://sr.example.com', attributes: ['VALUE'], access: [] };
 */
export interface MappingSchemaRegistry {
  readonly uri: string;
  readonly attributes: ReadonlyArray<'KEY' | 'VALUE'>;
  readonly access: ReadonlyArray<{ readonly type: string; readonly secretArn: string }>;
}

export interface MappingSettings {
  readonly connector: string;
  /** `topics` (empty when the connector uses `topics.regex`, which only the local worker supports). */
  readonly topics: readonly string[];
  readonly topicsRegex?: string;
  /** `consumer.override.group.id`, else `connect-<name>`. */
  readonly consumerGroupId: string;
  /** Undefined when no source is configured (the local worker reads its own brokers). */
  readonly source?: MappingSource;
  readonly authType: AuthType;
  readonly authSecretArn?: string;
  readonly serverRootCaSecretArn?: string;
  readonly vpc?: { readonly subnets: readonly string[]; readonly securityGroups: readonly string[] };
  readonly batchSize: number;
  /** Undefined: Lambda's Kafka default of 500 ms. */
  readonly maximumBatchingWindowSeconds?: number;
  readonly startingPosition: StartingPosition;
  /** Epoch milliseconds (AT_TIMESTAMP only). */
  readonly startingPositionTimestamp?: number;
  /** Provisioned pollers; undefined in on-demand mode. */
  readonly pollers?: { readonly minimum: number; readonly maximum: number; readonly groupName?: string };
  /** Undefined: Lambda's default, -1 (retry until the record expires). */
  readonly maximumRetryAttempts?: number;
  /** Undefined: Lambda's default, -1 (no age limit). */
  readonly maximumRecordAgeSeconds?: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly reportBatchItemFailures: boolean;
  /** An SQS, SNS or S3 ARN, or `kafka://<topic>`. */
  readonly onFailureDestination?: string;
  /** `FilterCriteria.Filters[].Pattern` strings. */
  readonly filterPatterns: readonly string[];
  /** The registry the mapping decodes records with (`SchemaRegistryConfig`); the sink then reads JSON. */
  readonly schemaRegistry?: MappingSchemaRegistry;
}

/**
 * The consumer group of a sink connector: `consumer.override.group.id`, else `connect-<name>` (Connect's
 * `SinkUtils.consumerGroupId`). Offsets live there, whichever runtime consumes.
 *
 * @example
 * consumerGroupId({ name: 'orders' }); // 'connect-orders'
 */
export function consumerGroupId(config: Readonly<Record<string, string>>): string {
  return (
    config[ConsumerOverrideKeys.GROUP_ID] ?? `${CONNECT_GROUP_PREFIX}${config[FrameworkKeys.NAME] ?? ''}`
  );
}

/**
 * The consumer group of one topic's event source mapping. Lambda requires a custom consumer group ID to be "unique
 * among all your Kafka event sources" (AWS Lambda guide, "Customizable consumer group ID"), so when a connector has
 * several topics each topic's ESM gets its own group `<group>:<topic>`; a single-topic connector keeps Connect's
 * `connect-<name>` (or `consumer.override.group.id`) unchanged. Topic names cannot contain `:`, so two connectors
 * never derive the same group (`a` + topic `b-c` and `a-b` + topic `c` would collide with `-`).
 *
 * @example
 * esmConsumerGroupId({ consumerGroupId: 'connect-orders', topics: ['a', 'b'] }, 'b'); // 'connect-orders:b'
 */
export function esmConsumerGroupId(
  settings: Pick<MappingSettings, 'consumerGroupId' | 'topics'>,
  topic: string,
): string {
  return settings.topics.length > 1 ? `${settings.consumerGroupId}:${topic}` : settings.consumerGroupId;
}

/**
 * What a Lambda event source mapping cannot do with the connector's topics: `topics.regex` (an ESM takes exactly one
 * literal topic), no topic at all, or a name outside the ESM `Topics` pattern. The herder shows these in validate.
 *
 * @example
 * lambdaTopicProblems({ 'topics.regex': 'orders-.*' }); // [{ key: 'topics.regex', message: '…' }]
 */
export function lambdaTopicProblems(config: Readonly<Record<string, string>>): ConfigProblem[] {
  const regex = config[FrameworkKeys.TOPICS_REGEX]?.trim();
  if (regex) {
    return [
      {
        key: FrameworkKeys.TOPICS_REGEX,
        message: `Invalid value ${regex} for configuration ${FrameworkKeys.TOPICS_REGEX}: Lambda event source mappings take exactly one literal topic each, so topics.regex is not supported on AWS; list the topics in topics instead`,
      },
    ];
  }
  const topics = listOf(config, FrameworkKeys.TOPICS);
  if (topics.length === 0) {
    return [
      {
        key: FrameworkKeys.TOPICS,
        message: `Missing required configuration "${FrameworkKeys.TOPICS}": list at least one topic`,
      },
    ];
  }
  return topics
    .filter((t) => !EsmLimits.TOPIC.test(t))
    .map((t) => ({
      key: FrameworkKeys.TOPICS,
      message: `Invalid value ${t} for configuration ${FrameworkKeys.TOPICS}: not a valid Kafka topic name for an event source mapping`,
    }));
}

/**
 * How to resolve mapping settings.
 */
export interface MappingSettingsOptions {
  /** Deployment defaults (see {@link withMappingDefaults}). */
  readonly defaults?: Readonly<Record<string, string>>;
  /** Apply the checks only Lambda needs (a source, literal topics, ESM group ids, provisioned-only controls). */
  readonly lambda?: boolean;
}

/**
 * Every problem of the connector's mapping settings at once, each naming its key: the `esm.*` keys one by one, then
 * how they combine (both a cluster ARN and bootstrap servers, VPC subnets without security groups, …).
 *
 * @example
 * validateMappingConfig(config, { lambda: true }); // [] when a Lambda ESM can be built
 */
export function validateMappingConfig(
  config: Readonly<Record<string, string>>,
  options: MappingSettingsOptions = {},
): ConfigProblem[] {
  return collect(config, options).problems;
}

/**
 * Parses and checks the mapping settings of a connector.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 * @example
 * const settings = resolveMappingSettings(intent.config, { defaults, lambda: true });
 * settings.consumerGroupId; // 'connect-orders'
 */
export function resolveMappingSettings(
  config: Readonly<Record<string, string>>,
  options: MappingSettingsOptions = {},
): MappingSettings {
  return settingsOrThrow(collect(config, options));
}

function listOf(config: Readonly<Record<string, string>>, key: string): string[] {
  return parseType(key, config[key] ?? '', 'LIST') as string[];
}

/**
 * The connector's topics in order, each once: Connect's consumer subscribes to a topic once however often `topics`
 * lists it, so a repeated topic is one mapping (one ESM, one task, one consumer group), not two.
 *
 * @example
 * uniqueTopics({ topics: 'a, b,a' }); // ['a', 'b']
 */
export function uniqueTopics(config: Readonly<Record<string, string>>): string[] {
  return [...new Set(listOf(config, FrameworkKeys.TOPICS))];
}

type MappingValues = ParsedConfig<typeof mappingDefinition.keys>;

function collect(
  raw: Readonly<Record<string, string>>,
  options: MappingSettingsOptions,
): Resolved<MappingSettings> {
  const config = withMappingDefaults(raw, options.defaults ?? {});
  const resolved = mappingDefinition.resolve(config, (v, problems) => derive(config, v, problems, options));
  if (resolved.settings === undefined && options.lambda)
    resolved.problems.push(...lambdaTopicProblems(config));
  return resolved;
}

function derive(
  config: Readonly<Record<string, string>>,
  v: MappingValues,
  problems: ConfigProblems,
  options: MappingSettingsOptions,
): MappingSettings {
  const topics = uniqueTopics(config);
  const groupId = consumerGroupId(config);
  const { sourceType, source } = sourceOf(v, problems, options);

  // Authentication and network.
  const authType = v.get(K.AUTH_TYPE);
  const authSecretArn = v.get(K.AUTH_SECRET_ARN) ?? undefined;
  if (authType !== AuthType.NONE && !authSecretArn) {
    problems.invalid(K.AUTH_SECRET_ARN, null, `is required when ${K.AUTH_TYPE} is ${authType}`);
  }
  if (authType === AuthType.NONE && authSecretArn) {
    problems.invalid(K.AUTH_TYPE, authType, `name the mechanism that uses ${K.AUTH_SECRET_ARN}`);
  }
  if (sourceType === EsmSource.MSK && !MSK_AUTH_TYPES.includes(authType)) {
    problems.invalid(K.AUTH_TYPE, authType, `Amazon MSK accepts ${MSK_AUTH_TYPES.join(', ')}`);
  }
  const serverRootCaSecretArn = v.get(K.SERVER_ROOT_CA_SECRET_ARN) ?? undefined;
  const subnets = v.get(K.VPC_SUBNETS);
  const securityGroups = v.get(K.VPC_SECURITY_GROUPS);
  if (sourceType === EsmSource.MSK) {
    if (serverRootCaSecretArn)
      problems.invalid(K.SERVER_ROOT_CA_SECRET_ARN, serverRootCaSecretArn, 'is for self-managed Kafka only');
    if (subnets.length > 0)
      problems.invalid(K.VPC_SUBNETS, subnets, 'is for self-managed Kafka only (MSK uses the cluster VPC)');
    if (securityGroups.length > 0)
      problems.invalid(K.VPC_SECURITY_GROUPS, securityGroups, 'is for self-managed Kafka only');
  } else if (subnets.length > 0 && securityGroups.length === 0) {
    problems.invalid(K.VPC_SECURITY_GROUPS, '', `is required with ${K.VPC_SUBNETS}`);
  } else if (securityGroups.length > 0 && subnets.length === 0) {
    problems.invalid(K.VPC_SUBNETS, '', `is required with ${K.VPC_SECURITY_GROUPS}`);
  }

  const { startingPosition, timestamp } = startingPositionOf(config, v, problems);

  // Pollers and error handling.
  const provisioned = v.get(K.POLLER_MODE) === PollerMode.PROVISIONED;
  const tasksMax = Number(config[FrameworkKeys.TASKS_MAX] ?? 1);
  const minimum = v.get(K.MINIMUM_POLLERS);
  const maximum =
    v.get(K.MAXIMUM_POLLERS) ??
    Math.min(Number.isSafeInteger(tasksMax) && tasksMax > 0 ? tasksMax : 1, EsmLimits.MAX_MAXIMUM_POLLERS);
  if (provisioned && minimum > maximum) {
    problems.invalid(
      K.MINIMUM_POLLERS,
      minimum,
      `cannot exceed the maximum pollers ${maximum} (${K.MAXIMUM_POLLERS}, or tasks.max when unset)`,
    );
  }
  const onFailureDestination = v.get(K.ON_FAILURE_DESTINATION) ?? undefined;
  if (
    onFailureDestination?.startsWith(KAFKA_DESTINATION) &&
    topics.includes(onFailureDestination.slice(KAFKA_DESTINATION.length))
  ) {
    problems.invalid(K.ON_FAILURE_DESTINATION, onFailureDestination, 'must differ from the source topics');
  }
  if (options.lambda) lambdaProblems(config, v, problems, { topics, groupId, provisioned });
  const schemaRegistry = schemaRegistryOf(v, problems);

  const filterJson = v.get(K.FILTERS);
  return {
    connector: config[FrameworkKeys.NAME] ?? '',
    topics,
    topicsRegex: config[FrameworkKeys.TOPICS_REGEX]?.trim() || undefined,
    consumerGroupId: groupId,
    source,
    authType,
    authSecretArn,
    serverRootCaSecretArn,
    vpc: subnets.length > 0 ? { subnets, securityGroups } : undefined,
    batchSize: v.get(K.BATCH_SIZE),
    maximumBatchingWindowSeconds: v.get(K.MAXIMUM_BATCHING_WINDOW_SECONDS) ?? undefined,
    startingPosition,
    startingPositionTimestamp: timestamp === null ? undefined : Date.parse(timestamp),
    pollers: provisioned
      ? { minimum, maximum, groupName: v.get(K.POLLER_GROUP_NAME) ?? undefined }
      : undefined,
    maximumRetryAttempts: v.get(K.MAXIMUM_RETRY_ATTEMPTS) ?? undefined,
    maximumRecordAgeSeconds: v.get(K.MAXIMUM_RECORD_AGE_SECONDS) ?? undefined,
    bisectBatchOnFunctionError: v.get(K.BISECT_BATCH_ON_FUNCTION_ERROR),
    reportBatchItemFailures: v.get(K.REPORT_BATCH_ITEM_FAILURES),
    onFailureDestination,
    filterPatterns: filterJson === null ? [] : filterPatterns(filterJson),
    schemaRegistry,
  };
}

/** The source: msk ↔ cluster ARN, self-managed ↔ bootstrap servers. */
function sourceOf(
  v: MappingValues,
  problems: ConfigProblems,
  options: MappingSettingsOptions,
): { sourceType: EsmSource | null; source?: MappingSource } {
  const clusterArn = v.get(K.MSK_CLUSTER_ARN);
  const servers = v.get(K.BOOTSTRAP_SERVERS);
  const sourceType =
    v.get(K.SOURCE) ?? (clusterArn ? EsmSource.MSK : servers.length > 0 ? EsmSource.SELF_MANAGED : null);
  if (clusterArn && servers.length > 0) {
    problems.invalid(
      K.BOOTSTRAP_SERVERS,
      servers,
      `cannot be combined with ${K.MSK_CLUSTER_ARN}; set exactly one source`,
    );
  } else if (sourceType === EsmSource.MSK) {
    if (clusterArn) return { sourceType, source: { type: 'msk', clusterArn } };
    if (servers.length > 0)
      problems.invalid(K.BOOTSTRAP_SERVERS, servers, `is for esm.source=self-managed, not msk`);
    else problems.invalid(K.MSK_CLUSTER_ARN, null, 'is required when esm.source is msk');
  } else if (sourceType === EsmSource.SELF_MANAGED) {
    if (servers.length > EsmLimits.MAX_BOOTSTRAP_SERVERS) {
      problems.invalid(K.BOOTSTRAP_SERVERS, servers, `at most ${EsmLimits.MAX_BOOTSTRAP_SERVERS} servers`);
    } else if (servers.length > 0) {
      return { sourceType, source: { type: 'self-managed', bootstrapServers: servers } };
    } else if (clusterArn) {
      problems.invalid(K.MSK_CLUSTER_ARN, clusterArn, 'is for esm.source=msk, not self-managed');
    } else problems.invalid(K.BOOTSTRAP_SERVERS, '', 'is required when esm.source is self-managed');
  } else if (options.lambda) {
    problems.invalid(
      K.MSK_CLUSTER_ARN,
      null,
      `set ${K.MSK_CLUSTER_ARN} (Amazon MSK) or ${K.BOOTSTRAP_SERVERS} (self-managed Kafka)`,
    );
  }
  return { sourceType };
}

/** `esm.starting.position`, else Connect's `auto.offset.reset` as Lambda's position, else TRIM_HORIZON. */
function startingPositionOf(
  config: Readonly<Record<string, string>>,
  v: MappingValues,
  problems: ConfigProblems,
): { startingPosition: StartingPosition; timestamp: string | null } {
  let startingPosition = v.get(K.STARTING_POSITION);
  const reset = config[ConsumerOverrideKeys.AUTO_OFFSET_RESET];
  if (startingPosition === null && reset !== undefined) {
    const mapped = { earliest: StartingPosition.TRIM_HORIZON, latest: StartingPosition.LATEST }[reset.trim()];
    if (mapped) startingPosition = mapped;
    else
      problems.invalid(
        ConsumerOverrideKeys.AUTO_OFFSET_RESET,
        reset,
        `must be earliest or latest (set ${K.STARTING_POSITION} for more)`,
      );
  }
  startingPosition ??= StartingPosition.TRIM_HORIZON;
  const timestamp = v.get(K.STARTING_POSITION_TIMESTAMP);
  if (startingPosition === StartingPosition.AT_TIMESTAMP && timestamp === null) {
    problems.invalid(
      K.STARTING_POSITION_TIMESTAMP,
      null,
      'is required when esm.starting.position is AT_TIMESTAMP',
    );
  }
  if (startingPosition !== StartingPosition.AT_TIMESTAMP && timestamp !== null) {
    problems.invalid(
      K.STARTING_POSITION_TIMESTAMP,
      timestamp,
      'only applies when esm.starting.position is AT_TIMESTAMP',
    );
  }
  return { startingPosition, timestamp };
}

/** What only a Lambda event source mapping needs: literal topics, valid ESM group ids, provisioned-only controls. */
function lambdaProblems(
  config: Readonly<Record<string, string>>,
  v: MappingValues,
  problems: ConfigProblems,
  { topics, groupId, provisioned }: { topics: string[]; groupId: string; provisioned: boolean },
): void {
  problems.add(...lambdaTopicProblems(config));
  const esmGroups =
    topics.length > 1
      ? topics.map((t) => esmConsumerGroupId({ consumerGroupId: groupId, topics }, t))
      : [groupId];
  const badGroup = esmGroups.find((g) => !EsmLimits.CONSUMER_GROUP_ID.test(g));
  if (badGroup !== undefined) {
    const key =
      config[ConsumerOverrideKeys.GROUP_ID] !== undefined
        ? ConsumerOverrideKeys.GROUP_ID
        : FrameworkKeys.NAME;
    problems.invalid(
      key,
      config[key],
      `the consumer group ${badGroup} is not a valid event source mapping ConsumerGroupId (1–200 of a-z A-Z 0-9 - / * : _ + = . @); set ${ConsumerOverrideKeys.GROUP_ID}`,
    );
  }
  if (provisioned) return;
  const provisionedOnly = [
    K.MAXIMUM_RETRY_ATTEMPTS,
    K.MAXIMUM_RECORD_AGE_SECONDS,
    K.BISECT_BATCH_ON_FUNCTION_ERROR,
    K.REPORT_BATCH_ITEM_FAILURES,
    K.ON_FAILURE_DESTINATION,
    K.POLLER_GROUP_NAME,
    K.SCHEMA_REGISTRY_URL,
  ] as const;
  for (const key of provisionedOnly) {
    const value = v.get(key);
    if (value !== null && value !== false)
      problems.invalid(
        key,
        value,
        `needs ${K.POLLER_MODE}=provisioned (Lambda offers it for Kafka in provisioned mode only)${key === K.REPORT_BATCH_ITEM_FAILURES ? '; set it to false for on-demand' : ''}`,
      );
  }
}

/** `esm.schema.registry.*` checked together: a secret needs its auth type and the other way round; Glue takes none. */
function schemaRegistryOf(v: MappingValues, problems: ConfigProblems): MappingSchemaRegistry | undefined {
  const uri = v.get(K.SCHEMA_REGISTRY_URL);
  const authType = v.get(K.SCHEMA_REGISTRY_AUTH_TYPE);
  const secret = v.get(K.SCHEMA_REGISTRY_AUTH_SECRET_ARN);
  const rootCa = v.get(K.SCHEMA_REGISTRY_ROOT_CA_SECRET_ARN);
  if (uri === null) {
    for (const key of [
      K.SCHEMA_REGISTRY_AUTH_TYPE,
      K.SCHEMA_REGISTRY_AUTH_SECRET_ARN,
      K.SCHEMA_REGISTRY_ROOT_CA_SECRET_ARN,
    ]) {
      const value = v.get(key);
      if (value !== null) problems.invalid(key, value, `needs ${K.SCHEMA_REGISTRY_URL}`);
    }
    return undefined;
  }
  if (GLUE_REGISTRY_ARN.test(uri)) {
    for (const [key, value] of [
      [K.SCHEMA_REGISTRY_AUTH_TYPE, authType],
      [K.SCHEMA_REGISTRY_AUTH_SECRET_ARN, secret],
      [K.SCHEMA_REGISTRY_ROOT_CA_SECRET_ARN, rootCa],
    ] as const) {
      if (value !== null)
        problems.invalid(
          key,
          value,
          'an AWS Glue registry takes no credentials: Lambda uses the function role',
        );
    }
  } else if ((authType === null) !== (secret === null)) {
    if (authType === null)
      problems.invalid(K.SCHEMA_REGISTRY_AUTH_SECRET_ARN, secret, `needs ${K.SCHEMA_REGISTRY_AUTH_TYPE}`);
    else
      problems.invalid(K.SCHEMA_REGISTRY_AUTH_TYPE, authType, `needs ${K.SCHEMA_REGISTRY_AUTH_SECRET_ARN}`);
  }
  const access = [
    ...(authType !== null && secret !== null ? [{ type: authType, secretArn: secret }] : []),
    ...(rootCa !== null ? [{ type: 'SERVER_ROOT_CA_CERTIFICATE', secretArn: rootCa }] : []),
  ];
  return { uri, attributes: v.get(K.SCHEMA_REGISTRY_VALIDATE) as Array<'KEY' | 'VALUE'>, access };
}
