// The REST application behind API Gateway, fed recorded REST API proxy events (payload v1): repeated query
// parameters arrive only in multiValueQueryStringParameters, the stage only in requestContext.path.
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { createConnectApp } from '../../../shared/rest/index.ts';
import { loadApiGatewayEvent } from '../../support/apigw.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';

interface Result {
  statusCode: number;
  body: string;
  multiValueHeaders?: Record<string, string[]>;
}

function lambda() {
  const runtime = new InMemoryMappingRuntime();
  const handler = handle(
    createConnectApp({ store: new InMemoryConnectorStore(), runtime, offsets: new InMemoryOffsets() }),
  );
  const invoke = async (name: string) =>
    (await handler(loadApiGatewayEvent(name) as unknown as LambdaEvent)) as Result;
  return { runtime, invoke };
}

describe('API Gateway REST API events', () => {
  it("creates the Adobe README connector from curl's POST, numbers stored as strings, Location with the stage", async () => {
    const { invoke } = lambda();
    const result = await invoke('post-connector');
    expect(result.statusCode).toBe(201);
    expect(result.multiValueHeaders?.location).toEqual([
      'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/connectors/aep-sink-connector',
    ]);
    const body = JSON.parse(result.body);
    expect(body.config).toMatchObject({
      'tasks.max': '1',
      'aep.flush.interval.seconds': '1',
      name: 'aep-sink-connector',
    });
  });

  it('expands both status and info from the repeated expand parameter', async () => {
    const { invoke } = lambda();
    await invoke('post-connector');
    const event = loadApiGatewayEvent('get-connectors-expand');
    expect(event.queryStringParameters).toEqual({ expand: 'info' });
    const result = await invoke('get-connectors-expand');
    expect(result.statusCode).toBe(200);
    expect(Object.keys(JSON.parse(result.body)['aep-sink-connector'])).toEqual(['status', 'info']);
  });

  it('reads the restart flags from the query string', async () => {
    const { invoke, runtime } = lambda();
    await invoke('post-connector');
    runtime.failTask('aep-sink-connector', 0, 'PROBLEM: SASL authentication failed');
    const result = await invoke('post-restart-flags');
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ id: 0, state: 'RESTARTING', trace: 'PROBLEM: SASL authentication failed' }],
    });
    expect(runtime.restarts.at(-1)?.request).toEqual({ includeTasks: true, onlyFailed: true });
  });
});
