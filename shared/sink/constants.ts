// Names and defaults of the sink pipeline.

/**
 * The sink's own connector keys (framework keys are in `shared/connector`, AEP keys in `shared/aep`).
 */
export const SinkKeys = {
  NULL_VALUES: 'behavior.on.null.values',
  DLQ_SQS_QUEUE_URL: 'errors.deadletterqueue.sqs.queue.url',
} as const;

/**
 * What the sink does with a record whose value is null after conversion and transforms (a tombstone): `ignore`
 * skips it (counted as filtered and logged), `fail` makes it a record error (stage TASK_PUT) that
 * `errors.tolerance` routes.
 */
export const NullValueBehavior = { IGNORE: 'ignore', FAIL: 'fail' } as const;
export type NullValueBehavior = (typeof NullValueBehavior)[keyof typeof NullValueBehavior];

/**
 * The Java classes named in error logs and the `__connect.errors.class.name` dead-letter header for steps that are
 * not a converter: the connector's task (AEP rejections), the transformation chain, the event source mapping event.
 */
export const ExecutingClasses = {
  TASK: 'com.adobe.platform.streaming.sink.impl.AEPSinkTask',
  TRANSFORMATION_CHAIN: 'org.apache.kafka.connect.runtime.TransformationChain',
  EVENT: 'com.amazonaws.services.lambda.runtime.events.KafkaEvent',
} as const;

/** The exception class reported for AEP rejections: the Java connector's, so existing DLQ consumers keep working. */
export const AEP_REJECTION_CLASS = 'com.adobe.platform.streaming.http.HttpException';

/**
 * How much of the remaining invocation time is kept back from AEP delivery, for dead-letter writes and the answer:
 * 10 % of it, at least 1 s and at most 30 s, and never more than half of it.
 */
export const DeadlineMargin = { SHARE: 0.1, MIN_MS: 1_000, MAX_MS: 30_000 } as const;

/**
 * How long a connector's task may go without an invocation before the handler closes it (a deleted or stopped
 * connector), releasing its sender's connections and its dead letter producers. A later invocation builds it again.
 */
export const IDLE_TASK_MS = 15 * 60_000;

/** How many record references a summary log line lists before it says "and N more". */
export const MAX_LISTED_RECORDS = 10;

/** Environment variables the sink reads. */
export const SinkEnv = {
  CONNECTOR_CONFIG: 'CONNECTOR_CONFIG',
  CONNECTOR_CONFIG_FILE: 'CONNECTOR_CONFIG_FILE',
  AEP_ALLOWED_HOSTS: 'AEP_ALLOWED_HOSTS',
} as const;

/**
 * How long a warm container reuses a connector's config before reading the store again (milliseconds), so config
 * updates reach running mappings within seconds.
 */
export const CONFIG_TTL_MS = 5_000;
