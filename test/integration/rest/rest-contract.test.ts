// The Connect REST contract through both hosts of the one application: the API Gateway adapter (events in API
// Gateway's REST proxy format) and Node's HTTP server on 127.0.0.1. State lives in DynamoDB (dynalite); consumption
// is the in-memory mapping runtime double.
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe } from 'vitest';
import { createConnectApp, serveConnectApp } from '../../../shared/rest/index.ts';
import { apiGatewayFetch } from '../../support/apigw.ts';
import { runConnectRestContract } from '../../support/connect-rest-contract.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

const newApp = async () =>
  createConnectApp({
    store: await dynamo.newConnectorStore(),
    runtime: new InMemoryMappingRuntime(),
    offsets: new InMemoryOffsets(),
  });

describe('through API Gateway (REST API proxy events)', () => {
  runConnectRestContract({
    newHost: async () => {
      const handler = handle(await newApp());
      const fetch = apiGatewayFetch((event) => handler(event as unknown as LambdaEvent));
      return {
        fetch: (path, init) =>
          fetch(new Request(`https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com${path}`, init)),
        close: async () => {},
      };
    },
  });
});

describe('through Node HTTP on 127.0.0.1', () => {
  runConnectRestContract({
    newHost: async () => {
      const served = await serveConnectApp(await newApp(), { hostname: '127.0.0.1', port: 0 });
      return { fetch: (path, init) => fetch(`${served.url}${path}`, init), close: () => served.close() };
    },
  });
});
