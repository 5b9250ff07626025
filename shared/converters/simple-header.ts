// org.apache.kafka.connect.storage.SimpleHeaderConverter, reading header bytes as UTF-8 strings.
import { ConfigDef } from '../config/index.ts';
import { ConverterClasses, KAFKA_VERSION, Schemas } from './constants.ts';
import { converterAliases } from './converter-config.ts';
import type { ConverterPlugin } from './types.ts';

/**
 * `SimpleHeaderConverter`, the default header converter: a header's bytes become a UTF-8 string (string schema); a
 * header without a value stays null. Unlike Connect's, it does not guess other types from the text
 * (`Values.parseString`): `"42"` stays the string `"42"`. It never fails.
 *
 * @example
 * simpleHeaderConverter.create({}).toConnectHeader?.('t', 'source', Buffer.from('web')).value; // 'web'
 */
export const simpleHeaderConverter: ConverterPlugin = {
  className: ConverterClasses.SIMPLE_HEADER,
  aliases: converterAliases(ConverterClasses.SIMPLE_HEADER, ['header_converter']),
  types: ['header_converter'],
  version: KAFKA_VERSION,
  // SimpleHeaderConverter.config() is an empty ConfigDef.
  configDef: () => new ConfigDef(),
  create() {
    return {
      toConnectHeader: (_topic, _key, value) =>
        value === null
          ? { schema: null, value: null }
          : { schema: Schemas.STRING, value: value.toString('utf8') },
    };
  },
};
