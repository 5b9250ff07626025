// Names and defaults of the built-in converters.
import type { ConnectSchema } from '../records/types.ts';

/**
 * Connect's class names of the converters the sink ships.
 */
export const ConverterClasses = {
  JSON: 'org.apache.kafka.connect.json.JsonConverter',
  STRING: 'org.apache.kafka.connect.storage.StringConverter',
  BYTE_ARRAY: 'org.apache.kafka.connect.converters.ByteArrayConverter',
  SIMPLE_HEADER: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
  AVRO: 'io.confluent.connect.avro.AvroConverter',
  PROTOBUF: 'io.confluent.connect.protobuf.ProtobufConverter',
  JSON_SCHEMA: 'io.confluent.connect.json.JsonSchemaConverter',
} as const;

/**
 * The Kafka version whose converters these reproduce; built-in plugins report it as their `version`.
 *
 * @example
 * plugin.version === KAFKA_VERSION; // true for every built-in converter
 */
export const KAFKA_VERSION = '4.1.1';

/**
 * The Confluent Platform release whose schema-registry converters these reproduce (their plugin `version`).
 *
 * @example
 * findConverterPlugin('AvroConverter')?.version === CONFLUENT_VERSION; // true
 */
export const CONFLUENT_VERSION = '8.0.0';

/**
 * The converters a connector gets when neither its config nor the worker names one: the settings of Adobe's
 * Kafka Connect image for this connector (keys as strings, values as plain JSON, headers as strings), so the
 * connector configs in Adobe's documentation work unchanged.
 */
export const SINK_CONVERTER_DEFAULTS: Readonly<Record<string, string>> = {
  'key.converter': ConverterClasses.STRING,
  'value.converter': ConverterClasses.JSON,
  'value.converter.schemas.enable': 'false',
  'header.converter': ConverterClasses.SIMPLE_HEADER,
};

/** Schemas Connect's converters attach (`Schema.OPTIONAL_STRING_SCHEMA`, …). */
export const Schemas = {
  STRING: { type: 'string', optional: false },
  OPTIONAL_STRING: { type: 'string', optional: true },
  OPTIONAL_BYTES: { type: 'bytes', optional: true },
} as const satisfies Record<string, ConnectSchema>;

/** The group Connect lists `converter.type` under (`ConverterConfig`). */
export const CONVERTER_TYPE_KEY = 'converter.type';
