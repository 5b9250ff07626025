// Kafka Connect's own connector keys for sink connectors: `ConnectorConfig.configDef()` +
// `SinkConnectorConfig.configDef()` (names, types, defaults, groups, order, validators and texts as in Apache Kafka).
import {
  type ConfigDef,
  defineConfig,
  lambdaValidator,
  nonEmptyStringWithoutControlChars,
  Range,
  validRegex,
  validString,
} from '../config/index.ts';

// `ConnectorConfig`'s alias validator.
const uniqueAliases = lambdaValidator('unique aliases', (value) =>
  Array.isArray(value) && new Set(value).size !== value.length ? 'Duplicate alias provided.' : undefined,
);

export const COMMON_GROUP = 'Common';
export const TRANSFORMS_GROUP = 'Transforms';
export const PREDICATES_GROUP = 'Predicates';
export const ERROR_GROUP = 'Error Handling';

/** Framework key names, so code never spells them twice. */
export const FrameworkKeys = {
  NAME: 'name',
  CONNECTOR_CLASS: 'connector.class',
  TASKS_MAX: 'tasks.max',
  TASKS_MAX_ENFORCE: 'tasks.max.enforce',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  TRANSFORMS: 'transforms',
  PREDICATES: 'predicates',
  CONFIG_RELOAD_ACTION: 'config.action.reload',
  TOPICS: 'topics',
  TOPICS_REGEX: 'topics.regex',
  ERRORS_RETRY_TIMEOUT: 'errors.retry.timeout',
  ERRORS_RETRY_MAX_DELAY: 'errors.retry.delay.max.ms',
  ERRORS_TOLERANCE: 'errors.tolerance',
  ERRORS_LOG_ENABLE: 'errors.log.enable',
  ERRORS_LOG_INCLUDE_MESSAGES: 'errors.log.include.messages',
  DLQ_TOPIC_NAME: 'errors.deadletterqueue.topic.name',
  DLQ_TOPIC_REPLICATION_FACTOR: 'errors.deadletterqueue.topic.replication.factor',
  DLQ_CONTEXT_HEADERS_ENABLE: 'errors.deadletterqueue.context.headers.enable',
} as const;

const K = FrameworkKeys;

