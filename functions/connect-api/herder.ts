// The façade's adapters on AWS, chosen here and nowhere else: connectors in DynamoDB, consumed by Lambda event
// source mappings, offsets read with kafkajs from the given brokers or the MSK cluster through IAM.
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Kafka, KafkaOffsets, logLevel, MskIamBrokers, mskIamKafkaConfig } from '../../shared/kafka/index.ts';
import type { Logger } from '../../shared/logging/index.ts';
import { LambdaMappingRuntime } from '../../shared/mappings/lambda/index.ts';
import {
  allowedEndpointsCheck,
  type ConnectApiSettings,
  Herder,
  type OffsetsCluster,
} from '../../shared/rest/index.ts';
import { powertoolsConnectorSeries } from '../../shared/sink/index.ts';
import { DynamoDbConnectorStore } from '../../shared/store/index.ts';

/**
 * The herder on AWS: connectors in DynamoDB, consumed by Lambda event source mappings, validated with the checks
 * only Lambda needs (literal topics, an event source, ESM group ids, provisioned-only controls) and the AEP host
 * allowlist. A connector created starts its sink metric series (EMF, under the sink's service name).
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
    metrics: settings.sinkServiceName
      ? powertoolsConnectorSeries(new Metrics({ serviceName: settings.sinkServiceName }))
      : undefined,
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
