// The `esm.*` connector keys: how a connector's consumption becomes Lambda event source mappings (AWS Lambda API
// reference: CreateEventSourceMapping; developer guide: "Using Lambda with Amazon MSK" / "self-managed Apache Kafka").
import {
  defineConfig,
  lambdaValidator,
  parseValidator,
  Range,
  validList,
  validString,
} from '../config/index.ts';
import {
  AuthType,
  EsmLimits,
  EsmSource,
  MAPPING_GROUP,
  MappingKeys,
  PollerMode,
  StartingPosition,
} from './constants.ts';

const K = MappingKeys;

const ARN = {
  MSK: /^arn:aws[a-zA-Z-]*:kafka:[a-z0-9-]+:\d{12}:(cluster|vpc-connection)\/.+$/,
  SECRET: /^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
  DESTINATION: /^arn:aws[a-zA-Z-]*:(sqs|sns|s3):/,
} as const;
/** The scheme of an on-failure destination that is a Kafka topic of the same cluster. */
export const KAFKA_DESTINATION = 'kafka://';

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

/** A Glue schema registry ARN (the registry, not a schema). */
export const GLUE_REGISTRY_ARN = /^arn:aws[a-zA-Z-]*:glue:[a-z0-9-]+:\d{12}:registry\/.+$/;

const registryUri = lambdaValidator('https URL or Glue registry ARN', (value) => {
  if (value === null || value === undefined) return undefined;
  const s = String(value);
  if (/^https?:\/\/[^/\s]+/i.test(s) || GLUE_REGISTRY_ARN.test(s)) return undefined;
  return 'must be a Confluent schema registry URL or an AWS Glue registry ARN (arn:aws:glue:<region>:<account>:registry/<name>)';
});

const filters = parseValidator('JSON array of filter patterns on `value`', (value) =>
  filterPatterns(String(value)),
);

