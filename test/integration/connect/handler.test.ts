// The deployed façade handler (functions/connect-api/handler.ts) as Lambda runs it: environment read at module
// load, state in DynamoDB (dynalite, reached through AWS_ENDPOINT_URL_DYNAMODB), the Lambda API faked with
// aws-sdk-client-mock, API Gateway REST proxy events from the fixtures, and the scheduled reconcile event.
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGatewayFetch, loadApiGatewayEvent } from '../../support/apigw.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { lambdaContext } from '../../support/lambda-context.ts';

const SINK = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const lambda = mockClient(LambdaClient);
let dynamo: Dynalite;
let table: string;

beforeAll(async () => {
  dynamo = await startDynalite();
  table = await dynamo.newConnectorTable();
});
afterAll(async () => {
  lambda.restore();
  await dynamo.close();
});

beforeEach(() => {
  lambda.reset();
  lambda
    .on(GetAliasCommand)
    .rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
  lambda
    .on(CreateAliasCommand)
    .callsFake((input) => ({ AliasArn: `${SINK}:${input.Name}`, Name: input.Name }));
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  lambda.on(CreateEventSourceMappingCommand).callsFake((input) => ({
    UUID: `uuid-${input.Topics?.[0]}`,
    State: 'Enabled',
    Topics: input.Topics,
    FunctionArn: input.FunctionName,
  }));
  lambda
    .on(GetEventSourceMappingCommand)
    .rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
});

async function loadHandler(env: Record<string, string>) {
  for (const [k, v] of Object.entries({
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    SINK_FUNCTION_ARN: SINK,
    CONNECTOR_TABLE: table,
    KAFKA_CLUSTER_ID: 'lkc-test',
    MAPPING_DEFAULTS: JSON.stringify({ 'esm.bootstrap.servers': 'b-1.kafka.example.com:9096' }),
    ...env,
  })) {
    vi.stubEnv(k, v);
  }
  vi.resetModules();
  const { handler } = await import('../../../functions/connect-api/handler.ts');
  return (event: unknown) => handler(event as never, lambdaContext());
}

describe('functions/connect-api/handler', () => {
  it('serves the REST API from API Gateway events, with its environment', async () => {
    const handler = await loadHandler({});
    const fetch = apiGatewayFetch((event) => handler(event));
    const root = await fetch(new Request('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/'));
    expect(await root.json()).toMatchObject({ kafka_cluster_id: 'lkc-test' });

    const created = (await handler(loadApiGatewayEvent('post-connector'))) as {
      statusCode: number;
      body: string;
    };
    expect(created.statusCode, created.body).toBe(201);
    expect(JSON.parse(created.body).tasks).toEqual([{ connector: 'aep-sink-connector', task: 0 }]);
    expect(lambda.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input).toMatchObject({
      Topics: ['connect-test'],
      FunctionName: expect.stringMatching(
        /^arn:aws:lambda:eu-west-1:123456789012:function:aep-sink:aep-sink-connector-/,
      ),
    });

    const listed = (await handler(loadApiGatewayEvent('get-connectors-expand'))) as { body: string };
    expect(Object.keys(JSON.parse(listed.body)['aep-sink-connector'])).toEqual(['status', 'info']);
  });

  it("validates with Lambda's limits and the AEP host allowlist of the deployment", async () => {
    const handler = await loadHandler({ AEP_ALLOWED_HOSTS: 'dcs.adobedc.net' });
    const fetch = apiGatewayFetch((event) => handler(event));
    const reply = await fetch(
      new Request(
        'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/connector-plugins/AEPSink/config/validate',
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            'connector.class': 'AEPSink',
            name: 'regex',
            'topics.regex': 'orders-.*',
            'aep.endpoint': 'https://collector.example.com/collection/abc',
          }),
        },
      ),
    );
    const infos = (await reply.json()) as { configs: { value: { name: string; errors: string[] } | null }[] };
    const errors = Object.fromEntries(
      infos.configs.filter((c) => c.value?.errors.length).map((c) => [c.value?.name, c.value?.errors]),
    );
    expect(errors['topics.regex']?.join()).toContain('topics.regex is not supported on AWS');
    expect(errors['aep.endpoint']?.join()).toContain(
      "host collector.example.com is not in the deployment's allowed hosts",
    );
  });

  it('answers the scheduled reconcile event with the report', async () => {
    const handler = await loadHandler({});
    expect(await handler({ source: 'aep-sink.reconcile' })).toEqual({ reconciled: [], failed: [] });
  });

  it('refuses to start without its required environment, naming the variable', async () => {
    await expect(loadHandler({ SINK_FUNCTION_ARN: '' })).rejects.toThrow(/SINK_FUNCTION_ARN/);
  });
});
