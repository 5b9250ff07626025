// The deployment's configuration keys (cdk.json context or `cdk deploy -c key=value`), defined once with ConfigDef:
// parsed with Kafka's messages, each problem naming its key, every problem reported at once.
import type { Node } from 'constructs';
import { parseAllowedHosts } from '../../shared/aep/index.ts';
import {
  ConfigDef,
  ConfigErrors,
  type ConfigKey,
  type ConfigProblem,
  lambdaValidator,
  Range,
  validString,
} from '../../shared/config/index.ts';
import {
  AuthType,
  MappingKeys,
  mappingDefaultsFromEnv,
  validateMappingConfig,
} from '../../shared/mappings/index.ts';
import type { ConnectorDeclaration } from './aep-sink-connector.ts';
import { ApiAuth, ContextKeys as K, LOG_LEVELS, StackDefaults, StackLimits } from './constants.ts';

/**
 * The deployment settings an `AepSinkStack` takes, as props or from context (same names). Every one is optional.
 *
 * @example
 * new AepSinkStack(app, 'Sink', { mskClusterArn: 'arn:aws:kafka:…', alarmEmail: 'ops@example.com' });
 */
export interface DeploymentSettings {
  /** MSK cluster the connectors read by default (`esm.msk.cluster.arn`); the sink role may poll it. @default - none */
  readonly mskClusterArn?: string;
  /** Self-managed Kafka bootstrap servers (`esm.bootstrap.servers`). @default - none */
  readonly bootstrapServers?: readonly string[];
  /** `esm.auth.type` of the default cluster (`NONE`: IAM on MSK, unauthenticated self-managed). @default 'NONE' */
  readonly kafkaAuthType?: AuthType;
  /** `esm.auth.secret.arn`: SASL/SCRAM, SASL/PLAIN or mTLS credentials. @default - none */
  readonly kafkaAuthSecretArn?: string;
  /** `esm.server.root.ca.secret.arn` (self-managed only). @default - none */
  readonly kafkaRootCaSecretArn?: string;
  /** VPC of the subnets below. @default - functions outside any VPC */
  readonly vpcId?: string;
  /** Subnets of both functions (MSK: the cluster's VPC, for offsets), and of the self-managed pollers (`esm.vpc.subnets`). @default - none */
  readonly subnetIds?: readonly string[];
  /** Security groups of both functions and of the self-managed pollers. @default - none */
  readonly securityGroupIds?: readonly string[];
  /** Complete ARN of an existing secret with the AEP/IMS credentials. @default - `<stack>/aep-credentials` is created */
  readonly aepSecretArn?: string;
  /** More secrets (ARNs or ARN patterns) the sink may read for `${secretsmanager:…}` placeholders. @default [] */
  readonly secretArns?: readonly string[];
  /** Customer managed KMS keys of those secrets (`kms:Decrypt`). @default [] */
  readonly kmsKeyArns?: readonly string[];
  /** Hosts the sink may send records and credentials to. @default Adobe's `*.adobedc.net,*.adobe.io,ims-*.adobelogin.com` */
  readonly aepAllowedHosts?: readonly string[];
  /** `POWERTOOLS_LOG_LEVEL` of both functions. @default 'INFO' */
  readonly logLevel?: string;
  /** Retention of the function and access logs. @default 30 */
  readonly logRetentionDays?: number;
  /** `POWERTOOLS_METRICS_NAMESPACE`. @default 'AepStreamingSink' */
  readonly metricsNamespace?: string;
  /** E-mail address subscribed to a new, encrypted alarm topic. @default - none */
  readonly alarmEmail?: string;
  /** Existing SNS topic for the alarms (instead of `alarmEmail`). @default - none */
  readonly alarmTopicArn?: string;
  /** OffsetLag (records) that raises the lag alarm. @default 10000 */
  readonly offsetLagThreshold?: number;
  /** REST API authorization. @default 'iam' */
  readonly apiAuth?: ApiAuth;
  /** Stage throttling, requests per second. @default 10 */
  readonly apiThrottleRateLimit?: number;
  /** Stage throttling, burst. @default 20 */
  readonly apiThrottleBurstLimit?: number;
  /** ERROR-level execution logs (needs the account's API Gateway CloudWatch role). @default false */
  readonly apiExecutionLogging?: boolean;
  /** AWS WAF web ACL to associate with the API stage. @default - none */
  readonly webAclArn?: string;
  /** DynamoDB deletion protection on the connector table. @default true */
  readonly tableDeletionProtection?: boolean;
  /** Keep the table, the DLQ, a created AEP secret and the log groups when the stack is deleted. @default true */
  readonly retainData?: boolean;
  /** Sink memory (MiB). @default 1024 */
  readonly sinkMemoryMiB?: number;
  /** Sink timeout (s), at most 840 for Kafka event source mappings. @default 300 */
  readonly sinkTimeoutSeconds?: number;
  /** Minutes between scheduled reconciles of pending connectors; 0 turns it off. @default 5 */
  readonly reconcileIntervalMinutes?: number;
  /** More `esm.*` deployment defaults (e.g. `esm.batch.size`), under the ones derived from the keys above. @default {} */
  readonly mappingDefaults?: Readonly<Record<string, string>>;
  /** Connectors declared as code (see `AepSinkConnector`). @default [] */
  readonly connectors?: readonly ConnectorDeclaration[];
}

