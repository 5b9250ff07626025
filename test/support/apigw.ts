// API Gateway REST API (Lambda proxy integration, payload v1) events for tests: the JSON fixtures in
// test/events/apigw/, and a `fetch` that turns a Request into such an event the way API Gateway does (stage in
// requestContext.path, decoded query values in multiValueQueryStringParameters) and the handler's result back.
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent } from 'aws-lambda';

const FIXTURES = new URL('../events/apigw/', import.meta.url);
const STAGE = 'prod';

/** A fresh copy of a fixture (`name` without `.json`). */
export function loadApiGatewayEvent(name: string): APIGatewayProxyEvent {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as APIGatewayProxyEvent;
}

interface ProxyResult {
  statusCode: number;
  body: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
}

/** A Lambda handler of API Gateway proxy events (the Hono adapter's `handle(app)`, or the deployed handler). */
export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<unknown>;

/** The event API Gateway would send for `request`, built on the recorded fixture. */
export function toApiGatewayEvent(request: Request, body: string | null): APIGatewayProxyEvent {
  const url = new URL(request.url);
  const event = loadApiGatewayEvent('get-connectors-expand');
  const multiHeaders: Record<string, string[]> = { Host: [event.requestContext.domainName ?? url.host] };
  request.headers.forEach((value, key) => {
    multiHeaders[key] = [value];
  });
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) query[key] = [...(query[key] ?? []), value];
  const hasQuery = Object.keys(query).length > 0;
  return {
    ...event,
    path: url.pathname,
    httpMethod: request.method,
    headers: Object.fromEntries(Object.entries(multiHeaders).map(([k, v]) => [k, v.at(-1) ?? ''])),
    multiValueHeaders: multiHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.at(-1) ?? '']))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    requestContext: {
      ...event.requestContext,
      httpMethod: request.method,
      path: `/${STAGE}${url.pathname}`,
      stage: STAGE,
    },
    body,
    isBase64Encoded: false,
  };
}

/** A `fetch` that goes through API Gateway's event format and `handler`. */
export function apiGatewayFetch(handler: ProxyHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const text = request.body === null ? null : await request.text();
    const result = (await handler(toApiGatewayEvent(request, text))) as ProxyResult;
    const headers = new Headers();
    for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k, String(v));
    for (const [k, values] of Object.entries(result.multiValueHeaders ?? {})) {
      for (const v of values) headers.append(k, String(v));
    }
    const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    const empty = [204, 205, 304].includes(result.statusCode);
    return new Response(empty ? null : body, { status: result.statusCode, headers });
  };
}
