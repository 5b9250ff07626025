// KafkaOffsets against the real broker (scripts/kafka.sh): each test has its own topic and consumer group.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Admin,
  ConsumerGroupNotEmptyError,
  Kafka,
  KafkaOffsets,
  logLevel,
  UnknownTopicPartitionError,
} from '../../../shared/kafka/index.ts';
import { toRestError } from '../../../shared/rest/index.ts';

const kafka = new Kafka({
  clientId: 'offsets-test',
  brokers: [inject('kafkaBootstrap')],
  logLevel: logLevel.NOTHING,
});
const offsets = new KafkaOffsets(kafka);
let admin: Admin;
const topics: string[] = [];

async function newTopic(partitions = 3): Promise<string> {
  const topic = `offsets-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  topics.push(topic);
  return topic;
}
const newGroup = () => `connect-offsets-${randomUUID()}`;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
});

describe('KafkaOffsets', () => {
  it('reads nothing for a group that never committed', async () => {
    expect(await offsets.get(newGroup())).toEqual([]);
  });

  it('alters offsets and reads back the next offsets to consume, in topic-partition order', async () => {
    const [a, b] = [await newTopic(), await newTopic(1)];
    const group = newGroup();
    await offsets.alter(group, [
      { topic: a, partition: 2, offset: 7 },
      { topic: a, partition: 0, offset: 5 },
      { topic: b, partition: 0, offset: 1 },
    ]);
    expect(await offsets.get(group)).toEqual(
      [
        { topic: a, partition: 0, offset: 5 },
        { topic: a, partition: 2, offset: 7 },
        { topic: b, partition: 0, offset: 1 },
      ].sort((x, y) => x.topic.localeCompare(y.topic) || x.partition - y.partition),
    );
  });

  it('resets single partitions with null and keeps the others', async () => {
    const topic = await newTopic();
    const group = newGroup();
    await offsets.alter(group, [
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 4 },
      { topic, partition: 2, offset: 5 },
    ]);
    await offsets.alter(group, [
      { topic, partition: 1, offset: null },
      { topic, partition: 2, offset: 9 },
    ]);
    expect(await offsets.get(group)).toEqual([
      { topic, partition: 0, offset: 3 },
      { topic, partition: 2, offset: 9 },
    ]);
  });

  it('resets the whole group, twice without error', async () => {
    const topic = await newTopic(1);
    const group = newGroup();
    await offsets.alter(group, [{ topic, partition: 0, offset: 2 }]);
    await offsets.reset(group);
    expect(await offsets.get(group)).toEqual([]);
    await offsets.reset(group);
  });

  it('refuses to change offsets while a consumer is in the group', async () => {
    const topic = await newTopic(1);
    const group = newGroup();
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic });
    let joined!: () => void;
    const hasJoined = new Promise<void>((resolve) => {
      joined = resolve;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({ eachMessage: async () => {} });
    try {
      await hasJoined;
      const alter = await offsets.alter(group, [{ topic, partition: 0, offset: 1 }]).catch((e: unknown) => e);
      expect(alter).toBeInstanceOf(ConsumerGroupNotEmptyError);
      expect((alter as ConsumerGroupNotEmptyError).retriable).toBe(true);
      await expect(offsets.reset(group)).rejects.toBeInstanceOf(ConsumerGroupNotEmptyError);
    } finally {
      await consumer.disconnect();
    }
  });

  it('refuses a partition or topic the cluster does not have before committing anything (400, not a retried 500)', async () => {
    const topic = await newTopic(2);
    const group = newGroup();
    const unknownPartition = offsets.alter(group, [
      { topic, partition: 0, offset: 1 },
      { topic, partition: 7, offset: 1 },
    ]);
    await expect(unknownPartition).rejects.toThrow(UnknownTopicPartitionError);
    await expect(unknownPartition).rejects.toThrow(`topic ${topic} has no partition 7 (it has 2)`);
    const missing = `offsets-missing-${randomUUID()}`;
    const unknownTopic = offsets.alter(group, [{ topic: missing, partition: 0, offset: 1 }]);
    await expect(unknownTopic).rejects.toThrow(`topic ${missing} does not exist`);
    expect(toRestError(await unknownTopic.catch((e) => e))?.statusCode).toBe(400);
    expect(await offsets.get(group)).toEqual([]);
  });
});
