// The `esm.*` connector keys: how a connector's consumption becomes Lambda event source mappings (AWS Lambda API
// reference: CreateEventSourceMapping; developer guide: "Using Lambda with Amazon MSK" / "self-managed Apache Kafka").

import {
  ConfigDef,
  ConfigErrors,
  ConfigException,
  type ConfigKey,
  type ConfigProblem,
  lambdaValidator,
  parseType,
  parseValidator,
  Range,
  validString,
} from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import {
  AuthType,
  CONNECT_GROUP_PREFIX,
  ConsumerOverrideKeys,
  EsmLimits,
  EsmSource,
  MAPPING_GROUP,
  MappingKeys,
  MSK_AUTH_TYPES,
  PollerMode,
  StartingPosition,
} from './constants.ts';

const K = MappingKeys;

/**
 * An ESM source: an MSK cluster (or cross-account VPC connection) ARN, or self-managed bootstrap servers.
 *
 * @example
 * const source: MappingSource = { type: 'self-managed', bootstrapServers: ['b-1.example.com:9096'] };
 */
export type MappingSource =
  | { readonly type: 'msk'; readonly clusterArn: string }
  | { readonly type: 'self-managed'; readonly bootstrapServers: readonly string[] };

/**
 * A connector's event source mapping settings, parsed and checked together. Both mapping runtimes read them: the
 * Lambda adapter turns them into ESM parameters, the local worker imitates them.
 *
 * @example
 * const { topics, consumerGroupId, batchSize } = resolveMappingSettings(config);
 */
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
}

const ARN = {
  MSK: /^arn:aws[a-zA-Z-]*:kafka:[a-z0-9-]+:\d{12}:(cluster|vpc-connection)\/.+$/,
  SECRET: /^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
  DESTINATION: /^arn:aws[a-zA-Z-]*:(sqs|sns|s3):/,
} as const;
const KAFKA_DESTINATION = 'kafka://';

function pattern(description: string, regex: RegExp, reason: string) {
  return lambdaValidator(description, (value) =>
    value === null || value === undefined || regex.test(String(value)) ? undefined : reason,
  );
}

function everyItem(description: string, regex: RegExp, reason: string) {
  return lambdaValidator(description, (value) => {
    const bad = Array.isArray(value) ? value.find((v) => !regex.test(String(v))) : undefined;
    return bad === undefined ? undefined : `${bad} ${reason}`;
  });
}

const secretArn = pattern('Secrets Manager secret ARN', ARN.SECRET, 'must be a Secrets Manager secret ARN');

const recordAge = lambdaValidator('-1 or [60,...,604800]', (value) => {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return n === -1 || (n >= EsmLimits.MIN_RECORD_AGE_SECONDS && n <= EsmLimits.MAX_RECORD_AGE_SECONDS)
    ? undefined
    : `Value must be -1 or between ${EsmLimits.MIN_RECORD_AGE_SECONDS} and ${EsmLimits.MAX_RECORD_AGE_SECONDS}`;
});

const timestamp = lambdaValidator('ISO-8601 date-time, not in the future', (value) => {
  if (value === null || value === undefined) return undefined;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) return 'must be an ISO-8601 date-time such as 2026-01-31T00:00:00Z';
  return t > Date.now() ? 'cannot be in the future' : undefined;
});

const destination = lambdaValidator('SQS/SNS/S3 ARN or kafka://<topic>', (value) => {
  if (value === null || value === undefined) return undefined;
  const s = String(value);
  if (s.startsWith(KAFKA_DESTINATION)) {
    return EsmLimits.TOPIC.test(s.slice(KAFKA_DESTINATION.length)) ? undefined : 'is not a valid Kafka topic';
  }
  return ARN.DESTINATION.test(s)
    ? undefined
    : 'must be an SQS queue, SNS topic or S3 bucket ARN, or kafka://<topic>';
});

const filters = parseValidator('JSON array of filter patterns on `value`', (value) =>
  filterPatterns(String(value)),
);