/** The framework keys every sink connector accepts, in Connect's order and groups. */
export const sinkConnectorDefinition = defineConfig({
  [K.NAME]: {
    type: 'STRING',
    importance: 'HIGH',
    documentation: 'Globally unique name to use for this connector.',
    group: COMMON_GROUP,
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Connector name',
    validator: nonEmptyStringWithoutControlChars,
  },
  [K.CONNECTOR_CLASS]: {
    type: 'STRING',
    importance: 'HIGH',
    documentation:
      'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. Here: com.adobe.platform.streaming.sink.impl.AEPSinkConnector (or the alias AEPSinkConnector / AEPSink).',
    group: COMMON_GROUP,
    orderInGroup: 2,
    width: 'LONG',
    displayName: 'Connector class',
  },
  [K.TASKS_MAX]: {
    type: 'INT',
    defaultValue: 1,
    importance: 'HIGH',
    documentation: 'Maximum number of tasks to use for this connector.',
    group: COMMON_GROUP,
    orderInGroup: 3,
    width: 'SHORT',
    displayName: 'Tasks max',
    validator: Range.atLeast(1),
  },
  [K.TASKS_MAX_ENFORCE]: {
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation:
      '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. By default, connectors that generate too many tasks will fail. If false, connectors may generate more than the maximum number of tasks. Here the tasks are the event source mappings of the listed topics, so the setting has no effect.',
    group: COMMON_GROUP,
    orderInGroup: 4,
    width: 'SHORT',
    displayName: 'Enforce tasks max',
  },
  [K.TOPICS]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'HIGH',
    documentation:
      'List of topics to consume, separated by commas. Exactly one of topics or topics.regex must be set.',
    group: COMMON_GROUP,
    orderInGroup: 4,
    width: 'LONG',
    displayName: 'Topics',
  },
  [K.TOPICS_REGEX]: {
    type: 'STRING',
    defaultValue: '',
    importance: 'HIGH',
    documentation:
      'Regular expression giving topics to consume. Under the hood, the regex is compiled to a java.util.regex.Pattern. Only one of topics or topics.regex should be specified.',
    group: COMMON_GROUP,
    orderInGroup: 4,
    width: 'LONG',
    displayName: 'Topics regex',
    validator: validRegex,
  },
  [K.KEY_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the keys in messages written to or read from Kafka.',
    group: COMMON_GROUP,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Key converter class',
  },
  [K.VALUE_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the values in messages written to or read from Kafka.',
    group: COMMON_GROUP,
    orderInGroup: 6,
    width: 'SHORT',
    displayName: 'Value converter class',
  },
  [K.HEADER_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. By default the SimpleHeaderConverter is used.',
    group: COMMON_GROUP,
    orderInGroup: 7,
    width: 'SHORT',
    displayName: 'Header converter class',
  },
  [K.TRANSFORMS]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'Aliases for the transformations to be applied to records.',
    group: TRANSFORMS_GROUP,
    orderInGroup: 8,
    width: 'LONG',
    displayName: 'Transforms',
    validator: uniqueAliases,
  },
  [K.PREDICATES]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'Aliases for the predicates used by transformations.',
    group: PREDICATES_GROUP,
    orderInGroup: 9,
    width: 'LONG',
    displayName: 'Predicates',
    validator: uniqueAliases,
  },
  [K.CONFIG_RELOAD_ACTION]: {
    type: 'STRING',
    defaultValue: 'restart',
    importance: 'LOW',
    documentation:
      "The action that Connect should take on the connector when changes in external configuration providers result in a change in the connector's configuration properties. A value of 'none' indicates that Connect will do nothing. A value of 'restart' indicates that Connect should restart/reload the connector with the updated configuration properties. Here the sink re-reads placeholders within seconds either way.",
    group: COMMON_GROUP,
    orderInGroup: 10,
    width: 'MEDIUM',
    displayName: 'Reload Action',
    validator: validString('none', 'restart'),
    recommendedValues: ['none', 'restart'],
  },
  [K.ERRORS_RETRY_TIMEOUT]: {
    type: 'LONG',
    defaultValue: 0,
    importance: 'MEDIUM',
    documentation:
      'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
    group: ERROR_GROUP,
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Retry Timeout for Errors',
  },
  [K.ERRORS_RETRY_MAX_DELAY]: {
    type: 'LONG',
    defaultValue: 60000,
    importance: 'MEDIUM',
    documentation:
      'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.',
    group: ERROR_GROUP,
    orderInGroup: 2,
    width: 'MEDIUM',
    displayName: 'Maximum Delay Between Retries for Errors',
  },
  [K.ERRORS_TOLERANCE]: {
    type: 'STRING',
    defaultValue: 'none',
    importance: 'MEDIUM',
    documentation:
      "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
    group: ERROR_GROUP,
    orderInGroup: 3,
    width: 'SHORT',
    displayName: 'Error Tolerance',
    validator: validString('none', 'all'),
    recommendedValues: ['none', 'all'],
  },
  [K.ERRORS_LOG_ENABLE]: {
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    documentation:
      "If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.",
    group: ERROR_GROUP,
    orderInGroup: 4,
    width: 'SHORT',
    displayName: 'Log Errors',
  },
  [K.ERRORS_LOG_INCLUDE_MESSAGES]: {
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    documentation:
      "Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.",
    group: ERROR_GROUP,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Log Error Details',
  },
  [K.DLQ_TOPIC_NAME]: {
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation:
      'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.',
    group: ERROR_GROUP,
    orderInGroup: 6,
    width: 'MEDIUM',
    displayName: 'Dead Letter Queue Topic Name',
  },
  [K.DLQ_TOPIC_REPLICATION_FACTOR]: {
    type: 'SHORT',
    defaultValue: 3,
    importance: 'MEDIUM',
    documentation:
      "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
    group: ERROR_GROUP,
    orderInGroup: 7,
    width: 'MEDIUM',
    displayName: 'Dead Letter Queue Topic Replication Factor',
  },
  [K.DLQ_CONTEXT_HEADERS_ENABLE]: {
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    documentation:
      'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys will start with __connect.errors.',
    group: ERROR_GROUP,
    orderInGroup: 8,
    width: 'MEDIUM',
    displayName: 'Enable Error Context Headers',
  },
});

/**
 * The framework keys as a `ConfigDef` (`SinkConnectorConfig.configDef()`).
 *
 * @example
 * const parsed = sinkConnectorConfigDef().parse(config);
 * parsed['errors.tolerance']; // 'none' | 'all'
 */
export function sinkConnectorConfigDef(): ConfigDef {
  return sinkConnectorDefinition.configDef();
}
