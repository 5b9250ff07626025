// The Connect REST contract against the real local worker (`startWorker`): the REST app, the embedded store and the
// kafkajs mapping runtime over the real broker, where tasks join their consumer group asynchronously and run
// `tasks.max` consumers. The in-memory hosts run the same suite in test/integration/rest/rest-contract.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type AepEmulator, startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { parseType } from '../../../shared/config/index.ts';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import { runConnectRestContract } from '../../support/connect-rest-contract.ts';
import { testWorker } from './start-worker.ts';

const bootstrap = inject('kafkaBootstrap');

/** A fresh one-partition topic on the broker, so the offsets endpoints have a partition 0 to alter. */
async function newTopic(): Promise<string> {
  const topic = `rest-contract-${randomUUID()}`;
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

let aep: AepEmulator;
beforeAll(async () => {
  aep = await startAepEmulator();
});
afterAll(async () => {
  await aep?.close();
});

async function produce(topic: string): Promise<void> {
  const producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: JSON.stringify({ id: 1 }) }] });
  } finally {
    await producer.disconnect();
  }
}

describe('through the local worker over the real broker', () => {
  runConnectRestContract({
    newHost: async () => {
      const worker = await testWorker(bootstrap);
      return {
        fetch: (path, init) => fetch(`${worker.url}${path}`, init),
        close: () => worker.close(),
      };
    },
    topic: newTopic,
    get endpoint() {
      return aep.endpoint('rest-contract');
    },
    produce,
    // One kafkajs consumer per task: tasks.max of them, each RUNNING once it has joined the group.
    expectedTasks: (config) => parseType('tasks.max', config['tasks.max'] ?? '1', 'INT') as number,
    settle: { attempts: 150, delayMs: 100 },
  });
});
