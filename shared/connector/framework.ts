// Kafka Connect's own connector keys for sink connectors: `ConnectorConfig.configDef()` +
// `SinkConnectorConfig.configDef()` (names, types, defaults, groups, order, validators and texts as in Apache Kafka).
import {
  ConfigDef,
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
  CONNECTOR_VERSION: 'connector.plugin.version',
  TASKS_MAX: 'tasks.max',
  TASKS_MAX_ENFORCE: 'tasks.max.enforce',
  KEY_CONVERTER: 'key.converter',
  KEY_CONVERTER_VERSION: 'key.converter.plugin.version',
  VALUE_CONVERTER: 'value.converter',
  VALUE_CONVERTER_VERSION: 'value.converter.plugin.version',
  HEADER_CONVERTER: 'header.converter',
  HEADER_CONVERTER_VERSION: 'header.converter.plugin.version',
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

/**
 * The framework keys every sink connector accepts, in Connect's order and groups (`ConnectorConfig` then
 * `SinkConnectorConfig`), with the texts Kafka Connect 4.1 gives them.
 */
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
      'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name,  or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter',
    group: COMMON_GROUP,
    orderInGroup: 2,
    width: 'LONG',
    displayName: 'Connector class',
  },
  [K.CONNECTOR_VERSION]: {
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: 'Version of the connector.',
    group: COMMON_GROUP,
    orderInGroup: 3,
    width: 'MEDIUM',
    displayName: 'Connector version',
  },
  [K.TASKS_MAX]: {
    type: 'INT',
    defaultValue: 1,
    importance: 'HIGH',
    documentation: 'Maximum number of tasks to use for this connector.',
    group: COMMON_GROUP,
    orderInGroup: 4,
    width: 'SHORT',
    displayName: 'Tasks max',
    validator: Range.atLeast(1),
  },
  [K.TASKS_MAX_ENFORCE]: {
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation:
      '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. By default, connectors that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. If this property is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of tasks that exceed the tasks.max property will be allowed to run. This property is deprecated and will be removed in an upcoming major release.',
    group: COMMON_GROUP,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Enforce tasks max',
  },
  [K.KEY_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the keys in messages written to or read from Kafka, and since this is independent of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.',
    group: COMMON_GROUP,
    orderInGroup: 6,
    width: 'SHORT',
    displayName: 'Key converter class',
  },
  [K.KEY_CONVERTER_VERSION]: {
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    documentation: 'Version of the key converter.',
    group: COMMON_GROUP,
    orderInGroup: 7,
    width: 'SHORT',
    displayName: 'Key converter version',
  },
  [K.VALUE_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the values in messages written to or read from Kafka, and since this is independent of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.',
    group: COMMON_GROUP,
    orderInGroup: 8,
    width: 'SHORT',
    displayName: 'Value converter class',
  },
  [K.VALUE_CONVERTER_VERSION]: {
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    documentation: 'Version of the value converter.',
    group: COMMON_GROUP,
    orderInGroup: 9,
    width: 'SHORT',
    displayName: 'Value converter version',
  },
  [K.HEADER_CONVERTER]: {
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the header values in messages written to or read from Kafka, and since this is independent of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize header values to strings and deserialize them by inferring the schemas.',
    group: COMMON_GROUP,
    orderInGroup: 10,
    width: 'SHORT',
    displayName: 'Header converter class',
  },
  [K.HEADER_CONVERTER_VERSION]: {
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    documentation: 'Version of the header converter.',
    group: COMMON_GROUP,
    orderInGroup: 11,
    width: 'SHORT',
    displayName: 'Header converter version',
  },
  [K.TRANSFORMS]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    documentation: 'Aliases for the transformations to be applied to records.',
    group: TRANSFORMS_GROUP,
    orderInGroup: 12,
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
    orderInGroup: 13,
    width: 'LONG',
    displayName: 'Predicates',
    validator: uniqueAliases,
  },
  [K.CONFIG_RELOAD_ACTION]: {
    type: 'STRING',
    defaultValue: 'restart',
    importance: 'LOW',
    documentation:
      "The action that Connect should take on the connector when changes in external configuration providers result in a change in the connector's configuration properties. A value of 'none' indicates that Connect will do nothing. A value of 'restart' indicates that Connect should restart/reload the connector with the updated configuration properties.The restart may actually be scheduled in the future if the external configuration provider indicates that a configuration value will expire in the future.",
    group: COMMON_GROUP,
    orderInGroup: 14,
    width: 'MEDIUM',
    displayName: 'Reload Action',
    validator: validString('none', 'restart'),
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
      "Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.",
    group: ERROR_GROUP,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Log Error Details',
  },
  [K.TOPICS]: {
    type: 'LIST',
    defaultValue: '',
    importance: 'HIGH',
    documentation: 'List of topics to consume, separated by commas',
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
      'Regular expression giving topics to consume. Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be specified.',
    group: COMMON_GROUP,
    orderInGroup: 4,
    width: 'LONG',
    displayName: 'Topics regex',
    validator: validRegex,
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
      'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>',
    group: ERROR_GROUP,
    orderInGroup: 8,
    width: 'MEDIUM',
    displayName: 'Enable Error Context Headers',
  },
});

/**
 * What the framework keys default to for one connector: its plugin's version (`connector.plugin.version`, KIP-891),
 * and the converter classes it gets when its config names none (the worker's, else the sink's).
 *
 * @example
 * sinkConnectorConfigDef({ connectorVersion: '0.1.0', converterDefaults: { 'key.converter': 'StringConverter' } });
 */
export interface FrameworkDefaults {
  readonly connectorVersion?: string;
  readonly converterDefaults?: Readonly<Record<string, string>>;
}

/**
 * The framework keys as a `ConfigDef` (`SinkConnectorConfig.configDef()`), with the connector's own defaults.
 *
 * @example
 * const parsed = sinkConnectorConfigDef().parse(config);
 * parsed['errors.tolerance']; // 'none' | 'all'
 */
export function sinkConnectorConfigDef(defaults: FrameworkDefaults = {}): ConfigDef {
  const own: Record<string, string | undefined> = {
    [K.CONNECTOR_VERSION]: defaults.connectorVersion,
    ...defaults.converterDefaults,
  };
  const def = new ConfigDef();
  for (const key of sinkConnectorDefinition.configDef().keys()) {
    const value = key.name in own ? own[key.name] : undefined;
    def.define(value === undefined ? key : { ...key, defaultValue: value });
  }
  return def;
}
