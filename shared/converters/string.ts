// org.apache.kafka.connect.storage.StringConverter: bytes ⇄ strings in a configurable charset.
import { type ConfigDef, ConfigException, lambdaValidator } from '../config/index.ts';
import { decodeUtf8 } from '../records/index.ts';
import { ConverterClasses, KAFKA_VERSION, Schemas } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import { DataException } from './errors.ts';
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
 * `StringConverter`: a key or value becomes a string (optional string schema); a null stays null. It is also a header
 * converter. UTF-8 (the default) is decoded strictly: bytes that are not UTF-8 fail the record with a DataException
 * naming the offset (stage KEY_CONVERTER/VALUE_CONVERTER, then `errors.tolerance`), where Java's `new String(bytes,
 * UTF_8)` would put U+FFFD in their place and deliver a changed value. Other charsets decode as Java does.
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
      defaultValue: 'UTF-8',
      importance: 'HIGH',
      documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
      width: 'MEDIUM',
      displayName: 'Encoding',
      validator: supportedCharset,
    });
  },
  create(settings) {
    const charset = String(settings[ENCODING]).toUpperCase();
    const encoding = CHARSETS[charset];
    if (!encoding) throw new ConfigException(ENCODING, settings[ENCODING], 'Unsupported charset');
    const decode = (value: Buffer): string => {
      if (encoding !== 'utf8') return value.toString(encoding);
      try {
        return decodeUtf8(value);
      } catch (e) {
        throw new DataException(`Failed to deserialize string: ${(e as Error).message}`, { cause: e });
      }
    };
    const convert = (value: Buffer | null): SchemaAndValue => ({
      schema: Schemas.OPTIONAL_STRING,
      value: value === null ? null : decode(value),
    });
    return {
      toConnectData: (_topic, value) => convert(value),
      toConnectHeader: (_topic, _key, value) => convert(value),
    };
  },
};