/** Each pattern of a JSON array, as the string `FilterCriteria.Filters[].Pattern` takes. */
function filterPatterns(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('must be a JSON array of filter patterns, e.g. [{"value":{"type":["order"]}}]');
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error('must be a non-empty JSON array of patterns');
  return parsed.map((p: unknown, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p))
      throw new Error(`pattern [${i}] must be an object`);
    const keys = Object.keys(p);
    if (keys.length !== 1 || keys[0] !== 'value') {
      throw new Error(
        `pattern [${i}] may only filter on "value" (Kafka event source mappings filter on the value only)`,
      );
    }
    return JSON.stringify(p);
  });
}

/**
 * The `esm.*` keys, in the `Event Source Mapping` group. Lambda-only keys are ignored by the local worker.
 *
 * @example
 * const values = mappingConfigDef().validate(config); // per-key errors for `…/config/validate`
 */
export function mappingConfigDef(): ConfigDef {
  let order = 0;
  const key = (k: Omit<ConfigKey, 'group' | 'orderInGroup' | 'width'>): ConfigKey => ({
    ...k,
    group: MAPPING_GROUP,
    orderInGroup: ++order,
    width: 'MEDIUM',
  });
  return new ConfigDef()
    .define(
      key({
        name: K.SOURCE,
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          'Where the topics live: msk (Amazon MSK, needs esm.msk.cluster.arn) or self-managed (any Kafka, needs esm.bootstrap.servers). When unset, it follows from which of those two keys is set.',
        displayName: 'Event source',
        validator: validString(EsmSource.MSK, EsmSource.SELF_MANAGED),
        recommendedValues: [EsmSource.MSK, EsmSource.SELF_MANAGED],
      }),
    )
    .define(
      key({
        name: K.MSK_CLUSTER_ARN,
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          'ARN of the Amazon MSK cluster (or, cross-account, of the MSK VPC connection). Becomes EventSourceArn.',
        displayName: 'MSK cluster ARN',
        validator: pattern('MSK cluster ARN', ARN.MSK, 'must be an MSK cluster or VPC connection ARN'),
      }),
    )
    .define(
      key({
        name: K.BOOTSTRAP_SERVERS,
        type: 'LIST',
        defaultValue: '',
        importance: 'HIGH',
        documentation:
          'Self-managed Kafka: up to 10 host:port bootstrap servers. Becomes SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS.',
        displayName: 'Bootstrap servers',
        validator: everyItem('host:port', /^[^\s:]+:\d{1,5}$/, 'is not host:port'),
      }),
    )
    .define(
      key({
        name: K.AUTH_TYPE,
        type: 'STRING',
        defaultValue: AuthType.NONE,
        importance: 'HIGH',
        documentation:
          'How the mapping authenticates to Kafka, as the SourceAccessConfigurations type that carries esm.auth.secret.arn: SASL_SCRAM_256_AUTH, SASL_SCRAM_512_AUTH, BASIC_AUTH (SASL/PLAIN), CLIENT_CERTIFICATE_TLS_AUTH (mTLS), or NONE (MSK: IAM through the sink function role). MSK accepts NONE, SASL_SCRAM_512_AUTH and CLIENT_CERTIFICATE_TLS_AUTH.',
        displayName: 'Authentication',
        validator: validString(...Object.values(AuthType)),
        recommendedValues: Object.values(AuthType),
      }),
    )
    .define(
      key({
        name: K.AUTH_SECRET_ARN,
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          'Secrets Manager ARN of the credentials (username/password for SASL, certificate chain and private key for mTLS). Required unless esm.auth.type is NONE.',
        displayName: 'Credentials secret ARN',
        validator: secretArn,
      }),
    )
    .define(
      key({
        name: K.SERVER_ROOT_CA_SECRET_ARN,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'Self-managed Kafka: Secrets Manager ARN of the root CA certificate that signed the brokers (SERVER_ROOT_CA_CERTIFICATE).',
        displayName: 'Server root CA secret ARN',
        validator: secretArn,
      }),
    )
    .define(
      key({
        name: K.VPC_SUBNETS,
        type: 'LIST',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation:
          'Self-managed Kafka in a VPC: subnet IDs the pollers use (VPC_SUBNET). Requires esm.vpc.security.groups.',
        displayName: 'VPC subnets',
        validator: everyItem('subnet IDs', /^subnet-[0-9a-f]+$/, 'is not a subnet ID'),
      }),
    )
    .define(
      key({
        name: K.VPC_SECURITY_GROUPS,
        type: 'LIST',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation:
          'Self-managed Kafka in a VPC: security group IDs of the pollers (VPC_SECURITY_GROUP). Requires esm.vpc.subnets.',
        displayName: 'VPC security groups',
        validator: everyItem('security group IDs', /^sg-[0-9a-f]+$/, 'is not a security group ID'),
      }),
    )
    .define(
      key({
        name: K.BATCH_SIZE,
        type: 'INT',
        defaultValue: EsmLimits.DEFAULT_BATCH_SIZE,
        importance: 'MEDIUM',
        documentation: 'Most records per invocation (BatchSize), within the 6 MB payload limit.',
        displayName: 'Batch size',
        validator: Range.between(1, EsmLimits.MAX_BATCH_SIZE),
      }),
    )
    .define(
      key({
        name: K.MAXIMUM_BATCHING_WINDOW_SECONDS,
        type: 'INT',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'Longest wait to fill a batch, in whole seconds (MaximumBatchingWindowInSeconds). Unset: the Kafka default of 500 ms. Lambda cannot go back to 500 ms once set; removing the key later keeps the last value.',
        displayName: 'Batching window (s)',
        validator: Range.between(0, EsmLimits.MAX_BATCHING_WINDOW_SECONDS),
      }),
    )
    .define(
      key({
        name: K.STARTING_POSITION,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'Where a new consumer group starts (StartingPosition): TRIM_HORIZON, LATEST or AT_TIMESTAMP. Unset: from consumer.override.auto.offset.reset (earliest → TRIM_HORIZON, latest → LATEST), else TRIM_HORIZON like Connect. Ignored by Lambda when the group already has offsets.',
        displayName: 'Starting position',
        validator: validString(...Object.values(StartingPosition)),
        recommendedValues: Object.values(StartingPosition),
      }),
    )
    .define(
      key({
        name: K.STARTING_POSITION_TIMESTAMP,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'AT_TIMESTAMP only: an ISO-8601 date-time, not in the future (StartingPositionTimestamp).',
        displayName: 'Starting timestamp',
        validator: timestamp,
      }),
    )
    .define(
      key({
        name: K.POLLER_MODE,
        type: 'STRING',
        defaultValue: PollerMode.PROVISIONED,
        importance: 'MEDIUM',
        documentation:
          'provisioned (ProvisionedPollerConfig; required by retries, record age, bisect, partial batch responses and on-failure destinations) or on-demand (Lambda scales pollers itself; none of those controls).',
        displayName: 'Poller mode',
        validator: validString(PollerMode.PROVISIONED, PollerMode.ON_DEMAND),
        recommendedValues: [PollerMode.PROVISIONED, PollerMode.ON_DEMAND],
      }),
    )
    .define(
      key({
        name: K.MINIMUM_POLLERS,
        type: 'INT',
        defaultValue: 1,
        importance: 'LOW',
        documentation: 'Provisioned mode: pollers always running per topic (MinimumPollers).',
        displayName: 'Minimum pollers',
        validator: Range.between(1, EsmLimits.MAX_MINIMUM_POLLERS),
      }),
    )
    .define(
      key({
        name: K.MAXIMUM_POLLERS,
        type: 'INT',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Provisioned mode: most pollers per topic (MaximumPollers). Unset: tasks.max (at most 2000), so tasks.max bounds the consumers of each topic as it bounds Connect tasks.',
        displayName: 'Maximum pollers',
        validator: Range.between(1, EsmLimits.MAX_MAXIMUM_POLLERS),
      }),
    )
    .define(
      key({
        name: K.POLLER_GROUP_NAME,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Provisioned mode: share pollers (EPU capacity) with other mappings in the same VPC (PollerGroupName; up to 100 mappings and 2000 pollers per group).',
        displayName: 'Poller group',
      }),
    )
    .define(
      key({
        name: K.MAXIMUM_RETRY_ATTEMPTS,
        type: 'INT',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'Retries of a failed batch after the first attempt (MaximumRetryAttempts), -1 for until the records expire. Unset: -1, but Lambda applies 10 when an on-failure destination is set.',
        displayName: 'Maximum retry attempts',
        validator: Range.between(-1, EsmLimits.MAX_RETRY_ATTEMPTS),
      }),
    )
    .define(
      key({
        name: K.MAXIMUM_RECORD_AGE_SECONDS,
        type: 'INT',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Records older than this are not retried (MaximumRecordAgeInSeconds): -1 (no limit) or 60–604800. Unset: -1.',
        displayName: 'Maximum record age (s)',
        validator: recordAge,
      }),
    )
    .define(
      key({
        name: K.BISECT_BATCH_ON_FUNCTION_ERROR,
        type: 'BOOLEAN',
        defaultValue: false,
        importance: 'LOW',
        documentation: 'Split a failed batch in two and retry each half (BisectBatchOnFunctionError).',
        displayName: 'Bisect batch on error',
      }),
    )
    .define(
      key({
        name: K.REPORT_BATCH_ITEM_FAILURES,
        type: 'BOOLEAN',
        defaultValue: true,
        importance: 'MEDIUM',
        documentation:
          'The sink reports the first failed record of each partition and Lambda resumes there, instead of retrying the whole batch (FunctionResponseTypes: ReportBatchItemFailures). The sink reads the same key, so both always agree. Needs provisioned mode.',
        displayName: 'Report batch item failures',
      }),
    )
    .define(
      key({
        name: K.ON_FAILURE_DESTINATION,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          'Where Lambda sends batches it gives up on (DestinationConfig.OnFailure): an SQS queue, SNS topic or S3 bucket ARN, or kafka://<topic> in the same cluster (not a source topic).',
        displayName: 'On-failure destination',
        validator: destination,
      }),
    )
    .define(
      key({
        name: K.FILTERS,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Optional JSON array of event filter patterns on the record value, e.g. [{"value":{"type":["order"]}}] (FilterCriteria). Records that match no pattern are skipped and committed by Lambda.',
        displayName: 'Filters',
        validator: filters,
      }),
    );
}

