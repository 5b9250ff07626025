// Reading a topic of the real test broker back, for assertions on what the sink wrote.
import { randomUUID } from 'node:crypto';
import { type IHeaders, Kafka, logLevel, type Message } from '../../shared/kafka/index.ts';

/** One record as read back: bytes, timestamp and headers (each header's values in order). */
export interface ReadRecord {
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, Buffer[]>>;
}

/**
 * Reads `count` records of `topic` from the beginning with a fresh consumer group, waiting at most `timeoutMs`;
 * fails with what it got when they do not all arrive.
 *
 * @example
 * const records = await readTopic(inject('kafkaBootstrap'), 'dlq-…', 2);
 */
export async function readTopic(
  bootstrap: string,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${records.length} of ${count} records of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          records.push({
            partition,
            key: message.key,
            value: message.value,
            timestamp: Number(message.timestamp),
            headers: headersOf(message.headers),
          });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function headersOf(headers: IHeaders | undefined): Record<string, Buffer[]> {
  const out: Record<string, Buffer[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    out[key] = values.filter((v) => v !== undefined).map((v) => Buffer.from(v));
  }
  return out;
}

/**
 * Creates `topic` with `partitions` partitions (when missing) and sends each batch of `batches` in turn, each as one
 * produce request.
 */
export async function produceBatches(
  bootstrap: string,
  topic: string,
  partitions: number,
  batches: Iterable<Message[]>,
): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    for (const messages of batches) await producer.send({ topic, messages });
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}
