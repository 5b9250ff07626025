// The Kafka dead letter queue against the real broker: each test writes to its own topic.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { DataException } from '../../../shared/converters/index.ts';
import { DeadLetterQueueError, KafkaDeadLetterQueue, Stage } from '../../../shared/dead-letter/index.ts';
import type { DeadLetterEntry } from '../../../shared/dead-letter/types.ts';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import type { KafkaRecord } from '../../../shared/records/types.ts';
import { AepRejectionError } from '../../../shared/sink/index.ts';
import { readTopic } from '../../support/kafka.ts';

const bootstrap = inject('kafkaBootstrap');
const kafka = new Kafka({ clientId: 'dlq-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
const topics: string[] = [];
const queues: KafkaDeadLetterQueue[] = [];

function newQueue(options: Partial<ConstructorParameters<typeof KafkaDeadLetterQueue>[0]> = {}) {
  const topic = `dlq-${randomUUID()}`;
  topics.push(topic);
  const queue = new KafkaDeadLetterQueue({
    topic,
    replicationFactor: 3,
    contextHeaders: true,
    task: { connector: 'aep', task: 0 },
    ...options,
  });
  queues.push(queue);
  return { topic, queue };
}

const record = (offset: number, value: Buffer | null): KafkaRecord => ({
  topic: 'orders',
  partition: 2,
  offset,
  timestamp: 1_700_000_000_000 + offset,
  timestampType: 'CREATE_TIME',
  key: Buffer.from(`k${offset}`),
  value,
  headers: [
    { key: 'trace', value: Buffer.from('a') },
    { key: 'trace', value: Buffer.from('b') },
  ],
});

afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  const admin = kafka.admin();
  await admin.connect();
  const existing = await admin.listTopics();
  await admin.deleteTopics({ topics: topics.filter((t) => existing.includes(t)) });
  await admin.disconnect();
});

describe('KafkaDeadLetterQueue', () => {
  it('creates the topic with one partition and writes original bytes, headers and Connect’s error headers', async () => {
    const { topic, queue } = newQueue();
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    const entries: DeadLetterEntry[] = [
      {
        record: record(41, bytes),
        failure: {
          stage: Stage.VALUE_CONVERTER,
          className: 'org.apache.kafka.connect.json.JsonConverter',
          error: new DataException('not JSON'),
        },
      },
      {
        record: record(42, Buffer.from('{"a":1}')),
        failure: {
          stage: Stage.TASK_PUT,
          className: 'com.adobe.platform.streaming.sink.impl.AEPSinkTask',
          error: new AepRejectionError(400, 'unknown xdm format'),
          aep: { status: 400, message: 'unknown xdm format' },
        },
      },
    ];

    await queue.send(entries, { bootstrapServers: [bootstrap], deadline: Date.now() + 20_000 });

    const metadata = await (async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicMetadata({ topics: [topic] });
      } finally {
        await admin.disconnect();
      }
    })();
    expect(metadata.topics[0]?.partitions).toHaveLength(1);

    const [first, second] = await readTopic(bootstrap, topic, 2);
    expect(first?.value).toEqual(bytes);
    expect(first?.key?.toString()).toBe('k41');
    expect(first?.timestamp).toBe(1_700_000_000_041);
    const text = (h: Readonly<Record<string, Buffer[]>> | undefined, name: string) =>
      h?.[name]?.map((b) => b.toString());
    expect(text(first?.headers, 'trace')).toEqual(['a', 'b']);
    expect(text(first?.headers, '__connect.errors.topic')).toEqual(['orders']);
    expect(text(first?.headers, '__connect.errors.partition')).toEqual(['2']);
    expect(text(first?.headers, '__connect.errors.offset')).toEqual(['41']);
    expect(text(first?.headers, '__connect.errors.connector.name')).toEqual(['aep']);
    expect(text(first?.headers, '__connect.errors.task.id')).toEqual(['0']);
    expect(text(first?.headers, '__connect.errors.stage')).toEqual(['VALUE_CONVERTER']);
    expect(text(first?.headers, '__connect.errors.class.name')).toEqual([
      'org.apache.kafka.connect.json.JsonConverter',
    ]);
    expect(text(first?.headers, '__connect.errors.exception.class.name')).toEqual([
      'org.apache.kafka.connect.errors.DataException',
    ]);
    expect(text(first?.headers, '__connect.errors.exception.message')).toEqual(['not JSON']);
    expect(text(first?.headers, '__connect.errors.exception.stacktrace')?.[0]).toMatch(
      /^DataException: not JSON\n\s+at /,
    );
    expect(first?.headers['__connect.errors.aep.status']).toBeUndefined();

    expect(second?.value?.toString()).toBe('{"a":1}');
    expect(text(second?.headers, '__connect.errors.exception.class.name')).toEqual([
      'com.adobe.platform.streaming.http.HttpException',
    ]);
    expect(text(second?.headers, '__connect.errors.aep.status')).toEqual(['400']);
    expect(text(second?.headers, '__connect.errors.aep.message')).toEqual(['unknown xdm format']);
  });

  it('adds no error headers when context headers are off, and keeps a tombstone a tombstone', async () => {
    const { topic, queue } = newQueue({ contextHeaders: false });

    await queue.send(
      [
        {
          record: record(7, null),
          failure: { stage: Stage.TASK_PUT, className: 'x', error: new Error('null') },
        },
      ],
      { bootstrapServers: [bootstrap] },
    );

    const [read] = await readTopic(bootstrap, topic, 1);
    expect(read?.value).toBeNull();
    expect(Object.keys(read?.headers ?? {})).toEqual(['trace']);
  });

  it('prefers producer.override.bootstrap.servers to the event’s cluster', async () => {
    const { topic, queue } = newQueue({ clientProperties: { 'bootstrap.servers': bootstrap } });

    await queue.send(
      [
        {
          record: record(1, Buffer.from('{}')),
          failure: { stage: Stage.TASK_PUT, className: 'x', error: new Error('e') },
        },
      ],
      { bootstrapServers: ['127.0.0.1:1'] },
    );

    expect(await readTopic(bootstrap, topic, 1)).toHaveLength(1);
  });

  it('fails with a retriable error by its deadline when the cluster cannot be reached', async () => {
    const { queue } = newQueue();
    const started = Date.now();

    const error = await queue
      .send(
        [
          {
            record: record(1, Buffer.from('{}')),
            failure: { stage: Stage.TASK_PUT, className: 'x', error: new Error('e') },
          },
        ],
        { bootstrapServers: ['127.0.0.1:1'], deadline: Date.now() + 1_500 },
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeadLetterQueueError);
    expect(error).toMatchObject({ retriable: true });
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses producer overrides it cannot use, naming the key', () => {
    expect(() => newQueue({ clientProperties: { 'security.protocol': 'KERBEROS' } })).toThrow(ConfigErrors);
    expect(() =>
      newQueue({ clientProperties: { 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN' } }),
    ).toThrow('producer.override.sasl.jaas.config');
  });
});