/** Keys that describe where and how to connect: host defaults for them apply only as a whole (see below). */
const SOURCE_KEYS: readonly string[] = [
  K.SOURCE,
  K.MSK_CLUSTER_ARN,
  K.BOOTSTRAP_SERVERS,
  K.AUTH_TYPE,
  K.AUTH_SECRET_ARN,
  K.SERVER_ROOT_CA_SECRET_ARN,
  K.VPC_SUBNETS,
  K.VPC_SECURITY_GROUPS,
];
const SOURCE_SELECTORS: readonly string[] = [K.SOURCE, K.MSK_CLUSTER_ARN, K.BOOTSTRAP_SERVERS];

/**
 * Deployment defaults (`MAPPING_DEFAULTS`, a JSON object of `esm.*` keys) under a connector's own keys. A connector
 * that names its own source (`esm.source`, `esm.msk.cluster.arn` or `esm.bootstrap.servers`) gets none of the
 * default source keys (cluster, servers, auth, CA, VPC), so a default cluster never mixes with its own.
 *
 * @example
 * withMappingDefaults({ topics: 't' }, { 'esm.msk.cluster.arn': arn }); // { 'esm.msk.cluster.arn': arn, topics: 't' }
 */
export function withMappingDefaults(
  config: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
): Record<string, string> {
  const ownSource = SOURCE_SELECTORS.some((k) => config[k] !== undefined);
  const applicable = Object.entries(defaults).filter(([k]) => !(ownSource && SOURCE_KEYS.includes(k)));
  return { ...Object.fromEntries(applicable), ...config };
}

