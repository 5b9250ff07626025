// The dead letter queue as a Kafka topic (Connect's `DeadLetterQueueReporter`): original key, value, timestamp and
// headers, plus error context headers; the topic is created with one partition when missing.

import { ConfigErrors, ConfigException } from '../config/index.ts';
import {
  type Admin,
  ClientOverridePrefixes,
  type IHeaders,
  Kafka,
  type KafkaConfig,
  logLevel,
  type Message,
  type Producer,
  toClientSettings,
} from '../kafka/index.ts';
import type { KafkaHeader } from '../records/types.ts';
import { DeadLetterDefaults } from './constants.ts';
import { DeadLetterQueueError } from './errors.ts';
import { deadLetterHeaders, type TaskIdentity } from './headers.ts';
import type { DeadLetterEntry, DeadLetterQueue, DeadLetterSendOptions } from './types.ts';

export interface KafkaDeadLetterQueueOptions {
  /** `errors.deadletterqueue.topic.name`. */
  readonly topic: string;
  /** `errors.deadletterqueue.topic.replication.factor`, capped to the number of brokers when the topic is created. */
  readonly replicationFactor: number;
  /** `errors.deadletterqueue.context.headers.enable`. */
  readonly contextHeaders: boolean;
  readonly task: TaskIdentity;
  /**
   * Kafka client settings of the producer and the admin client: Connect's `producer.override.*` keys without the
   * prefix (`bootstrap.servers`, `security.protocol`, `sasl.mechanism`, `sasl.jaas.config`, PEM `ssl.*` stores, …).
   */
  readonly clientProperties?: Readonly<Record<string, string>>;
  /** kafkajs retry settings; defaults to {@link DeadLetterDefaults.RETRY}. */
  readonly retry?: KafkaConfig['retry'];
}

/**
 * Writes failed records to a Kafka topic with an idempotent producer (`acks=all`). The cluster is
 * `producer.override.bootstrap.servers` when set, else the one the records came from (the event's
 * `bootstrapServers`). Producers are kept per cluster across sends (warm invocations); a failed send drops its
 * producer so the next send reconnects. Every send is bounded by its deadline.
 *
 * @throws {ConfigErrors} from the constructor, naming the `producer.override.*` key that cannot be used.
 * @example
 * const dlq = new KafkaDeadLetterQueue({ topic: 'aep-dlq', replicationFactor: 3, contextHeaders: true,
 *   task: { connector: 'aep', task: 0 }, clientProperties: { 'security.protocol': 'SASL_SSL', … } });
 * await dlq.send(entries, { bootstrapServers: event.bootstrapServers, deadline });
 */
export class KafkaDeadLetterQueue implements DeadLetterQueue {
  readonly destination: string;
  readonly #options: KafkaDeadLetterQueueOptions;
  readonly #producers = new Map<string, Promise<Producer>>();

  constructor(options: KafkaDeadLetterQueueOptions) {
    this.#options = options;
    this.destination = `Kafka topic ${options.topic}`;
    // Check the client settings now, so a bad override is a config error and not a failure at the first bad record.
    this.#kafkaConfig(this.#overrideBrokers() ?? 'placeholder:9092');
  }

  async send(entries: readonly DeadLetterEntry[], options: DeadLetterSendOptions): Promise<void> {
    if (entries.length === 0) return;
    const brokers = this.#overrideBrokers() ?? options.bootstrapServers.join(',');
    if (brokers === '') {
      throw new DeadLetterQueueError(
        this.destination,
        `no bootstrap servers: the event has none and ${ClientOverridePrefixes.PRODUCER}bootstrap.servers is not set`,
      );
    }
    const deadline = options.deadline ?? Date.now() + DeadLetterDefaults.SEND_TIMEOUT_MS;
    const messages = entries.map((entry) => this.#message(entry));
    let producer: Promise<Producer> | undefined;
    try {
      producer = this.#producer(brokers);
      const ready = await beforeDeadline(producer, deadline, 'connecting');
      await beforeDeadline(
        ready.send({ topic: this.#options.topic, acks: -1, messages }),
        deadline,
        'sending',
      );
    } catch (e) {
      if (producer && this.#producers.get(brokers) === producer) this.#producers.delete(brokers);
      producer?.then((p) => p.disconnect()).catch(() => {});
      throw new DeadLetterQueueError(this.destination, `${brokers}: ${(e as Error).message}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    const producers = [...this.#producers.values()];
    this.#producers.clear();
    await Promise.all(producers.map((p) => p.then((producer) => producer.disconnect()).catch(() => {})));
  }

  #overrideBrokers(): string | undefined {
    return this.#options.clientProperties?.['bootstrap.servers']?.trim() || undefined;
  }

  #kafkaConfig(brokers: string): KafkaConfig {
    try {
      const { kafka } = toClientSettings(
        { ...this.#options.clientProperties, 'bootstrap.servers': brokers },
        { prefix: ClientOverridePrefixes.PRODUCER },
      );
      return {
        ...kafka,
        clientId:
          kafka.clientId ??
          `connector-dlq-producer-${this.#options.task.connector}-${this.#options.task.task}`,
        connectionTimeout: DeadLetterDefaults.CONNECTION_TIMEOUT_MS,
        requestTimeout: DeadLetterDefaults.REQUEST_TIMEOUT_MS,
        retry: this.#options.retry ?? DeadLetterDefaults.RETRY,
        logLevel: logLevel.NOTHING,
      };
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      throw new ConfigErrors([{ key: e.key, message: e.message }]);
    }
  }

  #producer(brokers: string): Promise<Producer> {
    let producer = this.#producers.get(brokers);
    if (!producer) {
      producer = this.#connect(brokers);
      this.#producers.set(brokers, producer);
    }
    return producer;
  }

  async #connect(brokers: string): Promise<Producer> {
    const kafka = new Kafka(this.#kafkaConfig(brokers));
    const admin = kafka.admin();
    try {
      await admin.connect();
      await this.#ensureTopic(admin);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: this.#options.retry ?? DeadLetterDefaults.RETRY,
    });
    await producer.connect();
    return producer;
  }

  // DeadLetterQueueReporter.createAndSetup: create the topic with one partition if it does not exist.
  async #ensureTopic(admin: Admin): Promise<void> {
    const { topic, replicationFactor } = this.#options;
    if ((await admin.listTopics()).includes(topic)) return;
    const { brokers } = await admin.describeCluster();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: DeadLetterDefaults.PARTITIONS,
          replicationFactor: Math.max(1, Math.min(replicationFactor, brokers.length)),
        },
      ],
    });
  }

  #message(entry: DeadLetterEntry): Message {
    const { record } = entry;
    return {
      key: record.key,
      value: record.value,
      ...(record.timestamp >= 0 ? { timestamp: String(record.timestamp) } : {}),
      headers: kafkajsHeaders(deadLetterHeaders(entry, this.#options.task, this.#options.contextHeaders)),
    };
  }
}

// kafkajs takes headers as an object; a repeated name becomes an array (its values keep their order).
function kafkajsHeaders(headers: readonly KafkaHeader[]): IHeaders {
  const out: Record<string, Buffer[]> = {};
  for (const { key, value } of headers) {
    const values = out[key] ?? [];
    values.push(value ?? Buffer.alloc(0));
    out[key] = values;
  }
  const result: IHeaders = {};
  for (const [key, values] of Object.entries(out)) result[key] = values.length === 1 ? values[0] : values;
  return result;
}

async function beforeDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`deadline reached while ${what}`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
