// The deployment's configuration keys (cdk.json context, `cdk deploy -c key=value`, or the same names as stack props),
// declared once: the keys that set an `esm.*` default take that key's type, default and validator from the mapping
// definitions, so a context value is checked exactly as the connector key it becomes.
import { parseAllowedHosts } from '../../shared/aep/index.ts';
import {
  defineConfig,
  type KeySpec,
  lambdaValidator,
  Range,
  validString,
} from '../../shared/config/index.ts';
import { MappingKeys, mappingDefaultsFromEnv, mappingDefinition } from '../../shared/mappings/index.ts';
import { ApiAuth, LOG_LEVELS, StackDefaults, StackLimits } from './constants.ts';

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
  GLUE_REGISTRY: /^arn:aws[a-zA-Z-]*:glue:[a-z0-9-]+:\d{12}:registry\/[^/]+$/,
  SNS: /^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:\d{12}:.+$/,
  WAF: /^arn:aws[a-zA-Z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/,
} as const;

type Mapping = typeof mappingDefinition.keys;
type Reused<S> = { readonly [P in Extract<'type' | 'defaultValue' | 'validator', keyof S>]: S[P] };

/** An `esm.*` key's type, default and validator, for the context key that sets it. */
function esmKey<K extends keyof Mapping>(key: K): Reused<Mapping[K]> {
  const { type, defaultValue, validator } = mappingDefinition.keys[key] as KeySpec;
  return { type, defaultValue, validator } as unknown as Reused<Mapping[K]>;
}

/**
 * The context keys (names, types, defaults, validators, documentation), in the `Deployment` group; the source of
 * the table in docs/deploy.md and of the stack props' type.
 */
