// Names and versions of the transforms and predicates, as Kafka Connect and Adobe's connector spell them.

/**
 * The Apache Kafka release whose `connect/transforms` behaviour the built-in SMTs reproduce (their plugin version).
 *
 * @example
 * findPlugin('RegexRouter')?.version === KAFKA_VERSION; // true
 */
export const KAFKA_VERSION = '4.1.1';

/**
 * The version reported for the Adobe JSON Patch transform and our XDM envelope (this project's version).
 *
 * @example
 * findPlugin('XdmEnvelope')?.version === PROJECT_VERSION; // true
 */
export const PROJECT_VERSION = '0.1.0';

/**
 * `PluginType` of Connect's `/connector-plugins` listing.
 */
export const PluginType = { TRANSFORMATION: 'transformation', PREDICATE: 'predicate' } as const;
export type PluginType = (typeof PluginType)[keyof typeof PluginType];

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';
const ADOBE = 'com.adobe.platform.streaming.sink.transformation.';

/**
 * Fully qualified class names of every transform and predicate this sink provides.
 */
export const PluginClass = {
  INSERT_FIELD_KEY: `${T}InsertField$Key`,
  INSERT_FIELD_VALUE: `${T}InsertField$Value`,
  REPLACE_FIELD_KEY: `${T}ReplaceField$Key`,
  REPLACE_FIELD_VALUE: `${T}ReplaceField$Value`,
  MASK_FIELD_KEY: `${T}MaskField$Key`,
  MASK_FIELD_VALUE: `${T}MaskField$Value`,
  VALUE_TO_KEY: `${T}ValueToKey`,
  HOIST_FIELD_KEY: `${T}HoistField$Key`,
  HOIST_FIELD_VALUE: `${T}HoistField$Value`,
  EXTRACT_FIELD_KEY: `${T}ExtractField$Key`,
  EXTRACT_FIELD_VALUE: `${T}ExtractField$Value`,
  SET_SCHEMA_METADATA_KEY: `${T}SetSchemaMetadata$Key`,
  SET_SCHEMA_METADATA_VALUE: `${T}SetSchemaMetadata$Value`,
  TIMESTAMP_ROUTER: `${T}TimestampRouter`,
  REGEX_ROUTER: `${T}RegexRouter`,
  FLATTEN_KEY: `${T}Flatten$Key`,
  FLATTEN_VALUE: `${T}Flatten$Value`,
  CAST_KEY: `${T}Cast$Key`,
  CAST_VALUE: `${T}Cast$Value`,
  TIMESTAMP_CONVERTER_KEY: `${T}TimestampConverter$Key`,
  TIMESTAMP_CONVERTER_VALUE: `${T}TimestampConverter$Value`,
  FILTER: `${T}Filter`,
  INSERT_HEADER: `${T}InsertHeader`,
  DROP_HEADERS: `${T}DropHeaders`,
  HEADER_FROM_KEY: `${T}HeaderFrom$Key`,
  HEADER_FROM_VALUE: `${T}HeaderFrom$Value`,
  TOPIC_NAME_MATCHES: `${P}TopicNameMatches`,
  HAS_HEADER_KEY: `${P}HasHeaderKey`,
  RECORD_IS_TOMBSTONE: `${P}RecordIsTombstone`,
  JSON_PATCH: `${ADOBE}JsonPatchTransform`,
  XDM_ENVELOPE: `${ADOBE}XdmEnvelope`,
} as const;

/**
 * Connect's `ConnectorConfig` names for the transform and predicate prefixes, groups and implicit keys.
 */
export const ChainKeys = {
  TRANSFORMS: 'transforms',
  PREDICATES: 'predicates',
  TRANSFORMS_GROUP: 'Transforms',
  PREDICATES_GROUP: 'Predicates',
  TYPE: 'type',
  PREDICATE: 'predicate',
  NEGATE: 'negate',
  PLUGIN_VERSION: 'plugin.version',
} as const;

/**
 * Connect's logical type names (`org.apache.kafka.connect.data.*.LOGICAL_NAME`).
 */
export const LogicalType = {
  DATE: 'org.apache.kafka.connect.data.Date',
  TIME: 'org.apache.kafka.connect.data.Time',
  TIMESTAMP: 'org.apache.kafka.connect.data.Timestamp',
  DECIMAL: 'org.apache.kafka.connect.data.Decimal',
} as const;

/**
 * The documentation of `replace.null.with.default`, shared by many SMTs.
 */
export const REPLACE_NULL_WITH_DEFAULT_DOC =
  'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.';
