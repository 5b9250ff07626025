// The façade's assembly on AWS: its environment (one ConfigDef), the DynamoDB store, the Lambda mapping runtime,
// the Kafka client of the offsets endpoints (given brokers, or the MSK cluster through IAM), the checks only Lambda
// event source mappings need, and the scheduled reconcile event the stack sends.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseAllowedHosts } from '../aep/index.ts';
import { ConfigDef, ConfigErrors, ConfigException } from '../config/index.ts';
import { Kafka, KafkaOffsets, logLevel, MskIamBrokers, mskIamKafkaConfig } from '../kafka/index.ts';
import type { Logger } from '../logging/index.ts';
import { AuthType, MappingKeys, mappingDefaultsFromEnv } from '../mappings/index.ts';
import { LambdaMappingRuntime } from '../mappings/lambda/index.ts';
import { CONNECTOR_TABLE_ENV, DynamoDbConnectorStore } from '../store/index.ts';
import { Herder } from './herder.ts';
import { allowedEndpointsCheck } from './plugins.ts';

/**
 * The façade function's environment variables.
 *
 * @example
 * process.env[ConnectApiEnv.SINK_FUNCTION_ARN];
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
} as const;

/**
 * The `source` of the scheduled event that asks the façade to reconcile (see {@link isReconcileEvent}).
 *
 * @example
 * { source: RECONCILE_EVENT_SOURCE }
 */
export const RECONCILE_EVENT_SOURCE = 'aep-sink.reconcile';

const E = ConnectApiEnv;

/**
 * The cluster whose consumer groups the offsets endpoints read and change: brokers given in the environment
 * (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SSL`), or the deployment's MSK cluster, reached with IAM access control.
 *
 * @example
 * const cluster: OffsetsCluster = { type: 'msk-iam', clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/abc-1' };
 */
export type OffsetsCluster =
  | { readonly type: 'brokers'; readonly brokers: readonly string[]; readonly ssl: boolean }
  | { readonly type: 'msk-iam'; readonly clusterArn: string };

/**
 * The façade's settings, parsed from its environment.
 *
 * @example
 * const settings = connectApiSettings(process.env);
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
}

/**
 * The environment variables as config keys (type, default, documentation).
 *
 * @example
 * connectApiConfigDef().keys().map((k) => k.name); // ['CONNECTOR_TABLE', 'SINK_FUNCTION_ARN', …]
 */
export function connectApiConfigDef(): ConfigDef {
  const optional = { defaultValue: null, importance: 'MEDIUM' } as const;
  return new ConfigDef()
    .define({
      name: E.CONNECTOR_TABLE,
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'DynamoDB table of connector state.',
    })
    .define({
      name: E.SINK_FUNCTION_ARN,
      type: 'STRING',
      importance: 'HIGH',
      documentation:
        'ARN of the sink function the event source mappings invoke (through per-connector aliases).',
    })
    .define({
      name: E.SINK_FUNCTION_VERSION,
      type: 'STRING',
      ...optional,
      documentation: 'Version the aliases point to; $LATEST when unset.',
    })
    .define({
      name: E.MAPPING_DEFAULTS,
      type: 'STRING',
      ...optional,
      documentation: 'JSON object of esm.* defaults.',
    })
    .define({
      name: E.KAFKA_BOOTSTRAP_SERVERS,
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        "Brokers for GET/PATCH/DELETE /connectors/{c}/offsets (consumer group offsets). Unset: the MSK cluster of MAPPING_DEFAULTS' esm.msk.cluster.arn, reached with IAM, when its esm.auth.type is NONE.",
    })
    .define({
      name: E.KAFKA_SSL,
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'TLS to those brokers.',
    })
    .define({
      name: E.KAFKA_OFFSETS_ENABLED,
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation:
        'false: the offsets endpoints answer 500 and a topic whose consumer group changes starts without the old offsets, for a function that cannot reach the brokers (MSK without a VPC).',
    })
    .define({
      name: E.KAFKA_CLUSTER_ID,
      type: 'STRING',
      ...optional,
      documentation: 'kafka_cluster_id shown by GET /.',
    });
}

/**
 * Reads the façade's settings from its environment.
 *
 * @throws {ConfigErrors} naming every missing or invalid variable.
 * @example
 * const settings = connectApiSettings(process.env);
 */
export function connectApiSettings(env: Readonly<Record<string, string | undefined>>): ConnectApiSettings {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const v = connectApiConfigDef().parse(defined);
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
    table: v[E.CONNECTOR_TABLE] as string,
    sinkFunctionArn: v[E.SINK_FUNCTION_ARN] as string,
    sinkFunctionVersion: (v[E.SINK_FUNCTION_VERSION] as string | null) ?? undefined,
    mappingDefaults,
    aepAllowedHosts,
    offsetsCluster: v[E.KAFKA_OFFSETS_ENABLED]
      ? offsetsCluster(v[E.KAFKA_BOOTSTRAP_SERVERS] as string[], v[E.KAFKA_SSL] as boolean, mappingDefaults)
      : undefined,
    kafkaClusterId: (v[E.KAFKA_CLUSTER_ID] as string | null) ?? undefined,
  };
}

/**
 * The herder on AWS: connectors in DynamoDB, consumed by Lambda event source mappings, validated with the checks
 * only Lambda needs (literal topics, an event source, ESM group ids, provisioned-only controls) and the AEP host
 * allowlist.
 *
 * @example
 * const herder = awsHerder(connectApiSettings(process.env), { dynamodb: new DynamoDBClient({}), lambda: new LambdaClient({}), kafka: new KafkaClient({}) }, logger);
 */
export function awsHerder(
  settings: ConnectApiSettings,
  clients: { readonly dynamodb: DynamoDBClient; readonly lambda: LambdaClient; readonly kafka: KafkaClient },
  logger: Logger,
): Herder {
  const defaults = settings.mappingDefaults;
  const offsets = offsetsAdapter(settings.offsetsCluster, clients.kafka);
  return new Herder({
    store: new DynamoDbConnectorStore({ client: clients.dynamodb, tableName: settings.table }),
    runtime: new LambdaMappingRuntime({
      client: clients.lambda,
      functionArn: settings.sinkFunctionArn,
      functionVersion: settings.sinkFunctionVersion,
      defaults,
      // A topic whose ESM group changes (one topic ↔ several) keeps its committed offsets.
      offsets,
    }),
    offsets,
    mapping: { lambda: true, defaults },
    checks: [allowedEndpointsCheck(settings.aepAllowedHosts)],
    logger,
  });
}

/**
 * The offsets adapter of a cluster: kafkajs admin over the given brokers, or over an MSK cluster's SASL/IAM brokers
 * (resolved when offsets are first needed, then kept for the container's lifetime); none without a cluster.
 *
 * @example
 * const offsets = offsetsAdapter({ type: 'msk-iam', clusterArn }, new KafkaClient({}));
 * await offsets?.get('connect-orders');
 */
export function offsetsAdapter(
  cluster: OffsetsCluster | undefined,
  client: KafkaClient,
): KafkaOffsets | undefined {
  if (cluster === undefined) return undefined;
  if (cluster.type === 'brokers') {
    return new KafkaOffsets(
      new Kafka({ brokers: [...cluster.brokers], ssl: cluster.ssl, logLevel: logLevel.NOTHING }),
    );
  }
  const brokers = new MskIamBrokers(client, cluster.clusterArn);
  return new KafkaOffsets(async () => new Kafka(mskIamKafkaConfig(cluster.clusterArn, await brokers.get())));
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
 *
 * @example
 * if (isReconcileEvent(event)) return herder.reconcileAll();
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