const GROUP = 'Deployment';
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function matching(description: string, regex: RegExp) {
  return lambdaValidator(description, (value) => {
    const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    const bad = items.find((v) => !regex.test(String(v)));
    return bad === undefined ? undefined : `${bad} is not a ${description}`;
  });
}

function json(description: string, check: (parsed: unknown) => string | undefined) {
  return lambdaValidator(description, (value) => {
    if (value === null || value === undefined) return undefined;
    try {
      return check(JSON.parse(String(value)));
    } catch (e) {
      return `must be ${description}: ${(e as Error).message}`;
    }
  });
}

const ARN = {
  MSK: /^arn:aws[a-zA-Z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/,
  SECRET: /^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
  COMPLETE_SECRET: /^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/,
  KMS: /^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/,
  SNS: /^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:\d{12}:.+$/,
  WAF: /^arn:aws[a-zA-Z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/,
} as const;

/**
 * The context keys as a ConfigDef (names, types, defaults, validators, documentation); the source of the table in
 * docs/deploy.md.
 *
 * @example
 * deploymentConfigDef().parse({ mskClusterArn: 'arn:aws:kafka:…' });
 */
export function deploymentConfigDef(): ConfigDef {
  let order = 0;
  const key = (k: Omit<ConfigKey, 'group' | 'orderInGroup' | 'importance'>): ConfigKey => ({
    importance: 'MEDIUM',
    ...k,
    group: GROUP,
    orderInGroup: ++order,
  });
  const optional = { defaultValue: null } as const;
  return new ConfigDef()
    .define(
      key({
        name: K.STACK_NAME,
        type: 'STRING',
        defaultValue: StackDefaults.STACK_NAME,
        documentation: 'CloudFormation stack name.',
        validator: matching('stack name', /^[A-Za-z][A-Za-z0-9-]{0,127}$/),
      }),
    )
    .define(
      key({
        name: K.MSK_CLUSTER_ARN,
        type: 'STRING',
        ...optional,
        documentation:
          'MSK cluster the connectors read unless they name their own source (esm.msk.cluster.arn). The sink role gets the permissions its event source mappings need.',
        validator: matching('MSK cluster ARN', ARN.MSK),
      }),
    )
    .define(
      key({
        name: K.BOOTSTRAP_SERVERS,
        type: 'LIST',
        ...optional,
        documentation: 'Self-managed Kafka bootstrap servers host:port (esm.bootstrap.servers).',
      }),
    )
    .define(
      key({
        name: K.KAFKA_AUTH_TYPE,
        type: 'STRING',
        defaultValue: AuthType.NONE,
        documentation:
          'esm.auth.type of that cluster: NONE (IAM on MSK), SASL_SCRAM_512_AUTH, SASL_SCRAM_256_AUTH, BASIC_AUTH or CLIENT_CERTIFICATE_TLS_AUTH.',
        validator: validString(...Object.values(AuthType)),
      }),
    )
    .define(
      key({
        name: K.KAFKA_AUTH_SECRET_ARN,
        type: 'STRING',
        ...optional,
        documentation:
          'esm.auth.secret.arn: the Kafka credentials secret; the sink may read it, and so may the façade with self-managed Kafka.',
        validator: matching('Secrets Manager secret ARN', ARN.SECRET),
      }),
    )
    .define(
      key({
        name: K.KAFKA_ROOT_CA_SECRET_ARN,
        type: 'STRING',
        ...optional,
        documentation: 'esm.server.root.ca.secret.arn (self-managed Kafka with a private CA).',
        validator: matching('Secrets Manager secret ARN', ARN.SECRET),
      }),
    )
    .define(
      key({
        name: K.VPC_ID,
        type: 'STRING',
        ...optional,
        documentation: 'VPC of subnetIds (no lookup: synth needs no AWS access).',
        validator: matching('VPC ID', /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/),
      }),
    )
    .define(
      key({
        name: K.SUBNET_IDS,
        type: 'LIST',
        ...optional,
        documentation:
          "Private subnets (with a NAT gateway or VPC endpoints) for both functions (with MSK: in the cluster's VPC, for the offsets endpoints) and, for self-managed Kafka, the pollers (esm.vpc.subnets).",
        validator: matching('subnet ID', /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/),
      }),
    )
    .define(
      key({
        name: K.SECURITY_GROUP_IDS,
        type: 'LIST',
        ...optional,
        documentation:
          'Security groups of both functions (with MSK: allowed into the cluster on port 9098) and of the self-managed pollers (esm.vpc.security.groups).',
        validator: matching('security group ID', /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/),
      }),
    )
    .define(
      key({
        name: K.AEP_SECRET_ARN,
        type: 'STRING',
        ...optional,
        documentation:
          'Complete ARN (with its 6-character suffix) of an existing secret with the AEP/IMS credentials. Unset: the stack creates <stackName>/aep-credentials for you to fill in.',
        validator: matching(
          'complete Secrets Manager secret ARN (ending in -<6 characters>)',
          ARN.COMPLETE_SECRET,
        ),
      }),
    )
    .define(
      key({
        name: K.SECRET_ARNS,
        type: 'LIST',
        defaultValue: '',
        documentation:
          'More secrets the sink may read for the secretsmanager config-provider placeholders of connector configs: complete ARNs, or ARN patterns such as arn:aws:secretsmanager:<region>:<account>:secret:aep-sink/*.',
        validator: matching('Secrets Manager secret ARN', ARN.SECRET),
      }),
    )
    .define(
      key({
        name: K.KMS_KEY_ARNS,
        type: 'LIST',
        defaultValue: '',
        documentation:
          'Customer managed KMS keys that encrypt those secrets (kms:Decrypt for both functions).',
        validator: matching('KMS key ARN', ARN.KMS),
      }),
    )
    .define(
      key({
        name: K.AEP_ALLOWED_HOSTS,
        type: 'LIST',
        defaultValue: '',
        documentation:
          "Hosts the sink may send records and credentials to (AEP_ALLOWED_HOSTS). Empty: Adobe's *.adobedc.net, *.adobe.io and ims-*.adobelogin.com.",
        validator: lambdaValidator('host patterns', (value) => {
          try {
            parseAllowedHosts(value as string[]);
            return undefined;
          } catch (e) {
            return (e as Error).message;
          }
        }),
      }),
    )
    .define(
      key({
        name: K.LOG_LEVEL,
        type: 'STRING',
        defaultValue: StackDefaults.LOG_LEVEL,
        documentation: 'POWERTOOLS_LOG_LEVEL of both functions.',
        validator: validString(...LOG_LEVELS),
      }),
    )
    .define(
      key({
        name: K.LOG_RETENTION_DAYS,
        type: 'INT',
        defaultValue: StackDefaults.LOG_RETENTION_DAYS,
        documentation: 'Retention of the function logs and the API access logs, in days.',
        validator: validString(...RETENTION_DAYS.map(String)),
      }),
    )
    .define(
      key({
        name: K.METRICS_NAMESPACE,
        type: 'STRING',
        defaultValue: StackDefaults.METRICS_NAMESPACE,
        documentation: 'POWERTOOLS_METRICS_NAMESPACE: where the sink writes its metrics (EMF).',
        validator: matching('CloudWatch namespace', /^[A-Za-z0-9._#/-]{1,255}$/),
      }),
    )
    .define(
      key({
        name: K.ALARM_EMAIL,
        type: 'STRING',
        ...optional,
        documentation:
          'E-mail address subscribed to a new KMS-encrypted SNS topic that every alarm notifies.',
        validator: matching('e-mail address', /^[^@\s]+@[^@\s]+\.[^@\s]+$/),
      }),
    )
    .define(
      key({
        name: K.ALARM_TOPIC_ARN,
        type: 'STRING',
        ...optional,
        documentation: 'Existing SNS topic that every alarm notifies (instead of alarmEmail).',
        validator: matching('SNS topic ARN', ARN.SNS),
      }),
    )
    .define(
      key({
        name: K.OFFSET_LAG_THRESHOLD,
        type: 'INT',
        defaultValue: StackDefaults.OFFSET_LAG_THRESHOLD,
        documentation: 'Records behind (OffsetLag) that raise the lag alarm when sustained for 15 minutes.',
        validator: Range.atLeast(1),
      }),
    )
    .define(
      key({
        name: K.API_AUTH,
        type: 'STRING',
        defaultValue: StackDefaults.API_AUTH,
        documentation:
          'REST API authorization: iam (SigV4), iam-and-api-key (SigV4 plus the x-api-key of the stack usage plan) or api-key.',
        validator: validString(...Object.values(ApiAuth)),
      }),
    )
    .define(
      key({
        name: K.API_THROTTLE_RATE_LIMIT,
        type: 'INT',
        defaultValue: StackDefaults.API_THROTTLE_RATE_LIMIT,
        documentation: 'Stage throttling: steady requests per second.',
        validator: Range.atLeast(1),
      }),
    )
    .define(
      key({
        name: K.API_THROTTLE_BURST_LIMIT,
        type: 'INT',
        defaultValue: StackDefaults.API_THROTTLE_BURST_LIMIT,
        documentation: 'Stage throttling: burst.',
        validator: Range.atLeast(1),
      }),
    )
    .define(
      key({
        name: K.API_EXECUTION_LOGGING,
        type: 'BOOLEAN',
        defaultValue: false,
        documentation:
          "ERROR-level API Gateway execution logs. Needs the account's API Gateway CloudWatch Logs role (set once per account and region).",
      }),
    )
    .define(
      key({
        name: K.WEB_ACL_ARN,
        type: 'STRING',
        ...optional,
        documentation: 'Regional AWS WAF web ACL to associate with the API stage.',
        validator: matching('regional WAFv2 web ACL ARN', ARN.WAF),
      }),
    )
    .define(
      key({
        name: K.TABLE_DELETION_PROTECTION,
        type: 'BOOLEAN',
        defaultValue: true,
        documentation: 'DynamoDB deletion protection on the connector table.',
      }),
    )
    .define(
      key({
        name: K.RETAIN_DATA,
        type: 'BOOLEAN',
        defaultValue: true,
        documentation:
          'Keep the connector table, the dead-letter queue, a created AEP secret and the log groups when the stack is deleted.',
      }),
    )
    .define(
      key({
        name: K.SINK_MEMORY_MIB,
        type: 'INT',
        defaultValue: StackDefaults.SINK_MEMORY_MIB,
        documentation: 'Sink function memory in MiB (CPU scales with it).',
        validator: Range.between(StackLimits.MIN_MEMORY_MIB, StackLimits.MAX_MEMORY_MIB),
      }),
    )
    .define(
      key({
        name: K.SINK_TIMEOUT_SECONDS,
        type: 'INT',
        defaultValue: StackDefaults.SINK_TIMEOUT_SECONDS,
        documentation: 'Sink function timeout in seconds; Kafka event source mappings allow at most 840.',
        validator: Range.between(1, StackLimits.MAX_SINK_TIMEOUT_SECONDS),
      }),
    )
    .define(
      key({
        name: K.RECONCILE_INTERVAL_MINUTES,
        type: 'INT',
        defaultValue: StackDefaults.RECONCILE_INTERVAL_MINUTES,
        documentation:
          'Minutes between scheduled reconciles of pending connectors; 0 turns the schedule off.',
        validator: Range.between(0, StackLimits.MAX_RECONCILE_INTERVAL_MINUTES),
      }),
    )
    .define(
      key({
        name: K.MAPPING_DEFAULTS,
        type: 'STRING',
        ...optional,
        documentation:
          'JSON object of more esm.* deployment defaults, e.g. {"esm.batch.size":"500"}; the keys above take precedence.',
        validator: json('a JSON object of esm.* keys', (parsed) => {
          mappingDefaultsFromEnv(JSON.stringify(parsed));
          return undefined;
        }),
      }),
    )
    .define(
      key({
        name: K.CONNECTORS,
        type: 'STRING',
        ...optional,
        documentation:
          'JSON array of connectors as code: [{"name":"…","config":{…},"initialState":"RUNNING"}], the body of POST /connectors plus initial_state.',
        validator: json('a JSON array of {name, config, initialState?}', connectorsProblem),
      }),
    );
}

/**
 * The stack props the context holds: every key of {@link deploymentConfigDef}, typed, unset optional keys omitted.
 * `mappingDefaults` and `connectors` may be written in cdk.json as JSON values or as JSON strings.
 *
 * @throws {ConfigErrors} listing every bad context key.
 * @example
 * new AepSinkStack(app, 'Sink', settingsFromContext(app.node));
 */
export function settingsFromContext(node: Node): DeploymentSettings & { readonly stackName: string } {
  const def = deploymentConfigDef();
  const context = Object.fromEntries(def.keys().map(({ name }) => [name, node.tryGetContext(name)]));
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def.parse(configInput(context)))) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    settings[key] = key === K.MAPPING_DEFAULTS || key === K.CONNECTORS ? JSON.parse(String(value)) : value;
  }
  return settings as unknown as DeploymentSettings & { readonly stackName: string };
}

/**
 * Every problem of the settings, each naming its key: each key on its own (the context keys' rules, applied to
 * props set in code too), then keys that conflict or need each other, then what `validateMappingConfig` says about
 * the `esm.*` defaults they produce.
 *
 * @example
 * settingsProblems({ mskClusterArn: arn, bootstrapServers: ['b:9092'] });
 * // [{ key: 'bootstrapServers', message: 'bootstrapServers cannot be set together with mskClusterArn' }]
 */
export function settingsProblems(settings: DeploymentSettings): ConfigProblem[] {
  const problems: ConfigProblem[] = [
    ...deploymentConfigDef()
      .validate(configInput({ ...settings }))
      .values(),
  ].flatMap((v) => v.errorMessages.map((message) => ({ key: v.name, message })));
  const conflict = (a: string, b: string) =>
    problems.push({ key: b, message: `${b} cannot be set together with ${a}` });
  const missing = (key: string, because: string) =>
    problems.push({ key, message: `Missing configuration "${key}": required when ${because}` });
  const has = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);

  if (has(settings.mskClusterArn) && has(settings.bootstrapServers)) {
    conflict(K.MSK_CLUSTER_ARN, K.BOOTSTRAP_SERVERS);
  }
  if (has(settings.alarmEmail) && has(settings.alarmTopicArn)) conflict(K.ALARM_EMAIL, K.ALARM_TOPIC_ARN);
  const vpcKeys = [K.VPC_ID, K.SUBNET_IDS, K.SECURITY_GROUP_IDS] as const;
  const vpcSet = vpcKeys.filter((k) => has(settings[k]));
  if (vpcSet.length > 0) {
    for (const k of vpcKeys) if (!has(settings[k])) missing(k, `${vpcSet.join(' and ')} set`);
  }
  // The esm.* defaults these keys produce, checked by the same code that checks connectors, with each problem
  // reported against the context key that set it (once the keys above agree, so nothing is reported twice).
  const defaults = deploymentMappingDefaults({ ...settings, mappingDefaults: {} });
  if (problems.length === 0 && Object.keys(defaults).length > 0) {
    const probe = { name: 'probe', topics: 'probe', ...defaults };
    for (const p of validateMappingConfig(probe, { lambda: true })) {
      const key = CONTEXT_KEY_OF[p.key] ?? p.key;
      problems.push({ key, message: `${p.message} (set through ${key})` });
    }
  }
  return problems;
}

