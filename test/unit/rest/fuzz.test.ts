// Untrusted input at the REST edge: whatever body a client sends to an endpoint that reads one, the answer is a
// success or a 4xx in Connect's error shape — never a 500 (fast-check, bounded runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnectApp } from '../../../shared/rest/index.ts';
import { BODY_ENDPOINTS, readmeConfig } from '../../support/connect-rest-contract.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';

const RUNS = 150;

async function newApp() {
  const app = createConnectApp({
    store: new InMemoryConnectorStore(),
    runtime: new InMemoryMappingRuntime(),
    offsets: new InMemoryOffsets(),
  });
  const send = (method: string, path: string, body: string, contentType = 'application/json') =>
    app.fetch(
      new Request(`http://connect.test${path}`, { method, body, headers: { 'content-type': contentType } }),
    );
  // One running and one stopped connector, so bodies reach the deeper checks.
  await send('POST', '/connectors', JSON.stringify({ name: 'running', config: readmeConfig('orders') }));
  await send(
    'POST',
    '/connectors',
    JSON.stringify({ name: 'stopped', config: readmeConfig('orders'), initial_state: 'STOPPED' }),
  );
  return send;
}

/** JSON shaped like what each endpoint expects, with random keys and values mixed in. */
const configish = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'connector.class',
      'name',
      'topics',
      'tasks.max',
      'aep.endpoint',
      'transforms',
      'esm.batch.size',
    ),
    fc.string(),
  ),
  fc.oneof(
    fc.string(),
    fc.constantFrom('AEPSink', 'orders', '1', 'https://dcs.adobedc.net/collection/x'),
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.jsonValue(),
  ),
);
const bodies = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  configish.map((c) => JSON.stringify(c)),
  fc
    .record(
      {
        name: fc.oneof(fc.string(), fc.jsonValue()),
        config: configish,
        initial_state: fc.oneof(fc.string(), fc.constantFrom('RUNNING', 'paused')),
      },
      { requiredKeys: [] },
    )
    .map((b) => JSON.stringify(b)),
  fc
    .record({
      offsets: fc.array(
        fc.record(
          {
            partition: fc.jsonValue(),
            offset: fc.oneof(fc.constant(null), fc.record({ kafka_offset: fc.jsonValue() })),
          },
          { requiredKeys: [] },
        ),
      ),
    })
    .map((b) => JSON.stringify(b)),
);

describe('REST bodies (fuzzed)', () => {
  it('never answer 500, and every error has Connect’s shape', async () => {
    const send = await newApp();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ENDPOINTS), bodies, async ([method, path], body) => {
        const response = await send(method, path, body);
        const text = await response.text();
        expect(response.status, `${method} ${path} ${body} → ${text}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(JSON.parse(text)).toEqual({ error_code: response.status, message: expect.any(String) });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any media type other than JSON with 415', async () => {
    const send = await newApp();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BODY_ENDPOINTS),
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data',
        ),
        async ([method, path], type) => {
          const response = await send(method, path, '{}', type);
          expect(response.status).toBe(415);
          expect(await response.json()).toEqual({
            error_code: 415,
            message: 'HTTP 415 Unsupported Media Type',
          });
        },
      ),
      { numRuns: 30 },
    );
  });
});
