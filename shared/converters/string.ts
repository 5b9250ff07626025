// org.apache.kafka.connect.storage.StringConverter: bytes ⇄ strings in a configurable charset.
import { type ConfigDef, ConfigException, lambdaValidator } from '../config/index.ts';
import { ConverterClasses, KAFKA_VERSION, Schemas } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import type { ConverterPlugin, SchemaAndValue } from './types.ts';

const ENCODING = 'converter.encoding';

// Java charset names (and their common aliases) that Node can decode.
const CHARSETS: Readonly<Record<string, BufferEncoding>> = {
  UTF8: 'utf8',
  'UTF-8': 'utf8',
  'ISO-8859-1': 'latin1',
  ISO8859_1: 'latin1',
  LATIN1: 'latin1',
  'US-ASCII': 'ascii',
  ASCII: 'ascii',
  'UTF-16LE': 'utf16le',
  UTF_16LE: 'utf16le',
};

const supportedCharset = lambdaValidator(Object.keys(CHARSETS).join(', '), (value) =>
  typeof value === 'string' && !(value.toUpperCase() in CHARSETS)
    ? `Unsupported charset; one of ${Object.keys(CHARSETS).join(', ')}`
    : undefined,
);

/**
 * `StringConverter`: a key or value becomes a string (optional string schema); a null stays null. Decoding never
 * fails: bytes that are not valid in the charset become U+FFFD, as in Java. It is also a header converter.
 *
 * @example
 * stringConverter.create({ 'converter.type': 'value', 'converter.encoding': 'UTF8' })
 *   .toConnectData?.('t', Buffer.from('héllo')); // { schema: { type: 'string', optional: true }, value: 'héllo' }
 */
export const stringConverter: ConverterPlugin = {
  className: ConverterClasses.STRING,
  aliases: converterAliases(ConverterClasses.STRING, ['converter']),
  types: ['converter', 'header_converter'],
  version: KAFKA_VERSION,
  configDef(): ConfigDef {
    // StringConverterConfig
    return converterConfigDef().define({
      name: ENCODING,
      type: 'STRING',
      defaultValue: 'UTF8',
      importance: 'HIGH',
      documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
      group: 'Converter',
      orderInGroup: 0,
      width: 'MEDIUM',
      displayName: 'Encoding',
      validator: supportedCharset,
    });
  },
  create(settings) {
    const charset = String(settings[ENCODING]).toUpperCase();
    const encoding = CHARSETS[charset];
    if (!encoding) throw new ConfigException(ENCODING, settings[ENCODING], 'Unsupported charset');
    const convert = (value: Buffer | null): SchemaAndValue => ({
      schema: Schemas.OPTIONAL_STRING,
      value: value === null ? null : value.toString(encoding),
    });
    return {
      toConnectData: (_topic, value) => convert(value),
      toConnectHeader: (_topic, _key, value) => convert(value),
    };
  },
};
