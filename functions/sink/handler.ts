// The sink function: batches from Kafka event source mappings (MSK or self-managed) delivered to AEP. Everything is
// built once per container; the logic lives in shared/sink. The connector config comes from CONNECTOR_CONFIG /
// CONNECTOR_CONFIG_FILE when set, else from the connector store (CONNECTOR_TABLE) by the invoked alias; with the
// store, the partitions a connector cannot get past are recorded on its item for the REST API's status.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { createAepSender, parseAllowedHosts } from '../../shared/aep/index.ts';
import { defaultConfigProviders } from '../../shared/config-providers/index.ts';
import { mappingDefaultsFromEnv } from '../../shared/mappings/index.ts';
import {
  createSinkHandler,
  PartitionFailureRecorder,
  powertoolsSinkMetrics,
  SinkEnv,
  StaticConfigSource,
  StoreConfigSource,
} from '../../shared/sink/index.ts';
import { CONNECTOR_TABLE_ENV, DynamoDbConnectorStore } from '../../shared/store/index.ts';
import { buildTransformationChain } from '../../shared/transforms/index.ts';

const env = process.env;
const logger = new Logger();
const metrics = new Metrics();
const providers = defaultConfigProviders();
const table = env[CONNECTOR_TABLE_ENV];
const fromEnvironment = Boolean(
  env[SinkEnv.CONNECTOR_CONFIG] || env[SinkEnv.CONNECTOR_CONFIG_FILE] || !table,
);

const allowedHosts = parseAllowedHosts(env[SinkEnv.AEP_ALLOWED_HOSTS]);
const store = fromEnvironment
  ? undefined
  : new DynamoDbConnectorStore({ client: new DynamoDBClient({}), tableName: table ?? '' });

const sink = createSinkHandler({
  configSource: store ? new StoreConfigSource({ store, providers }) : new StaticConfigSource({ providers }),
  // The partitions a connector cannot get past, on its item, for the REST API's status (the mapping retries them).
  ...(store && { failureRecorder: new PartitionFailureRecorder({ store, logger }) }),
  createSender: (config) => createAepSender(config, { allowedHosts, logger, metrics }),
  createTransforms: buildTransformationChain,
  logger,
  metrics: powertoolsSinkMetrics(metrics),
  mappingDefaults: mappingDefaultsFromEnv(env.MAPPING_DEFAULTS),
  // esm.schema.registry.* makes the event source mapping decode records: the sink reads its JSON form.
  mappingsDecodeSchemas: true,
});

export const handler = middy(sink).use(injectLambdaContext(logger)).use(logMetrics(metrics));
