// The dead letter queues a connector's errors.deadletterqueue.* keys ask for (Connect's DeadLetterQueueReporter): a
// Kafka topic, or on AWS an SQS queue; the local worker takes Kafka only.
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigException } from '../config/index.ts';
import type { ConfigCheck } from '../connector/index.ts';
import { KafkaDeadLetterQueue, SqsDeadLetterQueue } from '../dead-letter/index.ts';
import type { DeadLetterQueue } from '../dead-letter/types.ts';
import type { DeadLetterSettings } from './config.ts';
import { SinkKeys } from './constants.ts';
import type { DeadLetterQueueFactory } from './types.ts';

const LOCAL_SQS_REFUSAL =
  'the local worker writes dead letters to Kafka only (errors.deadletterqueue.topic.name); an SQS queue is for the Lambda deployment';

/**
 * The check the local worker adds to validation: `errors.deadletterqueue.sqs.queue.url` is refused (400 naming it)
 * at create, update and validate.
 */
export const kafkaOnlyDeadLetterCheck: ConfigCheck = (config) =>
  (config[SinkKeys.DLQ_SQS_QUEUE_URL] ?? '').trim() === ''
    ? []
    : [
        {
          key: SinkKeys.DLQ_SQS_QUEUE_URL,
          message: new ConfigException(
            SinkKeys.DLQ_SQS_QUEUE_URL,
            config[SinkKeys.DLQ_SQS_QUEUE_URL],
            LOCAL_SQS_REFUSAL,
          ).message,
        },
      ];

/** The dead letter queue adapters the sink ships: a Kafka topic, or an SQS queue. */
export function defaultDeadLetterQueue(
  settings: DeadLetterSettings,
  task: { readonly connector: string; readonly task: number },
): DeadLetterQueue {
  if (settings.kind === 'sqs') {
    return new SqsDeadLetterQueue({
      client: new SQSClient({}),
      queueUrl: settings.queueUrl,
      contextHeaders: settings.contextHeaders,
      task,
    });
  }
  return kafkaDeadLetterQueue(settings, task);
}

/**
 * Dead letter queues on Kafka only, as the local worker (like Connect) writes them: an SQS queue is a config error
 * naming `errors.deadletterqueue.sqs.queue.url`, and no AWS client is made (it would use the machine's credentials).
 */
export const kafkaDeadLetterQueue: DeadLetterQueueFactory = (settings, task) => {
  if (settings.kind === 'sqs') {
    throw new ConfigException(SinkKeys.DLQ_SQS_QUEUE_URL, settings.queueUrl, LOCAL_SQS_REFUSAL);
  }
  return new KafkaDeadLetterQueue({
    topic: settings.topic,
    replicationFactor: settings.replicationFactor,
    contextHeaders: settings.contextHeaders,
    task,
    clientProperties: settings.producerOverrides,
  });
};
