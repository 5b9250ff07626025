// The local worker's dead letter queues: Kafka only. A connector naming an SQS queue is refused at validation and,
// should one reach a task anyway (stored before the check), fails naming the key without any AWS client being made.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import {
  createSinkTask,
  kafkaDeadLetterQueue,
  kafkaOnlyDeadLetterCheck,
} from '../../../shared/sink/index.ts';
import { ScriptedSender } from '../../support/sink-doubles.ts';

// Counts the SQS clients made: the real class, with its constructor observed.
const made = vi.hoisted(() => ({ sqsClients: 0 }));
vi.mock('@aws-sdk/client-sqs', async (original) => {
  const real = await original<typeof import('@aws-sdk/client-sqs')>();
  class CountedSQSClient extends real.SQSClient {
    constructor(...args: ConstructorParameters<typeof real.SQSClient>) {
      super(...args);
      made.sqsClients++;
    }
  }
  return { ...real, SQSClient: CountedSQSClient };
});

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aep-dlq';
const config = {
  name: 'aep',
  'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
  topics: 't',
  'aep.endpoint': 'https://dcs.adobedc.net/collection/abc',
  'errors.tolerance': 'all',
  'errors.deadletterqueue.sqs.queue.url': QUEUE,
};
const refusal =
  `Invalid value ${QUEUE} for configuration errors.deadletterqueue.sqs.queue.url: the local worker writes dead ` +
  'letters to Kafka only (errors.deadletterqueue.topic.name); an SQS queue is for the Lambda deployment';

describe('dead letter queues of the local worker', () => {
  afterEach(() => {
    made.sqsClients = 0;
  });

  it('refuses errors.deadletterqueue.sqs.queue.url at validation, naming the key', () => {
    expect(kafkaOnlyDeadLetterCheck(config)).toEqual([
      { key: 'errors.deadletterqueue.sqs.queue.url', message: refusal },
    ]);
    expect(kafkaOnlyDeadLetterCheck({ ...config, 'errors.deadletterqueue.sqs.queue.url': '' })).toEqual([]);
  });

  it('fails a task that names an SQS queue without making an AWS client', () => {
    let error: unknown;
    try {
      createSinkTask(config, {
        createSender: () => new ScriptedSender(),
        createDeadLetterQueue: kafkaDeadLetterQueue,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    expect((error as ConfigErrors).problems).toEqual([
      { key: 'errors.deadletterqueue.sqs.queue.url', message: refusal },
    ]);
    expect(made.sqsClients).toBe(0);
  });

  it('(control) the Lambda sink does make its SQS client for the same config', () => {
    const task = createSinkTask(config, { createSender: () => new ScriptedSender() });
    expect(made.sqsClients).toBe(1);
    void task.close();
  });
});
