// The façade's environment on AWS, declared once: the variables the stack sets (table, sink function, mapping
// defaults, the cluster of the offsets endpoints), the scheduled reconcile event it sends, and Connect's log levels
// as Powertools levels. functions/connect-api/ chooses the adapters from these settings.
import { parseAllowedHosts } from '../aep/index.ts';
import { ConfigErrors, ConfigException, defineConfig } from '../config/index.ts';
import { AuthType, MappingKeys, mappingDefaultsFromEnv } from '../mappings/index.ts';
import { SINK_SERVICE_NAME_ENV } from '../sink/index.ts';
import { CONNECTOR_TABLE_ENV } from '../store/index.ts';

/**
 * The façade function's environment variables.
 */
export const ConnectApiEnv = {
  CONNECTOR_TABLE: CONNECTOR_TABLE_ENV,
  SINK_FUNCTION_ARN: 'SINK_FUNCTION_ARN',
  SINK_FUNCTION_VERSION: 'SINK_FUNCTION_VERSION',
  MAPPING_DEFAULTS: 'MAPPING_DEFAULTS',
  AEP_ALLOWED_HOSTS: 'AEP_ALLOWED_HOSTS',
  KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BOOTSTRAP_SERVERS',
  KAFKA_SSL: 'KAFKA_SSL',
  KAFKA_OFFSETS_ENABLED: 'KAFKA_OFFSETS_ENABLED',
  KAFKA_CLUSTER_ID: 'KAFKA_CLUSTER_ID',
  SINK_SERVICE_NAME: SINK_SERVICE_NAME_ENV,
} as const;

/**
 * The `source` of the scheduled event that asks the façade to reconcile (see {@link isReconcileEvent}).
 */
export const RECONCILE_EVENT_SOURCE = 'aep-sink.reconcile';

const E = ConnectApiEnv;

/**
 * The cluster whose consumer groups the offsets endpoints read and change: brokers given in the environment
 * (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SSL`), or the deployment's MSK cluster, reached with IAM access control.
 */
export type OffsetsCluster =
  | { readonly type: 'brokers'; readonly brokers: readonly string[]; readonly ssl: boolean }
  | { readonly type: 'msk-iam'; readonly clusterArn: string };

/**
 * The façade's settings, parsed from its environment.
 */
export interface ConnectApiSettings {
  readonly table: string;
  readonly sinkFunctionArn: string;
  readonly sinkFunctionVersion?: string;
  readonly mappingDefaults: Readonly<Record<string, string>>;
  /** Hosts `aep.endpoint` may name (the sink's allowlist; Adobe's hosts when unset). */
  readonly aepAllowedHosts: readonly string[];
  /** The cluster whose consumer groups hold the offsets; none: the offsets endpoints answer 500. */
  readonly offsetsCluster?: OffsetsCluster;
  readonly kafkaClusterId?: string;
  /** The sink's `service` metric dimension, under which a created connector's series start; none when unset. */
  readonly sinkServiceName?: string;
}

/** The environment variables as config keys (type, default, documentation). */
export const connectApiDefinition = defineConfig({
  [E.CONNECTOR_TABLE]: {
    type: 'STRING',
    importance: 'HIGH',
    documentation: 'DynamoDB table of connector state.',
  },
  [E.SINK_FUNCTION_ARN]: {
    type: 'STRING',
    importance: 'HIGH',
    documentation:
      'ARN of the sink function the event source mappings invoke (through per-connector aliases).',
  },
  [E.SINK_FUNCTION_VERSION]: {
    type: 'STRING',
    defaultValue: null,
    documentation: 'Version the aliases point to; $LATEST when unset.',
  },
  [E.MAPPING_DEFAULTS]: {
    type: 'STRING',
    defaultValue: null,
    documentation: 'JSON object of esm.* defaults.',
  },
  [E.KAFKA_BOOTSTRAP_SERVERS]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation:
      "Brokers for GET/PATCH/DELETE /connectors/{c}/offsets (consumer group offsets). Unset: the MSK cluster of MAPPING_DEFAULTS' esm.msk.cluster.arn, reached with IAM, when its esm.auth.type is NONE.",
  },
  [E.KAFKA_SSL]: {
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'LOW',
    documentation: 'TLS to those brokers.',
  },
  [E.KAFKA_OFFSETS_ENABLED]: {
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation:
      'false: the offsets endpoints answer 500 and a topic whose consumer group changes starts without the old offsets, for a function that cannot reach the brokers (MSK without a VPC).',
  },
  [E.KAFKA_CLUSTER_ID]: {
    type: 'STRING',
    defaultValue: null,
    documentation: 'kafka_cluster_id shown by GET /.',
  },
  [E.SINK_SERVICE_NAME]: {
    type: 'STRING',
    defaultValue: null,
    documentation:
      "The sink's POWERTOOLS_SERVICE_NAME: a connector created here publishes its per-connector sink metrics at 0 with this service dimension, in POWERTOOLS_METRICS_NAMESPACE. Unset: none.",
  },
});