/**
 * Throws when the settings have problems.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 * @example
 * assertValidSettings(props);
 */
export function assertValidSettings(settings: DeploymentSettings): void {
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new ConfigErrors(problems);
}

const CONTEXT_KEY_OF: Readonly<Record<string, string>> = {
  [MappingKeys.MSK_CLUSTER_ARN]: K.MSK_CLUSTER_ARN,
  [MappingKeys.BOOTSTRAP_SERVERS]: K.BOOTSTRAP_SERVERS,
  [MappingKeys.AUTH_TYPE]: K.KAFKA_AUTH_TYPE,
  [MappingKeys.AUTH_SECRET_ARN]: K.KAFKA_AUTH_SECRET_ARN,
  [MappingKeys.SERVER_ROOT_CA_SECRET_ARN]: K.KAFKA_ROOT_CA_SECRET_ARN,
  [MappingKeys.VPC_SUBNETS]: K.SUBNET_IDS,
  [MappingKeys.VPC_SECURITY_GROUPS]: K.SECURITY_GROUP_IDS,
};

/**
 * `MAPPING_DEFAULTS` of the façade (and the defaults of connectors declared as code): the source, auth and VPC of
 * the settings as `esm.*` keys, over `mappingDefaults`. VPC keys apply to self-managed Kafka only: Lambda reaches
 * an MSK cluster through the cluster's own VPC configuration.
 *
 * @example
 * deploymentMappingDefaults({ mskClusterArn: arn, kafkaAuthType: 'NONE' }); // { 'esm.msk.cluster.arn': arn }
 */
