// The connector settings the sink pipeline itself applies: Connect's error handling keys
// (`SinkConnectorConfig`), `behavior.on.null.values`, and the mapping's `esm.report.batch.item.failures`.
import {
  ConfigDef,
  ConfigErrors,
  ConfigException,
  type ConfigProblem,
  lambdaValidator,
  validString,
} from '../config/index.ts';
import { ERROR_GROUP, FrameworkKeys, sinkConnectorConfigDef } from '../connector/index.ts';
import { ClientOverridePrefixes, clientOverrides } from '../kafka/index.ts';
import { MappingKeys, mappingConfigDef } from '../mappings/index.ts';
import { NullValueBehavior, SinkKeys } from './constants.ts';

const sqsQueueUrl = lambdaValidator('https://sqs.<region>.amazonaws.com/<account>/<queue>', (value) => {
  if (value === null || value === undefined || value === '') return undefined;
  try {
    const url = new URL(String(value));
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be an SQS queue URL';
  } catch {
    return 'must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)';
  }
});

/**
 * The sink's own keys, for `/connector-plugins/…/config`, validation and parsing.
 *
 * @example
 * sinkConfigDef().parse({ 'behavior.on.null.values': 'fail' });
 */
export function sinkConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: SinkKeys.DLQ_SQS_QUEUE_URL,
      type: 'STRING',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'The URL of an Amazon SQS queue to use as the dead letter queue instead of a Kafka topic: one JSON message per failed record, with its original bytes (base64) and, with errors.deadletterqueue.context.headers.enable, the error context. Empty: no SQS dead letter queue. Cannot be combined with errors.deadletterqueue.topic.name.',
      group: ERROR_GROUP,
      orderInGroup: 9,
      width: 'LONG',
      displayName: 'Dead Letter Queue SQS Queue URL',
      validator: sqsQueueUrl,
    })
    .define({
      name: SinkKeys.NULL_VALUES,
      type: 'STRING',
      defaultValue: NullValueBehavior.IGNORE,
      importance: 'LOW',
      documentation:
        "What to do with a record whose value is null (a tombstone) after conversion and transforms. 'ignore' skips it: it is counted as filtered and logged. 'fail' makes it a record error that errors.tolerance handles (dead letter queue with 'all').",
      group: 'Sink',
      orderInGroup: 1,
      width: 'SHORT',
      displayName: 'Behavior on null values',
      validator: validString(NullValueBehavior.IGNORE, NullValueBehavior.FAIL),
      recommendedValues: [NullValueBehavior.IGNORE, NullValueBehavior.FAIL],
    });
}

/** Where failed records go: a Kafka topic (Connect's `errors.deadletterqueue.*`) or an SQS queue. */
export type DeadLetterSettings =
  | {
      readonly kind: 'kafka';
      readonly topic: string;
      readonly replicationFactor: number;
      readonly contextHeaders: boolean;
      /** `producer.override.*` keys without the prefix. */
      readonly producerOverrides: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'sqs'; readonly queueUrl: string; readonly contextHeaders: boolean };

/** A connector's settings as the pipeline uses them. */
export interface SinkSettings {
  readonly name: string;
  readonly tolerance: 'none' | 'all';
  readonly logErrors: boolean;
  readonly logIncludeMessages: boolean;
  /** Undefined when neither `errors.deadletterqueue.topic.name` nor `…sqs.queue.url` is set. */
  readonly deadLetter?: DeadLetterSettings;
  readonly nullValues: NullValueBehavior;
  /** `esm.report.batch.item.failures` (with the mapping's default): answer with a partial batch response. */
  readonly reportBatchItemFailures: boolean;
}

/**
 * Reads the pipeline's settings from a connector config.
 *
 * @throws {ConfigErrors} naming every bad key at once.
 * @example
 * const settings = parseSinkSettings({ name: 'aep', 'connector.class': 'AEPSinkConnector', 'errors.tolerance': 'all' });
 * settings.tolerance; // 'all'
 */
export function parseSinkSettings(config: Readonly<Record<string, string>>): SinkSettings {
  const problems: ConfigProblem[] = [];
  const parse = (def: ConfigDef): Record<string, unknown> => {
    try {
      return def.parse(config);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      problems.push(...e.problems);
      return {};
    }
  };
  const framework = parse(sinkConnectorConfigDef());
  const own = parse(sinkConfigDef());
  // The same definition (and default) the event source mapping is created from, so both always agree.
  const batchItemFailuresKey = mappingConfigDef().key(MappingKeys.REPORT_BATCH_ITEM_FAILURES);
  const mapping = batchItemFailuresKey ? parse(new ConfigDef().define(batchItemFailuresKey)) : {};
  const K = FrameworkKeys;
  const topic = ((framework[K.DLQ_TOPIC_NAME] as string | undefined) ?? '').trim();
  const queueUrl = ((own[SinkKeys.DLQ_SQS_QUEUE_URL] as string | undefined) ?? '').trim();
  if (topic && queueUrl) {
    for (const key of [K.DLQ_TOPIC_NAME, SinkKeys.DLQ_SQS_QUEUE_URL]) {
      problems.push({
        key,
        message: ConfigException.withMessage(
          key,
          `${K.DLQ_TOPIC_NAME} and ${SinkKeys.DLQ_SQS_QUEUE_URL} are mutually exclusive options, but both are set.`,
        ).message,
      });
    }
  }
  if (problems.length > 0) throw new ConfigErrors(problems);

  const producerOverrides = clientOverrides(config, ClientOverridePrefixes.PRODUCER);
  const contextHeaders = framework[K.DLQ_CONTEXT_HEADERS_ENABLE] as boolean;
  const deadLetter: DeadLetterSettings | undefined = topic
    ? {
        kind: 'kafka',
        topic,
        replicationFactor: framework[K.DLQ_TOPIC_REPLICATION_FACTOR] as number,
        contextHeaders,
        producerOverrides,
      }
    : queueUrl
      ? { kind: 'sqs', queueUrl, contextHeaders }
      : undefined;
  return {
    name: framework[K.NAME] as string,
    tolerance: framework[K.ERRORS_TOLERANCE] as 'none' | 'all',
    logErrors: framework[K.ERRORS_LOG_ENABLE] as boolean,
    logIncludeMessages: framework[K.ERRORS_LOG_INCLUDE_MESSAGES] as boolean,
    ...(deadLetter ? { deadLetter } : {}),
    nullValues: own[SinkKeys.NULL_VALUES] as NullValueBehavior,
    reportBatchItemFailures: mapping[MappingKeys.REPORT_BATCH_ITEM_FAILURES] === true,
  };
}
