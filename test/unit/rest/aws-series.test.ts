// A connector created through the deployed REST façade (functions/connect-api) has its sink metric series from
// creation: the façade writes one EMF record, in the sink's namespace and under the sink's service name, with the
// sink's per-connector metrics at 0. State in dynalite, the Lambda API faked with aws-sdk-client-mock, the EMF read
// from the function's standard output as CloudWatch Logs would.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGatewayFetch } from '../../support/apigw.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { fakeLambdaApi } from '../../support/lambda-api.ts';
import { lambdaContext } from '../../support/lambda-context.ts';

const SINK = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const API = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const lambda = mockClient(LambdaClient);
let dynamo: Dynalite;
let stdout: string[];

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  lambda.restore();
  await dynamo.close();
});
beforeEach(() => {
  fakeLambdaApi(lambda, SINK);
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The façade as the stack deploys it (its own service name, the sink's in SINK_SERVICE_NAME), on a fresh table. */
async function facade(): Promise<(request: Request) => Promise<Response>> {
  const env = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'aep-sink-connect-api',
    POWERTOOLS_METRICS_NAMESPACE: 'AepStreamingSink',
    SINK_SERVICE_NAME: 'aep-sink',
    SINK_FUNCTION_ARN: SINK,
    CONNECTOR_TABLE: await dynamo.newConnectorTable(),
    MAPPING_DEFAULTS: JSON.stringify({ 'esm.bootstrap.servers': 'b-1.kafka.example.com:9096' }),
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  const { handler } = await import('../../../functions/connect-api/handler.ts');
  return apiGatewayFetch((event) => handler(event as never, lambdaContext()));
}

/** The EMF records the function wrote (CloudWatch Logs turns each into metrics). */
function emfRecords(): Record<string, unknown>[] {
  return stdout
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const json = (method: string, path: string, body: unknown) =>
  new Request(`${API}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const CONFIG = {
  'connector.class': 'AEPSinkConnector',
  topics: 'orders',
  'aep.endpoint': 'https://dcs.adobedc.net/collection/0a1b2c3d4e5f',
};

/** The sink's per-connector metrics, as it publishes them (name and unit). */
const SERIES = [
  { Name: 'RecordsReceived', Unit: 'Count' },
  { Name: 'RecordsDelivered', Unit: 'Count' },
  { Name: 'RecordsFailed', Unit: 'Count' },
  { Name: 'RecordsDeadLettered', Unit: 'Count' },
  { Name: 'RecordsFiltered', Unit: 'Count' },
  { Name: 'RecordsRetried', Unit: 'Count' },
  { Name: 'InvocationsFailed', Unit: 'Count' },
  { Name: 'InvocationRetries', Unit: 'Count' },
  { Name: 'LastErrorTime', Unit: 'Seconds' },
];

function expectSeriesStarted(record: Record<string, unknown> | undefined, connector: string): void {
  const aws = record?._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
  expect(aws.CloudWatchMetrics).toEqual([
    {
      Namespace: 'AepStreamingSink',
      Dimensions: [['service', 'connector'], ['service']],
      Metrics: expect.arrayContaining(SERIES),
    },
  ]);
  expect(aws.CloudWatchMetrics[0]).toMatchObject({ Metrics: { length: SERIES.length } });
  expect(record).toMatchObject({
    service: 'aep-sink',
    connector,
    ...Object.fromEntries(SERIES.map(({ Name }) => [Name, 0])),
  });
}

describe('a connector created through the façade on AWS', () => {
  it('has its sink series from POST /connectors, under the sink service name; a refused create has none', async () => {
    const fetch = await facade();

    const created = await fetch(json('POST', '/connectors', { name: 'orders', config: CONFIG }));
    expect(created.status, await created.clone().text()).toBe(201);
    expect(emfRecords()).toHaveLength(1);
    expectSeriesStarted(emfRecords()[0], 'orders');

    const taken = await fetch(json('POST', '/connectors', { name: 'orders', config: CONFIG }));
    expect(taken.status).toBe(409);
    const invalid = await fetch(
      json('POST', '/connectors', { name: 'refunds', config: { ...CONFIG, 'tasks.max': 'abc' } }),
    );
    expect(invalid.status).toBe(400);
    expect(emfRecords()).toHaveLength(1);
  });

  it('has its sink series from PUT /connectors/{c}/config that creates it, not from a later update', async () => {
    const fetch = await facade();

    const created = await fetch(json('PUT', '/connectors/clicks/config', { ...CONFIG, topics: 'clicks' }));
    expect(created.status, await created.clone().text()).toBe(201);
    const updated = await fetch(
      json('PUT', '/connectors/clicks/config', { ...CONFIG, topics: 'clicks', 'tasks.max': '2' }),
    );
    expect(updated.status, await updated.clone().text()).toBe(200);

    expect(emfRecords()).toHaveLength(1);
    expectSeriesStarted(emfRecords()[0], 'clicks');
  });
});
