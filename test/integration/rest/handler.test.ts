// The deployed façade handler (functions/connect-api/handler.ts) as Lambda runs it: environment read at module
// load, state in DynamoDB (dynalite, reached through AWS_ENDPOINT_URL_DYNAMODB), the Lambda and MSK APIs faked with
// aws-sdk-client-mock, API Gateway REST proxy events from the fixtures, and the scheduled reconcile event.
import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
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
const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/0a1b2c3d-1111-2222-3333-444455556666-1';
const API = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const lambda = mockClient(LambdaClient);
const kafka = mockClient(KafkaClient);
let dynamo: Dynalite;
let table: string;

beforeAll(async () => {
  dynamo = await startDynalite();
  table = await dynamo.newConnectorTable();
});
afterAll(async () => {
  lambda.restore();
  kafka.restore();
  await dynamo.close();
});

beforeEach(() => {
  lambda.reset();
  kafka.reset();
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
    expect(JSON.parse(created.body).tasks).toEqual([]); // Connect answers before assigning tasks
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

  it("reads offsets from the deployment's MSK cluster through IAM, and names the cluster when it has no IAM listener", async () => {
    kafka
      .on(GetBootstrapBrokersCommand)
      .resolves({ BootstrapBrokerStringTls: 'b-1.orders.kafka.example:9094' });
    const handler = await loadHandler({
      MAPPING_DEFAULTS: JSON.stringify({ 'esm.msk.cluster.arn': CLUSTER }),
    });
    const fetch = apiGatewayFetch((event) => handler(event));
    expect((await fetch(postConnector('msk-offsets'))).status).toBe(201);
    expect(lambda.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input.EventSourceArn).toBe(
      CLUSTER,
    );

    const reply = await fetch(new Request(`${API}/connectors/msk-offsets/offsets`));
    expect(reply.status).toBe(500);
    expect(await reply.json()).toEqual({
      error_code: 500,
      message: expect.stringContaining(
        `Consumer group connect-msk-offsets: reading offsets failed: MSK cluster ${CLUSTER}: no IAM access control listener`,
      ),
    });
    expect(kafka).toHaveReceivedCommandWith(GetBootstrapBrokersCommand, { ClusterArn: CLUSTER });
  });

  it('answers that offsets are not available, without asking MSK, when KAFKA_OFFSETS_ENABLED is false', async () => {
    const handler = await loadHandler({
      MAPPING_DEFAULTS: JSON.stringify({ 'esm.msk.cluster.arn': CLUSTER }),
      KAFKA_OFFSETS_ENABLED: 'false',
    });
    const fetch = apiGatewayFetch((event) => handler(event));
    expect((await fetch(postConnector('no-offsets'))).status).toBe(201);
    const reply = await fetch(new Request(`${API}/connectors/no-offsets/offsets`));
    expect(reply.status).toBe(500);
    expect(((await reply.json()) as { message: string }).message).toMatch(/^Offsets are not available/);
    expect(kafka).toHaveReceivedCommandTimes(GetBootstrapBrokersCommand, 0);
  });

  it('refuses to start without its required environment, naming the variable', async () => {
    await expect(loadHandler({ SINK_FUNCTION_ARN: '' })).rejects.toThrow(/SINK_FUNCTION_ARN/);
  });
});

function postConnector(name: string): Request {
  return new Request(`${API}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      config: {
        'connector.class': 'AEPSinkConnector',
        topics: 'orders',
        'aep.endpoint': 'https://dcs.adobedc.net/collection/0123456789abcdef',
      },
    }),
  });
}
