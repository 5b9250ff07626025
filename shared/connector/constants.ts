import type { PluginType } from './types.ts';

/**
 * The AEP sink connector's class, as Adobe's Java connector names it (configs written for it work unchanged).
 */
export const AEP_SINK_CONNECTOR_CLASS = 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector';

/**
 * Plugin types in the order `GET /connector-plugins?connectorsOnly=false` lists them (`ConnectorPluginsResource`).
 */
export const PLUGIN_TYPE_ORDER: readonly PluginType[] = [
  'sink',
  'source',
  'transformation',
  'predicate',
  'converter',
  'header_converter',
];

/**
 * The suffix each plugin type drops from its simple class name to form the short alias
 * (`PluginUtils.prunedName`, `PluginType.simpleName`).
 */
export const ALIAS_SUFFIX: Readonly<Record<PluginType, string>> = {
  sink: 'Connector',
  source: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

/**
 * Texts of `AbstractHerder.validateConnectorConfig` and `SinkConnectorConfig.validate`.
 */
export const ValidationMessages = {
  NULL_VALUE: 'Null value can not be supplied as the configuration value.',
  TOPICS_BOTH: 'topics and topics.regex are mutually exclusive options, but both are set.',
  TOPICS_NEITHER: 'Must configure one of topics or topics.regex',
  /** The tail of the aggregated 400 message (the path is literal, as in Connect). */
  SEE_VALIDATE_ENDPOINT:
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
} as const;
