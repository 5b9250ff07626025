// Racing clients against the real DynamoDB API (dynalite): conditional writes decide, and no update is lost
// silently — each request either took effect or answered Connect's 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectApp } from '../../../shared/rest/index.ts';
import { readmeConfig } from '../../support/connect-rest-contract.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';
import { restClient } from '../../support/rest-client.ts';

const RACERS = 8;
const STALE =
  'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

async function client() {
  const app = createConnectApp({
    store: await dynamo.newConnectorStore(),
    runtime: new InMemoryMappingRuntime(),
    offsets: new InMemoryOffsets(),
  });
  return restClient(app);
}

describe('racing requests on DynamoDB', () => {
  it('lets one of many racing creates win; the others get 409 already exists', async () => {
    const call = await client();
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call('POST', '/connectors', { name: 'orders', config: { ...readmeConfig(`t${i}`) } }),
      ),
    );
    const won = replies.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== 201)) {
      expect(r).toEqual({
        status: 409,
        body: { error_code: 409, message: 'Connector orders already exists' },
      });
    }
    const config = (await call('GET', '/connectors/orders/config')).body;
    const winner = won[0]?.body.config as Record<string, string>;
    expect(config.topics).toBe(winner.topics);
  });

  it('keeps every racing patch that answered 200; the others answered 409', async () => {
    const call = await client();
    await call('POST', '/connectors', { name: 'orders', config: readmeConfig('orders') });
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call('PATCH', '/connectors/orders/config', { [`patch.${i}`]: String(i) }),
      ),
    );
    const config = (await call('GET', '/connectors/orders/config')).body;
    replies.forEach((reply, i) => {
      if (reply.status === 200) expect(config[`patch.${i}`]).toBe(String(i));
      else {
        expect(reply).toEqual({ status: 409, body: { error_code: 409, message: STALE } });
        expect(config[`patch.${i}`]).toBeUndefined();
      }
    });
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThan(0);
  });

  it('ends racing replacements with the config of one that answered 200', async () => {
    const call = await client();
    await call('POST', '/connectors', { name: 'orders', config: readmeConfig('orders') });
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call('PUT', '/connectors/orders/config', readmeConfig(`topic-${i}`)),
      ),
    );
    const accepted = replies
      .filter((r) => r.status === 200)
      .map((r) => (r.body.config as Record<string, string>).topics);
    expect(replies.every((r) => r.status === 200 || r.body.message === STALE)).toBe(true);
    expect(accepted).toContain((await call('GET', '/connectors/orders/config')).body.topics);
  });
});