/**
 * Reads the façade's settings from its environment.
 *
 * @throws {ConfigErrors} naming every missing or invalid variable.
 */
export function connectApiSettings(env: Readonly<Record<string, string | undefined>>): ConnectApiSettings {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const v = connectApiDefinition.parse(defined);
  const read = <T>(key: string, parse: () => T): T => {
    try {
      return parse();
    } catch (e) {
      if (e instanceof ConfigException) throw new ConfigErrors([{ key, message: e.message }]);
      throw new ConfigErrors([
        { key, message: new ConfigException(key, env[key], (e as Error).message).message },
      ]);
    }
  };
  const mappingDefaults = read(E.MAPPING_DEFAULTS, () => mappingDefaultsFromEnv(env[E.MAPPING_DEFAULTS]));
  const aepAllowedHosts = read(E.AEP_ALLOWED_HOSTS, () => parseAllowedHosts(env[E.AEP_ALLOWED_HOSTS]));
  return {
    table: v.get(E.CONNECTOR_TABLE),
    sinkFunctionArn: v.get(E.SINK_FUNCTION_ARN),
    sinkFunctionVersion: v.get(E.SINK_FUNCTION_VERSION) ?? undefined,
    mappingDefaults,
    aepAllowedHosts,
    offsetsCluster: v.get(E.KAFKA_OFFSETS_ENABLED)
      ? offsetsCluster(v.get(E.KAFKA_BOOTSTRAP_SERVERS), v.get(E.KAFKA_SSL), mappingDefaults)
      : undefined,
    kafkaClusterId: v.get(E.KAFKA_CLUSTER_ID) ?? undefined,
    sinkServiceName: v.get(E.SINK_SERVICE_NAME) ?? undefined,
  };
}

/**
 * Where the offsets live: the given brokers, else the default MSK cluster when its mappings use IAM (`esm.auth.type`
 * NONE, Lambda's default for MSK, which the function's role then satisfies too). A cross-account MSK VPC connection
 * ARN has no `GetBootstrapBrokers`, so it gets none.
 */
function offsetsCluster(
  brokers: readonly string[],
  ssl: boolean,
  mappingDefaults: Readonly<Record<string, string>>,
): OffsetsCluster | undefined {
  if (brokers.length > 0) return { type: 'brokers', brokers, ssl };
  const clusterArn = mappingDefaults[MappingKeys.MSK_CLUSTER_ARN];
  const iam = (mappingDefaults[MappingKeys.AUTH_TYPE] ?? AuthType.NONE) === AuthType.NONE;
  return clusterArn?.includes(':cluster/') && iam ? { type: 'msk-iam', clusterArn } : undefined;
}

/**
 * Whether a Lambda event is the stack's scheduled reconcile (`{"source": "aep-sink.reconcile"}`) rather than an
 * API Gateway request.
 */
export function isReconcileEvent(event: unknown): boolean {
  return (event as { source?: unknown } | null)?.source === RECONCILE_EVENT_SOURCE;
}

/**
 * Connect's log4j level names as Powertools Logger levels, for applying `PUT /admin/loggers/root` to the logger.
 *
 * @example
 * logger.setLogLevel(POWERTOOLS_LEVELS.FATAL); // 'CRITICAL'
 */
export const POWERTOOLS_LEVELS: Readonly<
  Record<string, 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT'>
> = {
  OFF: 'SILENT',
  FATAL: 'CRITICAL',
  ERROR: 'ERROR',
  WARN: 'WARN',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  TRACE: 'TRACE',
  ALL: 'TRACE',
};
