// The converter plugins the sink ships, found by class name or alias (Connect's `Plugins.newConverter` lookup).
import { avroConverter } from './avro.ts';
import { byteArrayConverter } from './byte-array.ts';
import { jsonConverter } from './json.ts';
import { jsonSchemaConverter } from './json-schema.ts';
import { numberConverters } from './number.ts';
import { protobufConverter } from './protobuf.ts';
import { simpleHeaderConverter } from './simple-header.ts';
import { stringConverter } from './string.ts';
import type { ConverterPlugin, ConverterPluginType } from './types.ts';

// One entry per converter class; a new converter (Avro, Protobuf, JSON Schema…) is one more entry.
const PLUGINS: readonly ConverterPlugin[] = [
  jsonConverter,
  stringConverter,
  byteArrayConverter,
  avroConverter,
  protobufConverter,
  jsonSchemaConverter,
  ...numberConverters,
  simpleHeaderConverter,
];

/**
 * Every converter and header converter plugin, in `GET /connector-plugins` order (converters, then header converters
 * that are not also converters).
 */
export function converterPlugins(): readonly ConverterPlugin[] {
  return PLUGINS;
}

/**
 * The plugin with this class name or alias, optionally only if it implements `type`.
 *
 * @example
 * findConverterPlugin('StringConverter')?.className; // 'org.apache.kafka.connect.storage.StringConverter'
 * findConverterPlugin('SimpleHeaderConverter', 'converter'); // undefined: it is only a header converter
 */
export function findConverterPlugin(name: string, type?: ConverterPluginType): ConverterPlugin | undefined {
  const wanted = name.trim();
  return PLUGINS.find(
    (p) =>
      (p.className === wanted || p.aliases.includes(wanted)) &&
      (type === undefined || p.types.includes(type)),
  );
}