/** Each pattern of a JSON array, as the string `FilterCriteria.Filters[].Pattern` takes. */
export function filterPatterns(json: string): string[] {
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
 * const values = mappingDefinition.configDef().validate(config); // per-key errors for `…/config/validate`
 */
export const mappingDefinition = defineConfig(
  {
    [K.SOURCE]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'Where the topics live: msk (Amazon MSK, needs esm.msk.cluster.arn) or self-managed (any Kafka, needs esm.bootstrap.servers). When unset, it follows from which of those two keys is set.',
      displayName: 'Event source',
      validator: validString(EsmSource.MSK, EsmSource.SELF_MANAGED),
      recommendedValues: [EsmSource.MSK, EsmSource.SELF_MANAGED],
    },
    [K.MSK_CLUSTER_ARN]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'ARN of the Amazon MSK cluster (or, cross-account, of the MSK VPC connection). Becomes EventSourceArn.',
      displayName: 'MSK cluster ARN',
      validator: pattern('MSK cluster ARN', ARN.MSK, 'must be an MSK cluster or VPC connection ARN'),
    },
    [K.BOOTSTRAP_SERVERS]: {
      type: 'LIST',
      defaultValue: '',
      importance: 'HIGH',
      documentation:
        'Self-managed Kafka: up to 10 host:port bootstrap servers. Becomes SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS.',
      displayName: 'Bootstrap servers',
      validator: everyItem('host:port', /^[^\s:]+:\d{1,5}$/, 'is not host:port'),
    },
    [K.AUTH_TYPE]: {
      type: 'STRING',
      defaultValue: AuthType.NONE,
      importance: 'HIGH',
      documentation:
        'How the mapping authenticates to Kafka, as the SourceAccessConfigurations type that carries esm.auth.secret.arn: SASL_SCRAM_256_AUTH, SASL_SCRAM_512_AUTH, BASIC_AUTH (SASL/PLAIN), CLIENT_CERTIFICATE_TLS_AUTH (mTLS), or NONE (MSK: IAM through the sink function role). MSK accepts NONE, SASL_SCRAM_512_AUTH and CLIENT_CERTIFICATE_TLS_AUTH.',
      displayName: 'Authentication',
      validator: validString(...Object.values(AuthType)),
      recommendedValues: Object.values(AuthType),
    },
    [K.AUTH_SECRET_ARN]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'Secrets Manager ARN of the credentials (username/password for SASL, certificate chain and private key for mTLS). Required unless esm.auth.type is NONE.',
      displayName: 'Credentials secret ARN',
      validator: secretArn,
    },
    [K.SERVER_ROOT_CA_SECRET_ARN]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'Self-managed Kafka: Secrets Manager ARN of the root CA certificate that signed the brokers (SERVER_ROOT_CA_CERTIFICATE).',
      displayName: 'Server root CA secret ARN',
      validator: secretArn,
    },
    [K.VPC_SUBNETS]: {
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'Self-managed Kafka in a VPC: subnet IDs the pollers use (VPC_SUBNET). Requires esm.vpc.security.groups.',
      displayName: 'VPC subnets',
      validator: everyItem('subnet IDs', /^subnet-[0-9a-f]+$/, 'is not a subnet ID'),
    },
    [K.VPC_SECURITY_GROUPS]: {
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'Self-managed Kafka in a VPC: security group IDs of the pollers (VPC_SECURITY_GROUP). Requires esm.vpc.subnets.',
      displayName: 'VPC security groups',
      validator: everyItem('security group IDs', /^sg-[0-9a-f]+$/, 'is not a security group ID'),
    },
    [K.BATCH_SIZE]: {
      type: 'INT',
      defaultValue: EsmLimits.DEFAULT_BATCH_SIZE,
      importance: 'MEDIUM',
      documentation: 'Most records per invocation (BatchSize), within the 6 MB payload limit.',
      displayName: 'Batch size',
      validator: Range.between(1, EsmLimits.MAX_BATCH_SIZE),
    },
    [K.MAXIMUM_BATCHING_WINDOW_SECONDS]: {
      type: 'INT',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'Longest wait to fill a batch, in whole seconds (MaximumBatchingWindowInSeconds). Unset: the Kafka default of 500 ms. Lambda cannot go back to 500 ms once set; removing the key later keeps the last value.',
      displayName: 'Batching window (s)',
      validator: Range.between(0, EsmLimits.MAX_BATCHING_WINDOW_SECONDS),
    },
    [K.STARTING_POSITION]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'Where a new consumer group starts (StartingPosition): TRIM_HORIZON, LATEST or AT_TIMESTAMP. Unset: from consumer.override.auto.offset.reset (earliest → TRIM_HORIZON, latest → LATEST), else TRIM_HORIZON like Connect. Ignored by Lambda when the group already has offsets.',
      displayName: 'Starting position',
      validator: validString(...Object.values(StartingPosition)),
      recommendedValues: Object.values(StartingPosition),
    },
    [K.STARTING_POSITION_TIMESTAMP]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'AT_TIMESTAMP only: an ISO-8601 date-time, not in the future (StartingPositionTimestamp).',
      displayName: 'Starting timestamp',
      validator: timestamp,
    },
    [K.POLLER_MODE]: {
      type: 'STRING',
      defaultValue: PollerMode.PROVISIONED,
      importance: 'MEDIUM',
      documentation:
        'provisioned (ProvisionedPollerConfig; required by retries, record age, bisect, partial batch responses and on-failure destinations) or on-demand (Lambda scales pollers itself; none of those controls).',
      displayName: 'Poller mode',
      validator: validString(PollerMode.PROVISIONED, PollerMode.ON_DEMAND),
      recommendedValues: [PollerMode.PROVISIONED, PollerMode.ON_DEMAND],
    },
    [K.MINIMUM_POLLERS]: {
      type: 'INT',
      defaultValue: 1,
      importance: 'LOW',
      documentation: 'Provisioned mode: pollers always running per topic (MinimumPollers).',
      displayName: 'Minimum pollers',
      validator: Range.between(1, EsmLimits.MAX_MINIMUM_POLLERS),
    },
    [K.MAXIMUM_POLLERS]: {
      type: 'INT',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'Provisioned mode: most pollers per topic (MaximumPollers). Unset: tasks.max (at most 2000), so tasks.max bounds the consumers of each topic as it bounds Connect tasks.',
      displayName: 'Maximum pollers',
      validator: Range.between(1, EsmLimits.MAX_MAXIMUM_POLLERS),
    },
    [K.POLLER_GROUP_NAME]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'Provisioned mode: share pollers (EPU capacity) with other mappings in the same VPC (PollerGroupName; up to 100 mappings and 2000 pollers per group).',
      displayName: 'Poller group',
    },
    [K.MAXIMUM_RETRY_ATTEMPTS]: {
      type: 'INT',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'Retries of a failed batch after the first attempt (MaximumRetryAttempts), -1 for until the records expire. Unset: -1, but Lambda applies 10 when an on-failure destination is set.',
      displayName: 'Maximum retry attempts',
      validator: Range.between(-1, EsmLimits.MAX_RETRY_ATTEMPTS),
    },
    [K.MAXIMUM_RECORD_AGE_SECONDS]: {
      type: 'INT',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'Records older than this are not retried (MaximumRecordAgeInSeconds): -1 (no limit) or 60–604800. Unset: -1.',
      displayName: 'Maximum record age (s)',
      validator: recordAge,
    },
    [K.BISECT_BATCH_ON_FUNCTION_ERROR]: {
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Split a failed batch in two and retry each half (BisectBatchOnFunctionError).',
      displayName: 'Bisect batch on error',
    },
    [K.REPORT_BATCH_ITEM_FAILURES]: {
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'MEDIUM',
      documentation:
        'The sink reports the first failed record of each partition and Lambda resumes there, instead of retrying the whole batch (FunctionResponseTypes: ReportBatchItemFailures). The sink reads the same key, so both always agree. Needs provisioned mode.',
      displayName: 'Report batch item failures',
    },
    [K.ON_FAILURE_DESTINATION]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'Where Lambda sends batches it gives up on (DestinationConfig.OnFailure): an SQS queue, SNS topic or S3 bucket ARN, or kafka://<topic> in the same cluster (not a source topic).',
      displayName: 'On-failure destination',
      validator: destination,
    },
    [K.SCHEMA_REGISTRY_URL]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation:
        'The schema registry the event source mapping decodes records with (SchemaRegistryConfig.SchemaRegistryURI): a Confluent registry URL (https://…) or an AWS Glue registry ARN. The function then receives the records as JSON and reads them with a schemaless JsonConverter, whatever value.converter says. Needs provisioned mode. Unset: the function decodes records itself with its converters.',
      displayName: 'Schema registry',
      validator: registryUri,
    },
    [K.SCHEMA_REGISTRY_EVENT_RECORD_FORMAT]: {
      type: 'STRING',
      defaultValue: 'JSON',
      importance: 'LOW',
      documentation:
        'The form Lambda delivers decoded records in (EventRecordFormat). Only JSON: with SOURCE Lambda strips the schema id the function would need to decode the records.',
      displayName: 'Schema registry record format',
      validator: lambdaValidator('JSON', (value) =>
        value === 'JSON' ? undefined : 'only JSON is supported (SOURCE strips the schema id the sink needs)',
      ),
    },
    [K.SCHEMA_REGISTRY_VALIDATE]: {
      type: 'LIST',
      defaultValue: 'VALUE',
      importance: 'LOW',
      documentation:
        'The record parts Lambda validates and decodes with the registry (SchemaValidationConfigs): VALUE, KEY or both. The others reach the function as they are.',
      displayName: 'Schema registry attributes',
      validator: validList('KEY', 'VALUE'),
    },
    [K.SCHEMA_REGISTRY_AUTH_TYPE]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'How Lambda authenticates to a Confluent registry (AccessConfigs.Type): BASIC_AUTH, CLIENT_CERTIFICATE_TLS_AUTH or OAUTHBEARER_AUTH, with the secret in esm.schema.registry.auth.secret.arn. Not for Glue (the function role is used).',
      displayName: 'Schema registry auth',
      validator: validString('BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'OAUTHBEARER_AUTH'),
    },
    [K.SCHEMA_REGISTRY_AUTH_SECRET_ARN]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'The Secrets Manager secret of esm.schema.registry.auth.type (AccessConfigs.URI). The sink function role must be allowed to read it (the stack secretArns setting).',
      displayName: 'Schema registry secret',
      validator: secretArn,
    },
    [K.SCHEMA_REGISTRY_ROOT_CA_SECRET_ARN]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'A Secrets Manager secret with the root CA certificate of a Confluent registry (AccessConfigs SERVER_ROOT_CA_CERTIFICATE).',
      displayName: 'Schema registry root CA secret',
      validator: secretArn,
    },
    [K.FILTERS]: {
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'Optional JSON array of event filter patterns on the record value, e.g. [{"value":{"type":["order"]}}] (FilterCriteria). Records that match no pattern are skipped and committed by Lambda.',
      displayName: 'Filters',
      validator: filters,
    },
  },
  { group: MAPPING_GROUP, width: 'MEDIUM' },
);
