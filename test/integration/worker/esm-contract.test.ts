// Contract: the local runtime builds exactly the event an AWS event source mapping builds. The records of the
// AWS-documented MSK and self-managed events (test/events) are produced to a real topic, consumed by the local
// runtime, and the event it invokes the sink with must equal the fixture (topic name, offsets and brokers aside).
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import { FAST_RETRY, LocalMappingRuntime } from '../../../shared/mappings/local/index.ts';
import type { EsmRecord, KafkaEvent } from '../../../shared/records/types.ts';
import { type EventFixture, loadEvent } from '../../support/events.ts';
import { quiet, until } from './support.ts';

const bootstrap = inject('kafkaBootstrap');

/** Produces the fixture's records (same partitions, keys, values, headers, timestamps) to a fresh topic. */
async function produceFixture(fixture: KafkaEvent, topic: string): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  const records = Object.values(fixture.records).flat();
  const partitions = Math.max(...records.map((r) => r.partition)) + 1;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await producer.send({
    topic,
    messages: records.map((r) => ({
      partition: r.partition,
      timestamp: String(r.timestamp),
      key: r.key ? Buffer.from(r.key, 'base64') : null,
      value: r.value ? Buffer.from(r.value, 'base64') : null,
      headers: Object.fromEntries(
        (r.headers ?? []).flatMap((h) => Object.entries(h).map(([k, v]) => [k, Buffer.from(v)])),
      ),
    })),
  });
  await Promise.all([admin.disconnect(), producer.disconnect()]);
}

/** The fixture as it reads for our topic: renamed, offsets from 0 per partition, our brokers. */
function expectedFor(fixture: KafkaEvent, topic: string): KafkaEvent {
  const records: Record<string, EsmRecord[]> = {};
  for (const group of Object.values(fixture.records)) {
    for (const [i, r] of group.entries()) {
      const key = `${topic}-${r.partition}`;
      records[key] ??= [];
      records[key].push({ ...r, topic, offset: i });
    }
  }
  return { ...fixture, bootstrapServers: bootstrap, records };
}

describe.each([
  ['msk/basic', { 'esm.msk.cluster.arn': loadEvent<{ eventSourceArn: string }>('msk/basic').eventSourceArn }],
  ['self-managed-kafka/basic', {}],
] as Array<[EventFixture, Record<string, string>]>)(
  'the local event for %s',
  (fixtureName, mappingConfig) => {
    it('equals the AWS-documented event', async () => {
      const fixture = loadEvent<KafkaEvent>(fixtureName);
      const topic = `contract-${randomUUID()}`;
      await produceFixture(fixture, topic);
      const events: KafkaEvent[] = [];
      const runtime = new LocalMappingRuntime({
        invoke: async (event) => {
          events.push(event);
          return undefined;
        },
        consumer: { 'bootstrap.servers': bootstrap },
        workerId: '127.0.0.1:8083',
        retry: FAST_RETRY,
        logger: quiet,
      });
      const name = `contract-${randomUUID()}`;
      await runtime.apply({
        name,
        config: { name, 'connector.class': 'AEPSink', topics: topic, ...mappingConfig },
        targetState: 'STARTED',
        mappings: [],
      });
      try {
        await until(() => events.length > 0, 30_000, 'the first invocation');
        expect(JSON.parse(JSON.stringify(events[0]))).toEqual(expectedFor(fixture, topic));
      } finally {
        await runtime.close();
      }
    }, 60_000);
  },
);