/**
 * Parses the host's `MAPPING_DEFAULTS` (a JSON object of `esm.*` keys to string values); unset or empty → `{}`.
 *
 * @throws {Error} naming `MAPPING_DEFAULTS` and the offending key when it is not such an object.
 * @example
 * const defaults = mappingDefaultsFromEnv(process.env.MAPPING_DEFAULTS);
 */
export function mappingDefaultsFromEnv(json: string | undefined): Record<string, string> {
  if (json === undefined || json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new Error(`MAPPING_DEFAULTS is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('MAPPING_DEFAULTS must be a JSON object of esm.* keys');
  }
  const def = mappingConfigDef();
  for (const [k, v] of Object.entries(parsed)) {
    if (!def.has(k)) throw new Error(`MAPPING_DEFAULTS: ${k} is not an esm.* key`);
    if (typeof v !== 'string') throw new Error(`MAPPING_DEFAULTS: the value of ${k} must be a string`);
  }
  return parsed as Record<string, string>;
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
 *
 * @example
 * resolveMappingSettings(config, { defaults: mappingDefaultsFromEnv(process.env.MAPPING_DEFAULTS), lambda: true });
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
  const { settings, problems } = collect(config, options);
  if (!settings || problems.length > 0) throw new ConfigErrors(problems);
  return settings;
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

function collect(
  raw: Readonly<Record<string, string>>,
  options: MappingSettingsOptions,
): { settings?: MappingSettings; problems: ConfigProblem[] } {
  const config = withMappingDefaults(raw, options.defaults ?? {});
  const problems: ConfigProblem[] = [];
  const problem = (key: string, value: unknown, reason: string) =>
    problems.push({ key, message: new ConfigException(key, value, reason).message });

  let v: Record<string, unknown>;
  try {
    v = mappingConfigDef().parse(config);
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return { problems: [...e.problems, ...(options.lambda ? lambdaTopicProblems(config) : [])] };
  }
  const str = (k: string) => v[k] as string | null;
  const int = (k: string) => v[k] as number | null;
  const list = (k: string) => v[k] as string[];

  const topics = uniqueTopics(config);
  const topicsRegex = config[FrameworkKeys.TOPICS_REGEX]?.trim() || undefined;
  const groupId = consumerGroupId(config);

  // Source: msk ↔ cluster ARN, self-managed ↔ bootstrap servers.
  const clusterArn = str(K.MSK_CLUSTER_ARN);
  const servers = list(K.BOOTSTRAP_SERVERS);
  const sourceType =
    str(K.SOURCE) ?? (clusterArn ? EsmSource.MSK : servers.length > 0 ? EsmSource.SELF_MANAGED : null);
  let source: MappingSource | undefined;
  if (clusterArn && servers.length > 0) {
    problem(
      K.BOOTSTRAP_SERVERS,
      servers,
      `cannot be combined with ${K.MSK_CLUSTER_ARN}; set exactly one source`,
    );
  } else if (sourceType === EsmSource.MSK) {
    if (clusterArn) source = { type: 'msk', clusterArn };
    else if (servers.length > 0)
      problem(K.BOOTSTRAP_SERVERS, servers, `is for esm.source=self-managed, not msk`);
    else problem(K.MSK_CLUSTER_ARN, null, 'is required when esm.source is msk');
  } else if (sourceType === EsmSource.SELF_MANAGED) {
    if (servers.length > EsmLimits.MAX_BOOTSTRAP_SERVERS) {
      problem(K.BOOTSTRAP_SERVERS, servers, `at most ${EsmLimits.MAX_BOOTSTRAP_SERVERS} servers`);
    } else if (servers.length > 0) source = { type: 'self-managed', bootstrapServers: servers };
    else if (clusterArn) problem(K.MSK_CLUSTER_ARN, clusterArn, 'is for esm.source=msk, not self-managed');
    else problem(K.BOOTSTRAP_SERVERS, '', 'is required when esm.source is self-managed');
  } else if (options.lambda) {
    problem(
      K.MSK_CLUSTER_ARN,
      null,
      `set ${K.MSK_CLUSTER_ARN} (Amazon MSK) or ${K.BOOTSTRAP_SERVERS} (self-managed Kafka)`,
    );
  }

  // Authentication and network.
  const authType = str(K.AUTH_TYPE) as AuthType;
  const authSecretArn = str(K.AUTH_SECRET_ARN) ?? undefined;
  if (authType !== AuthType.NONE && !authSecretArn) {
    problem(K.AUTH_SECRET_ARN, null, `is required when ${K.AUTH_TYPE} is ${authType}`);
  }
  if (authType === AuthType.NONE && authSecretArn) {
    problem(K.AUTH_TYPE, authType, `name the mechanism that uses ${K.AUTH_SECRET_ARN}`);
  }
  if (sourceType === EsmSource.MSK && !MSK_AUTH_TYPES.includes(authType)) {
    problem(K.AUTH_TYPE, authType, `Amazon MSK accepts ${MSK_AUTH_TYPES.join(', ')}`);
  }
  const serverRootCaSecretArn = str(K.SERVER_ROOT_CA_SECRET_ARN) ?? undefined;
  const subnets = list(K.VPC_SUBNETS);
  const securityGroups = list(K.VPC_SECURITY_GROUPS);
  if (sourceType === EsmSource.MSK) {
    if (serverRootCaSecretArn)
      problem(K.SERVER_ROOT_CA_SECRET_ARN, serverRootCaSecretArn, 'is for self-managed Kafka only');
    if (subnets.length > 0)
      problem(K.VPC_SUBNETS, subnets, 'is for self-managed Kafka only (MSK uses the cluster VPC)');
    if (securityGroups.length > 0)
      problem(K.VPC_SECURITY_GROUPS, securityGroups, 'is for self-managed Kafka only');
  } else if (subnets.length > 0 && securityGroups.length === 0) {
    problem(K.VPC_SECURITY_GROUPS, '', `is required with ${K.VPC_SUBNETS}`);
  } else if (securityGroups.length > 0 && subnets.length === 0) {
    problem(K.VPC_SUBNETS, '', `is required with ${K.VPC_SECURITY_GROUPS}`);
  }

  // Starting position.
  let startingPosition = str(K.STARTING_POSITION) as StartingPosition | null;
  const reset = config[ConsumerOverrideKeys.AUTO_OFFSET_RESET];
  if (startingPosition === null && reset !== undefined) {
    const mapped = { earliest: StartingPosition.TRIM_HORIZON, latest: StartingPosition.LATEST }[reset.trim()];
    if (mapped) startingPosition = mapped;
    else
      problem(
        ConsumerOverrideKeys.AUTO_OFFSET_RESET,
        reset,
        `must be earliest or latest (set ${K.STARTING_POSITION} for more)`,
      );
  }
  startingPosition ??= StartingPosition.TRIM_HORIZON;
  const timestampText = str(K.STARTING_POSITION_TIMESTAMP);
  if (startingPosition === StartingPosition.AT_TIMESTAMP && timestampText === null) {
    problem(K.STARTING_POSITION_TIMESTAMP, null, 'is required when esm.starting.position is AT_TIMESTAMP');
  }
  if (startingPosition !== StartingPosition.AT_TIMESTAMP && timestampText !== null) {
    problem(
      K.STARTING_POSITION_TIMESTAMP,
      timestampText,
      'only applies when esm.starting.position is AT_TIMESTAMP',
    );
  }

  // Pollers and error handling.
  const provisioned = str(K.POLLER_MODE) === PollerMode.PROVISIONED;
  const tasksMax = Number(config[FrameworkKeys.TASKS_MAX] ?? 1);
  const minimum = int(K.MINIMUM_POLLERS) as number;
  const maximum =
    int(K.MAXIMUM_POLLERS) ??
    Math.min(Number.isSafeInteger(tasksMax) && tasksMax > 0 ? tasksMax : 1, EsmLimits.MAX_MAXIMUM_POLLERS);
  if (provisioned && minimum > maximum) {
    problem(
      K.MINIMUM_POLLERS,
      minimum,
      `cannot exceed the maximum pollers ${maximum} (${K.MAXIMUM_POLLERS}, or tasks.max when unset)`,
    );
  }
  const onFailureDestination = str(K.ON_FAILURE_DESTINATION) ?? undefined;
  if (
    onFailureDestination?.startsWith(KAFKA_DESTINATION) &&
    topics.includes(onFailureDestination.slice(KAFKA_DESTINATION.length))
  ) {
    problem(K.ON_FAILURE_DESTINATION, onFailureDestination, 'must differ from the source topics');
  }
  const reportBatchItemFailures = v[K.REPORT_BATCH_ITEM_FAILURES] as boolean;
  const bisect = v[K.BISECT_BATCH_ON_FUNCTION_ERROR] as boolean;

  if (options.lambda) {
    problems.push(...lambdaTopicProblems(config));
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
      problem(
        key,
        config[key],
        `the consumer group ${badGroup} is not a valid event source mapping ConsumerGroupId (1–200 of a-z A-Z 0-9 - / * : _ + = . @); set ${ConsumerOverrideKeys.GROUP_ID}`,
      );
    }
    if (!provisioned) {
      const needProvisioned: [string, boolean][] = [
        [K.MAXIMUM_RETRY_ATTEMPTS, int(K.MAXIMUM_RETRY_ATTEMPTS) !== null],
        [K.MAXIMUM_RECORD_AGE_SECONDS, int(K.MAXIMUM_RECORD_AGE_SECONDS) !== null],
        [K.BISECT_BATCH_ON_FUNCTION_ERROR, bisect],
        [K.REPORT_BATCH_ITEM_FAILURES, reportBatchItemFailures],
        [K.ON_FAILURE_DESTINATION, onFailureDestination !== undefined],
        [K.POLLER_GROUP_NAME, str(K.POLLER_GROUP_NAME) !== null],
      ];
      for (const [key, set] of needProvisioned) {
        if (set)
          problem(
            key,
            v[key],
            `needs ${K.POLLER_MODE}=provisioned (Lambda offers it for Kafka in provisioned mode only)${key === K.REPORT_BATCH_ITEM_FAILURES ? '; set it to false for on-demand' : ''}`,
          );
      }
    }
  }

  const groupName = str(K.POLLER_GROUP_NAME) ?? undefined;
  const filterJson = str(K.FILTERS);
  const settings: MappingSettings = {
    connector: config[FrameworkKeys.NAME] ?? '',
    topics,
    topicsRegex,
    consumerGroupId: groupId,
    source,
    authType,
    authSecretArn,
    serverRootCaSecretArn,
    vpc: subnets.length > 0 ? { subnets, securityGroups } : undefined,
    batchSize: int(K.BATCH_SIZE) as number,
    maximumBatchingWindowSeconds: int(K.MAXIMUM_BATCHING_WINDOW_SECONDS) ?? undefined,
    startingPosition,
    startingPositionTimestamp: timestampText === null ? undefined : Date.parse(timestampText),
    pollers: provisioned ? { minimum, maximum, groupName } : undefined,
    maximumRetryAttempts: int(K.MAXIMUM_RETRY_ATTEMPTS) ?? undefined,
    maximumRecordAgeSeconds: int(K.MAXIMUM_RECORD_AGE_SECONDS) ?? undefined,
    bisectBatchOnFunctionError: bisect,
    reportBatchItemFailures,
    onFailureDestination,
    filterPatterns: filterJson === null ? [] : filterPatterns(filterJson),
  };
  return { settings, problems };
}
