// org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through unchanged.
import { ConverterClasses, KAFKA_VERSION, Schemas } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import type { ConverterPlugin, SchemaAndValue } from './types.ts';

/**
 * `ByteArrayConverter`: the value is the record's bytes (optional bytes schema), a null stays null. It never fails.
 * It is also a header converter.
 *
 * @example
 * byteArrayConverter.create({ 'converter.type': 'value' }).toConnectData?.('t', Buffer.from([1, 2])).value; // <Buffer 01 02>
 */
export const byteArrayConverter: ConverterPlugin = {
  className: ConverterClasses.BYTE_ARRAY,
  aliases: converterAliases(ConverterClasses.BYTE_ARRAY, ['converter']),
  types: ['converter', 'header_converter'],
  version: KAFKA_VERSION,
  configDef: converterConfigDef,
  create() {
    const convert = (value: Buffer | null): SchemaAndValue => ({ schema: Schemas.OPTIONAL_BYTES, value });
    return {
      toConnectData: (_topic, value) => convert(value),
      toConnectHeader: (_topic, _key, value) => convert(value),
    };
  },
};
