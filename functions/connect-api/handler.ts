// The Kafka Connect REST API on API Gateway (REST API, Lambda proxy integration, payload v1) through Hono's AWS
// Lambda adapter; the same function answers the stack's scheduled reconcile event. Everything is built once per
// container; the logic lives in shared/rest, the adapters are chosen in herder.ts.

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaEvent } from 'hono/aws-lambda';
import {
  connectApiSettings,
  createConnectApp,
  isReconcileEvent,
  LoggerLevels,
  POWERTOOLS_LEVELS,
  type ReconcileReport,
  ROOT_LOGGER,
} from '../../shared/rest/index.ts';
import { awsHerder } from './herder.ts';

const logger = new Logger();
const settings = connectApiSettings(process.env);
const herder = awsHerder(
  settings,
  { dynamodb: new DynamoDBClient({}), lambda: new LambdaClient({}), kafka: new KafkaClient({}) },
  logger,
);
const app = createConnectApp({
  herder,
  logger,
  worker: { kafkaClusterId: settings.kafkaClusterId },
  loggers: new LoggerLevels({
    rootLevel: logger.getLevelName(),
    onChange: (name, level) => {
      if (name === ROOT_LOGGER) logger.setLogLevel(POWERTOOLS_LEVELS[level] ?? 'INFO');
    },
  }),
});
const http = handle(app);

export const handler = middy(
  async (event: LambdaEvent, context: Context): Promise<APIGatewayProxyResult | ReconcileReport> =>
    isReconcileEvent(event) ? herder.reconcileAll() : http(event, context),
).use(injectLambdaContext(logger));