export function deploymentMappingDefaults(settings: DeploymentSettings): Record<string, string> {
  const M = MappingKeys;
  const out: Record<string, string> = { ...settings.mappingDefaults };
  const set = (key: string, value: string | readonly string[] | undefined) => {
    if (value !== undefined && value.length > 0)
      out[key] = typeof value === 'string' ? value : value.join(',');
  };
  set(M.MSK_CLUSTER_ARN, settings.mskClusterArn);
  set(M.BOOTSTRAP_SERVERS, settings.bootstrapServers);
  if (settings.kafkaAuthType !== undefined && settings.kafkaAuthType !== AuthType.NONE) {
    set(M.AUTH_TYPE, settings.kafkaAuthType);
  }
  set(M.AUTH_SECRET_ARN, settings.kafkaAuthSecretArn);
  set(M.SERVER_ROOT_CA_SECRET_ARN, settings.kafkaRootCaSecretArn);
  if (settings.bootstrapServers?.length) {
    set(M.VPC_SUBNETS, settings.subnetIds);
    set(M.VPC_SECURITY_GROUPS, settings.securityGroupIds);
  }
  return out;
}

/** Context values or props as ConfigDef input: the two object-valued keys as JSON strings. */
function configInput(values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const object = key === K.MAPPING_DEFAULTS || key === K.CONNECTORS;
    input[key] = object && typeof value !== 'string' ? JSON.stringify(value) : value;
  }
  return input;
}

function connectorsProblem(parsed: unknown): string | undefined {
  if (!Array.isArray(parsed)) return 'must be a JSON array';
  for (const [i, c] of parsed.entries()) {
    const at = `connectors[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return `${at} must be an object`;
    const { name, config, initialState } = c as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') return `${at}.name must be a non-empty string`;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      return `${at}.config must be an object of strings`;
    }
    const bad = Object.entries(config).find(([, v]) => typeof v !== 'string');
    if (bad) return `${at}.config.${bad[0]} must be a string`;
    if (initialState !== undefined && !['RUNNING', 'PAUSED', 'STOPPED'].includes(String(initialState))) {
      return `${at}.initialState must be RUNNING, PAUSED or STOPPED`;
    }
  }
  return undefined;
}
