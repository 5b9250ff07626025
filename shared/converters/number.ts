// org.apache.kafka.connect.converters.{Boolean,Short,Integer,Long,Float,Double}Converter: a key, value or header
// holding one number (or boolean) in the big-endian bytes of Kafka's own serializers (`ShortSerializer`, …).
import type { ConnectSchema } from '../records/types.ts';
import { KAFKA_VERSION } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import { DataException } from './errors.ts';
import type { ConverterPlugin, SchemaAndValue } from './types.ts';

const PACKAGE = 'org.apache.kafka.connect.converters';

/** One Kafka deserializer: its name (as its errors say), byte width and reader. */
interface NumberFormat {
  readonly className: string;
  /** The word Connect's message uses (`Failed to deserialize long: `). */
  readonly typeName: string;
  readonly deserializer: string;
  readonly size: number;
  readonly schema: ConnectSchema;
  read(bytes: Buffer): unknown;
}

// Kafka's `BooleanDeserializer` takes exactly 0x00 or 0x01.
function readBoolean(bytes: Buffer): boolean {
  const byte = bytes[0];
  if (byte === 0) return false;
  if (byte === 1) return true;
  throw new Error(`Unexpected byte received by BooleanDeserializer: ${byte}`);
}

const FORMATS: readonly NumberFormat[] = [
  format('BooleanConverter', 'boolean', 'BooleanDeserializer', 1, 'boolean', readBoolean),
  format('DoubleConverter', 'double', 'DoubleDeserializer', 8, 'float64', (b) => b.readDoubleBE(0)),
  format('FloatConverter', 'float', 'FloatDeserializer', 4, 'float32', (b) => b.readFloatBE(0)),
  format('IntegerConverter', 'integer', 'IntegerDeserializer', 4, 'int32', (b) => b.readInt32BE(0)),
  // Longs beyond ±2^53 lose precision as JavaScript numbers, as JSON integers do (docs/sink.md).
  format('LongConverter', 'long', 'LongDeserializer', 8, 'int64', (b) => Number(b.readBigInt64BE(0))),
  format('ShortConverter', 'short', 'ShortDeserializer', 2, 'int16', (b) => b.readInt16BE(0)),
];

function format(
  simpleName: string,
  typeName: string,
  deserializer: string,
  size: number,
  type: ConnectSchema['type'],
  read: (bytes: Buffer) => unknown,
): NumberFormat {
  return {
    className: `${PACKAGE}.${simpleName}`,
    typeName,
    deserializer,
    size,
    schema: { type, optional: true },
    read,
  };
}

function plugin(f: NumberFormat): ConverterPlugin {
  const convert = (value: Buffer | null): SchemaAndValue => {
    if (value === null) return { schema: f.schema, value: null };
    try {
      if (value.length !== f.size) {
        throw new Error(`Size of data received by ${f.deserializer} is not ${f.size}`);
      }
      return { schema: f.schema, value: f.read(value) };
    } catch (e) {
      throw new DataException(`Failed to deserialize ${f.typeName}: ${(e as Error).message}`, { cause: e });
    }
  };
  return {
    className: f.className,
    aliases: converterAliases(f.className, ['converter', 'header_converter']),
    types: ['converter', 'header_converter'],
    version: KAFKA_VERSION,
    configDef: converterConfigDef,
    create: () => ({
      toConnectData: (_topic, value) => convert(value),
      toConnectHeader: (_topic, _key, value) => convert(value),
    }),
  };
}

/**
 * Connect's boolean and number converters, in class-name order. Each is a converter and a header converter; a null
 * stays null, bytes of the wrong length (or a boolean byte other than 0 and 1) fail with a `DataException`.
 *
 * @example
 * const long = numberConverters.find((p) => p.className.endsWith('LongConverter'));
 * long?.create({ 'converter.type': 'value' }).toConnectData?.('t', Buffer.from([0, 0, 0, 0, 0, 0, 0, 42])).value; // 42
 */
export const numberConverters: readonly ConverterPlugin[] = FORMATS.map(plugin);
