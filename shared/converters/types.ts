// Ports of Kafka Connect's converters (`org.apache.kafka.connect.storage.Converter`, `HeaderConverter`): bytes read
// from Kafka become Connect data (a schema and a value) before transforms and the sink see them.
import type { ConfigDef } from '../config/index.ts';
import type { ConnectSchema, KafkaRecord } from '../records/types.ts';

/**
 * Connect data: a value and its schema (`null` for schemaless data). Schemaless values are plain JSON data (objects,
 * arrays, strings, numbers, booleans, null) or a `Buffer`.
 */
export interface SchemaAndValue {
  readonly schema: ConnectSchema | null;
  readonly value: unknown;
  /**
   * The JSON text `value` was parsed from, when `value` is exactly its content (schemaless JsonConverter): the sink
   * can send it as is instead of serialising `value` again.
   */
  readonly json?: string;
}

/**
 * Turns the bytes of a record key or value into Connect data (`Converter.toConnectData`).
 *
 * @example
 * const { value } = converter.toConnectData('orders', Buffer.from('{"a":1}')); // { a: 1 }
 */
export interface Converter {
  /**
   * @throws {DataException} when the bytes cannot be converted (the record fails in stage KEY_/VALUE_CONVERTER).
   *   An error with `retriable: true` is not about the record: it fails the whole invocation.
   */
  toConnectData(topic: string, value: Buffer | null): SchemaAndValue;
  /**
   * Fetches what the batch's bytes need before `toConnectData` runs (schema-registry converters: the schemas the
   * records name), so that conversion stays synchronous. Converters without it need nothing.
   *
   * @throws an error with `retriable` set when the batch cannot be converted now (the registry is unavailable).
   */
  prepare?(records: readonly KafkaRecord[]): Promise<void>;
}

/**
 * Turns the bytes of one record header into Connect data (`HeaderConverter.toConnectHeader`).
 *
 * @example
 * headerConverter.toConnectHeader('orders', 'source', Buffer.from('web')).value; // 'web'
 */
export interface HeaderConverter {
  /** @throws {DataException} when the bytes cannot be converted (the record fails in stage HEADER_CONVERTER). */
  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue;
}

/** How a converter instance is used (`ConverterType`), passed to it as `converter.type`. */
export type ConverterType = 'key' | 'value' | 'header';

/** The plugin types a converter class is listed under in `GET /connector-plugins` (`PluginType`). */
export type ConverterPluginType = 'converter' | 'header_converter';

/**
 * One converter class: its names, the plugin types it implements, its version and its config keys, and a factory.
 *
 * @example
 * const plugin = findConverterPlugin('JsonConverter');
 * plugin?.configDef().keys().map((k) => k.name); // ['converter.type', 'schemas.enable', …]
 */
export interface ConverterPlugin {
  /** Connect's fully qualified class name, e.g. `org.apache.kafka.connect.json.JsonConverter`. */
  readonly className: string;
  /** Other names accepted for it (`PluginUtils.computeAliases`): the simple class name and the pruned name. */
  readonly aliases: readonly string[];
  readonly types: readonly ConverterPluginType[];
  readonly version: string;
  /** The converter's own keys, as `/connector-plugins/{plugin}/config` lists them. */
  configDef(): ConfigDef;
  /**
   * Creates an instance from settings already parsed with {@link ConverterPlugin.configDef} (prefix removed,
   * `converter.type` set). Only the interfaces named in `types` are present.
   */
  create(settings: Readonly<Record<string, unknown>>): Partial<Converter & HeaderConverter>;
}

/** The converters a connector uses: `key.converter`, `value.converter` and `header.converter`, configured. */
export interface ConnectorConverters {
  readonly key: Converter;
  readonly value: Converter;
  readonly header: HeaderConverter;
  /** Runs the key and value converters' {@link Converter.prepare} for a batch (nothing for other converters). */
  prepare(records: readonly KafkaRecord[]): Promise<void>;
  /** Class names, for logs and the `__connect.errors.class.name` dead-letter header. */
  readonly classNames: { readonly key: string; readonly value: string; readonly header: string };
}