export const deploymentDefinition = defineConfig(
  {
    stackName: {
      type: 'STRING',
      defaultValue: StackDefaults.STACK_NAME,
      documentation: 'CloudFormation stack name.',
      validator: matching('stack name', /^[A-Za-z][A-Za-z0-9-]{0,127}$/),
    },
    mskClusterArn: {
      type: 'STRING',
      defaultValue: null,
      documentation:
        'MSK cluster the connectors read unless they name their own source (esm.msk.cluster.arn). The sink role gets the permissions its event source mappings need.',
      validator: matching('MSK cluster ARN', ARN.MSK),
    },
    bootstrapServers: {
      ...esmKey(MappingKeys.BOOTSTRAP_SERVERS),
      defaultValue: null,
      documentation: 'Self-managed Kafka bootstrap servers host:port (esm.bootstrap.servers).',
    },
    kafkaAuthType: {
      ...esmKey(MappingKeys.AUTH_TYPE),
      documentation:
        'esm.auth.type of that cluster: NONE (IAM on MSK), SASL_SCRAM_512_AUTH, SASL_SCRAM_256_AUTH, BASIC_AUTH or CLIENT_CERTIFICATE_TLS_AUTH.',
    },
    kafkaAuthSecretArn: {
      ...esmKey(MappingKeys.AUTH_SECRET_ARN),
      documentation:
        'esm.auth.secret.arn: the Kafka credentials secret; the sink may read it, and so may the façade with self-managed Kafka.',
    },
    kafkaRootCaSecretArn: {
      ...esmKey(MappingKeys.SERVER_ROOT_CA_SECRET_ARN),
      documentation: 'esm.server.root.ca.secret.arn (self-managed Kafka with a private CA).',
    },
    vpcId: {
      type: 'STRING',
      defaultValue: null,
      documentation: 'VPC of subnetIds (no lookup: synth needs no AWS access).',
      validator: matching('VPC ID', /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/),
    },
    subnetIds: {
      type: 'LIST',
      defaultValue: null,
      documentation:
        "Private subnets (with a NAT gateway or VPC endpoints) for both functions (with MSK: in the cluster's VPC, for the offsets endpoints) and, for self-managed Kafka, the pollers (esm.vpc.subnets).",
      validator: matching('subnet ID', /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/),
    },
    securityGroupIds: {
      type: 'LIST',
      defaultValue: null,
      documentation:
        'Security groups of both functions (with MSK: allowed into the cluster on port 9098) and of the self-managed pollers (esm.vpc.security.groups).',
      validator: matching('security group ID', /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/),
    },
    aepSecretArn: {
      type: 'STRING',
      defaultValue: null,
      documentation:
        'Complete ARN (with its 6-character suffix) of an existing secret with the AEP/IMS credentials. Unset: the stack creates <stackName>/aep-credentials for you to fill in.',
      validator: matching(
        'complete Secrets Manager secret ARN (ending in -<6 characters>)',
        ARN.COMPLETE_SECRET,
      ),
    },
    secretArns: {
      type: 'LIST',
      defaultValue: '',
      documentation:
        'More secrets the sink may read for the secretsmanager config-provider placeholders of connector configs: complete ARNs, or ARN patterns such as arn:aws:secretsmanager:<region>:<account>:secret:aep-sink/*.',
      validator: matching('Secrets Manager secret ARN', ARN.SECRET),
    },
    glueRegistryArns: {
      type: 'LIST',
      defaultValue: '',
      documentation:
        'AWS Glue schema registries that connectors name in esm.schema.registry.url: their mappings read schemas with the sink role (glue:GetRegistry, glue:GetSchemaVersion on the registry and its schemas).',
      validator: matching('Glue registry ARN', ARN.GLUE_REGISTRY),
    },
    kmsKeyArns: {
      type: 'LIST',
      defaultValue: '',
      documentation: 'Customer managed KMS keys that encrypt those secrets (kms:Decrypt for both functions).',
      validator: matching('KMS key ARN', ARN.KMS),
    },
    aepAllowedHosts: {
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
    },
    logLevel: {
      type: 'STRING',
      defaultValue: StackDefaults.LOG_LEVEL,
      documentation: 'POWERTOOLS_LOG_LEVEL of both functions.',
      validator: validString(...LOG_LEVELS),
    },
    logRetentionDays: {
      type: 'INT',
      defaultValue: StackDefaults.LOG_RETENTION_DAYS,
      documentation: 'Retention of the function logs and the API access logs, in days.',
      validator: validString(...RETENTION_DAYS.map(String)),
    },
    metricsNamespace: {
      type: 'STRING',
      defaultValue: StackDefaults.METRICS_NAMESPACE,
      documentation: 'POWERTOOLS_METRICS_NAMESPACE: where the sink writes its metrics (EMF).',
      validator: matching('CloudWatch namespace', /^[A-Za-z0-9._#/-]{1,255}$/),
    },
    alarmEmail: {
      type: 'STRING',
      defaultValue: null,
      documentation: 'E-mail address subscribed to a new KMS-encrypted SNS topic that every alarm notifies.',
      validator: matching('e-mail address', /^[^@\s]+@[^@\s]+\.[^@\s]+$/),
    },
    alarmTopicArn: {
      type: 'STRING',
      defaultValue: null,
      documentation: 'Existing SNS topic that every alarm notifies (instead of alarmEmail).',
      validator: matching('SNS topic ARN', ARN.SNS),
    },
    offsetLagThreshold: {
      type: 'INT',
      defaultValue: StackDefaults.OFFSET_LAG_THRESHOLD,
      documentation: 'Records behind (OffsetLag) that raise the lag alarm when sustained for 15 minutes.',
      validator: Range.atLeast(1),
    },
    apiAuth: {
      type: 'STRING',
      defaultValue: StackDefaults.API_AUTH,
      documentation:
        'REST API authorization: iam (SigV4), iam-and-api-key (SigV4 plus the x-api-key of the stack usage plan) or api-key.',
      validator: validString(...Object.values(ApiAuth)),
    },
    apiThrottleRateLimit: {
      type: 'INT',
      defaultValue: StackDefaults.API_THROTTLE_RATE_LIMIT,
      documentation: 'Stage throttling: steady requests per second.',
      validator: Range.atLeast(1),
    },
    apiThrottleBurstLimit: {
      type: 'INT',
      defaultValue: StackDefaults.API_THROTTLE_BURST_LIMIT,
      documentation: 'Stage throttling: burst.',
      validator: Range.atLeast(1),
    },
    apiExecutionLogging: {
      type: 'BOOLEAN',
      defaultValue: false,
      documentation:
        "ERROR-level API Gateway execution logs. Needs the account's API Gateway CloudWatch Logs role (set once per account and region).",
    },
    webAclArn: {
      type: 'STRING',
      defaultValue: null,
      documentation: 'Regional AWS WAF web ACL to associate with the API stage.',
      validator: matching('regional WAFv2 web ACL ARN', ARN.WAF),
    },
    tableDeletionProtection: {
      type: 'BOOLEAN',
      defaultValue: true,
      documentation: 'DynamoDB deletion protection on the connector table.',
    },
    retainData: {
      type: 'BOOLEAN',
      defaultValue: true,
      documentation:
        'Keep the connector table, the dead-letter queue, a created AEP secret and the log groups when the stack is deleted.',
    },
    sinkMemoryMiB: {
      type: 'INT',
      defaultValue: StackDefaults.SINK_MEMORY_MIB,
      documentation: 'Sink function memory in MiB (CPU scales with it).',
      validator: Range.between(StackLimits.MIN_MEMORY_MIB, StackLimits.MAX_MEMORY_MIB),
    },
    sinkTimeoutSeconds: {
      type: 'INT',
      defaultValue: StackDefaults.SINK_TIMEOUT_SECONDS,
      documentation: 'Sink function timeout in seconds; Kafka event source mappings allow at most 840.',
      validator: Range.between(1, StackLimits.MAX_SINK_TIMEOUT_SECONDS),
    },
    reconcileIntervalMinutes: {
      type: 'INT',
      defaultValue: StackDefaults.RECONCILE_INTERVAL_MINUTES,
      documentation: 'Minutes between scheduled reconciles of pending connectors; 0 turns the schedule off.',
      validator: Range.between(0, StackLimits.MAX_RECONCILE_INTERVAL_MINUTES),
    },
    mappingDefaults: {
      type: 'STRING',
      defaultValue: null,
      documentation:
        'JSON object of more esm.* deployment defaults, e.g. {"esm.batch.size":"500"}; the keys above take precedence.',
      validator: json('a JSON object of esm.* keys', (parsed) => {
        mappingDefaultsFromEnv(JSON.stringify(parsed));
        return undefined;
      }),
    },
    connectors: {
      type: 'STRING',
      defaultValue: null,
      documentation:
        'JSON array of connectors as code: [{"name":"…","config":{…},"initialState":"RUNNING"}], the body of POST /connectors plus initial_state.',
      validator: json('a JSON array of {name, config, initialState?}', connectorsProblem),
    },
  },
  { group: 'Deployment' },
);

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
