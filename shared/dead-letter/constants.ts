// Names from Kafka Connect's error handling (`org.apache.kafka.connect.runtime.errors.Stage`,
// `DeadLetterQueueReporter`), plus the AEP headers this sink adds.

/**
 * The step a record failed in (Connect's `Stage`). `KAFKA_CONSUME` is a record the event source mapping delivered in
 * a shape that cannot be decoded.
 */
export const Stage = {
  KAFKA_CONSUME: 'KAFKA_CONSUME',
  KEY_CONVERTER: 'KEY_CONVERTER',
  VALUE_CONVERTER: 'VALUE_CONVERTER',
  HEADER_CONVERTER: 'HEADER_CONVERTER',
  TRANSFORMATION: 'TRANSFORMATION',
  TASK_PUT: 'TASK_PUT',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/**
 * Headers a dead-lettered record carries with `errors.deadletterqueue.context.headers.enable=true`: Connect's
 * `__connect.errors.*` names, plus `aep.status` and `aep.message` when AEP rejected the record.
 */
export const ErrorHeaders = {
  TOPIC: '__connect.errors.topic',
  PARTITION: '__connect.errors.partition',
  OFFSET: '__connect.errors.offset',
  CONNECTOR_NAME: '__connect.errors.connector.name',
  TASK_ID: '__connect.errors.task.id',
  STAGE: '__connect.errors.stage',
  CLASS_NAME: '__connect.errors.class.name',
  EXCEPTION_CLASS_NAME: '__connect.errors.exception.class.name',
  EXCEPTION_MESSAGE: '__connect.errors.exception.message',
  EXCEPTION_STACKTRACE: '__connect.errors.exception.stacktrace',
  AEP_STATUS: '__connect.errors.aep.status',
  AEP_MESSAGE: '__connect.errors.aep.message',
} as const;

/**
 * Settings of the Kafka dead letter queue producer: Connect's (`DeadLetterQueueReporter`: one partition) and the
 * bounds that keep an unreachable cluster from holding an invocation past its deadline.
 */
export const DeadLetterDefaults = {
  PARTITIONS: 1,
  /** kafkajs retry of the producer and admin client (its idempotent default retries forever). */
  RETRY: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
  CONNECTION_TIMEOUT_MS: 3_000,
  REQUEST_TIMEOUT_MS: 10_000,
  /** How long a send may take when the caller gives no deadline. */
  SEND_TIMEOUT_MS: 30_000,
} as const;
