// Issue #3's end-to-end point: a connector config copied from Confluent's and Apache's docs (InsertField$Value +
// RegexRouter + a TopicNameMatches predicate on Filter) runs unchanged through the worker and the sink handler into
// the AEP emulator, over the real broker.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { workerWithAep } from './start-worker.ts';
import { createConnector, produceValues, rest, until } from './support.ts';

const bootstrap = inject('kafkaBootstrap');
const fixture = JSON.parse(
  readFileSync(new URL('../../unit/transforms/fixtures/docs-connector-config.json', import.meta.url), 'utf8'),
) as { connector: { name: string; config: Record<string, string> } };

const hosts = workerWithAep(bootstrap);

describe('a connector config copied from the Connect docs', () => {
  it('inserts the static field, routes soe-Order, filters the foo topic, and commits both', async () => {
    const run = randomUUID();
    const name = `${fixture.connector.name}-${run}`;
    // The docs' own topics: soe-Order (kept, routed to Order) and foo (dropped by Filter when TopicNameMatches foo).
    // They are shared across runs, so this run's records carry its id and a fresh consumer group reads from the start.
    const [orders, foo] = fixture.connector.config.topics?.split(',') ?? [];
    expect([orders, foo]).toEqual(['soe-Order', 'foo']);
    const book = { author: 'Philip K. Dick', character: 'Palmer Eldritch' };
    await produceValues(
      bootstrap,
      'soe-Order',
      [0, 1, 2].map((i) => ({ ...book, run, i })),
    );
    await produceValues(
      bootstrap,
      'foo',
      [0, 1].map((i) => ({ ...book, run, i, dropped: true })),
    );

    await createConnector(hosts.worker.url, name, {
      ...fixture.connector.config,
      'aep.endpoint': hosts.aep.endpoint(run),
    });

    const mine = () => hosts.aep.messages.filter((m) => (m.message as { run?: string }).run === run);
    await until(() => mine().length >= 3, 60_000, 'the three soe-Order records');
    expect(mine().map((m) => m.message)).toEqual(
      [0, 1, 2].map((i) => ({ ...book, run, i, MessageSource: 'Kafka Connect framework' })),
    );

    // The foo records were filtered, not lost or stuck: the group committed past them.
    await until(
      async () => {
        const { body } = await rest(hosts.worker.url, 'GET', `/connectors/${name}/offsets`);
        const topics = (body?.offsets ?? []).map(
          (o: { partition: { kafka_topic: string } }) => o.partition.kafka_topic,
        );
        return topics.includes('foo') && topics.includes('soe-Order');
      },
      30_000,
      'offsets committed on both topics',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mine().some((m) => (m.message as { dropped?: boolean }).dropped)).toBe(false);
  }, 120_000);
});
