// What an operator sees on AWS of a connector whose batches fail: the deployed sink function (functions/sink) and the
// deployed REST façade (functions/connect-api) share one connector table (dynalite); the sink is invoked through the
// connector's alias with ESM-shaped batches, delivering to the AEP emulator; the Lambda API is faked with
// aws-sdk-client-mock, keeping the event source mappings the façade creates.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AepEmulator, startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { connectorAliasArn } from '../../../shared/identity/index.ts';
import { apiGatewayFetch, type ProxyHandler } from '../../support/apigw.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { fakeLambdaApi } from '../../support/lambda-api.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { kafkaEvent } from '../../support/records.ts';

const SINK = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const API = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const lambda = mockClient(LambdaClient);
let dynamo: Dynalite;
let table: string;
let aep: AepEmulator;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  lambda.restore();
  await dynamo.close();
});
beforeEach(async () => {
  table = await dynamo.newConnectorTable();
  aep = await startAepEmulator();
  fakeLambdaApi(lambda, SINK);
});
afterEach(async () => {
  await aep.close();
});

/** Loads a deployed function's handler with the deployment's environment, as a fresh container would. */
async function load<T>(module: string, env: Record<string, string>): Promise<T> {
  const all = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    SINK_FUNCTION_ARN: SINK,
    CONNECTOR_TABLE: table,
    KAFKA_CLUSTER_ID: 'lkc-test',
    MAPPING_DEFAULTS: JSON.stringify({ 'esm.bootstrap.servers': 'b-1.kafka.example.com:9096' }),
    ...env,
  };
  for (const [k, v] of Object.entries(all)) vi.stubEnv(k, v);
  vi.resetModules();
  return ((await import(module)) as { handler: T }).handler;
}

/**
 * The REST API and the sink function, each deployed with its own `AEP_ALLOWED_HOSTS` (the stack's
 * `aepAllowedHosts` when each was last deployed), and a connector of topic `orders` created through the API.
 */
async function deployment(config: Record<string, string>, allowed = { api: '127.0.0.1', sink: '127.0.0.1' }) {
  const facade = await load<(event: unknown, context: unknown) => Promise<unknown>>(
    '../../../functions/connect-api/handler.ts',
    { AEP_ALLOWED_HOSTS: allowed.api },
  );
  const api: ProxyHandler = (event) => facade(event, lambdaContext());
  const fetch = apiGatewayFetch(api);
  const sink = await load<(event: unknown, context: unknown) => Promise<unknown>>(
    '../../../functions/sink/handler.ts',
    { AEP_ALLOWED_HOSTS: allowed.sink },
  );
  const name = 'orders-sink';
  const created = await fetch(
    new Request(`${API}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        config: { 'connector.class': 'AEPSinkConnector', topics: 'orders', ...config },
      }),
    }),
  );
  expect(created.status, await created.clone().text()).toBe(201);
  return {
    /** The connector's event source mapping delivering a batch of partitions 0 and 1 from offset 10. */
    invoke: () =>
      sink(
        kafkaEvent({ topic: 'orders', count: 4, partitions: 2, firstOffset: 10 }),
        lambdaContext({ invokedFunctionArn: connectorAliasArn(SINK, name) }),
      ).catch((e: unknown) => e),
    status: async () => {
      const reply = await fetch(new Request(`${API}/connectors/${name}/status`));
      expect(reply.status).toBe(200);
      return ((await reply.json()) as { tasks: { id: number; state: string; trace?: string }[] }).tasks;
    },
    restartTask: () => fetch(new Request(`${API}/connectors/${name}/tasks/0/restart`, { method: 'POST' })),
  };
}

/** Task 0 as the status shows it when nothing fails. */
const healthy = { id: 0, state: 'RUNNING', version: expect.any(String), worker_id: expect.any(String) };

describe('the status of a connector on AWS whose batches fail', () => {
  it('fails the task when the sink’s allowlist refuses the endpoint, naming aepAllowedHosts / AEP_ALLOWED_HOSTS; a task restart clears it', async () => {
    // The connector was created while the stack allowed its host; the stack has since been deployed without it.
    const { invoke, status, restartTask } = await deployment(
      { 'aep.endpoint': 'https://collector.example.com/collection/abc' },
      { api: '127.0.0.1,collector.example.com', sink: '127.0.0.1' },
    );
    expect(await status()).toEqual([healthy]);

    expect(await invoke()).toBeInstanceOf(Error);

    const [task] = await status();
    expect(task?.state).toBe('FAILED');
    const trace = task?.trace ?? '';
    expect(trace).toMatch(
      /^Task orders-sink-0 failed at record orders-0@10 \(stage TASK_START\) since \d{4}-\S+Z: /,
    );
    expect(trace).toContain(
      "aep.endpoint: host collector.example.com is not in the deployment's allowed hosts (aep.allowed.hosts: 127.0.0.1)",
    );
    expect(trace).toContain(
      "\nTo recover: the deployment's allowlist refuses the endpoint: add its host to the stack's aepAllowedHosts context (the sink function's AEP_ALLOWED_HOSTS) and deploy",
    );
    expect(task?.trace).toMatch(/Failing partitions: orders-0@10 since .*, orders-1@10 since /);

    expect((await restartTask()).status).toBe(204);
    expect(await status()).toEqual([healthy]);
  });

  it('keeps a task whose AEP answers 503 RUNNING with a trace of what it retries since when, until a batch is delivered', async () => {
    aep.enqueue(...Array.from({ length: 20 }, () => ({ status: 503 })));
    const { invoke, status } = await deployment({
      'aep.endpoint': aep.endpoint('inlet-1'),
      'aep.connection.maxRetries': '1',
      'aep.connection.retryBackoff': '10',
    });

    expect(await invoke()).toMatchObject({
      batchItemFailures: [
        { itemIdentifier: { partition: 'orders-0', offset: 10 } },
        { itemIdentifier: { partition: 'orders-1', offset: 10 } },
      ],
    });

    const [task] = await status();
    expect(task?.state).toBe('RUNNING');
    expect(task?.trace).toMatch(
      /^Task orders-sink-0 is retrying since \d{4}-[^:]+:\d\d:[\d.]+Z: record orders-0@10 \(stage TASK_PUT\) could not be delivered: .*503/,
    );
    expect(task?.trace).toMatch(
      /Failing partitions: orders-0@10 since .* \(retrying; .*orders-1@10 since .* \(retrying;/,
    );

    // AEP is back (its queued 503s are gone), and the event source mapping retries the batch.
    aep.reset();
    expect(await invoke()).toBeUndefined();
    expect(aep.messages).toHaveLength(4);
    expect(await status()).toEqual([healthy]);
  });
});
