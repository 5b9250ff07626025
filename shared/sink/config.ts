// The connector settings the sink pipeline itself applies: Connect's error handling keys
// (`SinkConnectorConfig`), `behavior.on.null.values`, and the mapping's `esm.report.batch.item.failures`.
import {
  type ConfigProblem,
  defineConfig,
  lambdaValidator,
  type Resolved,
  settingsOrThrow,
  validString,
} from '../config/index.ts';
import { ERROR_GROUP, FrameworkKeys, sinkConnectorDefinition } from '../connector/index.ts';
import { ClientOverridePrefixes, clientOverrides } from '../kafka/index.ts';
import { MappingKeys, mappingDefinition } from '../mappings/index.ts';
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

/** The sink's own keys, for `/connector-plugins/…/config`, validation and parsing. */
export const sinkDefinition = defineConfig({
  [SinkKeys.DLQ_SQS_QUEUE_URL]: {
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
  },
  [SinkKeys.NULL_VALUES]: {
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
  },
});

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

// What the pipeline reads: Connect's framework keys, ours, and the same `esm.report.batch.item.failures` definition
// (and default) the event source mapping is created from, so both always agree.
const pipelineDefinition = defineConfig({
  ...sinkConnectorDefinition.keys,
  ...sinkDefinition.keys,
  [MappingKeys.REPORT_BATCH_ITEM_FAILURES]: mappingDefinition.keys[MappingKeys.REPORT_BATCH_ITEM_FAILURES],
});

/**
 * Reads the pipeline's settings from a connector config.
 *
 * @throws {ConfigErrors} naming every bad key at once.
 * @example
 * const settings = parseSinkSettings({ name: 'aep', 'connector.class': 'AEPSinkConnector', 'errors.tolerance': 'all' });
 * settings.tolerance; // 'all'
 */
export function parseSinkSettings(config: Readonly<Record<string, string>>): SinkSettings {
  return settingsOrThrow(resolveSinkSettings(config));
}

/**
 * Every problem of the pipeline's keys, each naming its key (the sink plugin's cross-key check).
 */
export function validateSinkSettings(config: Readonly<Record<string, string>>): ConfigProblem[] {
  return resolveSinkSettings(config).problems;
}

function resolveSinkSettings(config: Readonly<Record<string, string>>): Resolved<SinkSettings> {
  const K = FrameworkKeys;
  return pipelineDefinition.resolve(config, (v, problems) => {
    const topic = v.get(K.DLQ_TOPIC_NAME).trim();
    const queueUrl = v.get(SinkKeys.DLQ_SQS_QUEUE_URL).trim();
    if (topic && queueUrl) {
      for (const key of [K.DLQ_TOPIC_NAME, SinkKeys.DLQ_SQS_QUEUE_URL]) {
        problems.add({
          key,
          message: `${K.DLQ_TOPIC_NAME} and ${SinkKeys.DLQ_SQS_QUEUE_URL} are mutually exclusive options, but both are set.`,
        });
      }
    }
    const contextHeaders = v.get(K.DLQ_CONTEXT_HEADERS_ENABLE);
    const deadLetter: DeadLetterSettings | undefined = topic
      ? {
          kind: 'kafka',
          topic,
          replicationFactor: v.get(K.DLQ_TOPIC_REPLICATION_FACTOR),
          contextHeaders,
          producerOverrides: clientOverrides(config, ClientOverridePrefixes.PRODUCER),
        }
      : queueUrl
        ? { kind: 'sqs', queueUrl, contextHeaders }
        : undefined;
    return {
      name: v.get(K.NAME),
      tolerance: v.get(K.ERRORS_TOLERANCE),
      logErrors: v.get(K.ERRORS_LOG_ENABLE),
      logIncludeMessages: v.get(K.ERRORS_LOG_INCLUDE_MESSAGES),
      ...(deadLetter ? { deadLetter } : {}),
      nullValues: v.get(SinkKeys.NULL_VALUES),
      reportBatchItemFailures: v.get(MappingKeys.REPORT_BATCH_ITEM_FAILURES),
    };
  });
}
