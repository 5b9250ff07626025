import { describe, expect, it } from 'vitest';
import {
  buildConverters,
  ConverterClasses,
  converterPlugins,
  DataException,
  findConverterPlugin,
} from '../../../shared/converters/index.ts';
import { configErrorsOf } from '../../support/config-errors.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

function value(config: Record<string, string>) {
  return buildConverters(config).value;
}

const schemaless = value({ 'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false' });
const withSchemas = value({ 'value.converter': ConverterClasses.JSON });

describe('JsonConverter', () => {
  it.each([
    ['an object', '{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
    ['an array', '[1,2]', [1, 2]],
    ['a string', '"text"', 'text'],
    ['a number', '4.5', 4.5],
    ['null', 'null', null],
  ])('with schemas.enable=false reads %s as schemaless data', (_case, text, expected) => {
    const converted = schemaless.toConnectData('t', bytes(text));

    expect(converted.schema).toBeNull();
    expect(converted.value).toEqual(expected);
  });

  it('hands back the JSON text of schemaless values so it can be sent unchanged', () => {
    const text = '{"big":12345678901234567890}';
    expect(schemaless.toConnectData('t', bytes(text)).json).toBe(text);
  });

  it.each([
    ['null bytes (a tombstone)', null],
    ['empty bytes', bytes('')],
    ['blank bytes', bytes('  \n')],
  ])('reads %s as a null value', (_case, input) => {
    expect(schemaless.toConnectData('t', input)).toEqual({ schema: null, value: null });
    expect(withSchemas.toConnectData('t', null)).toEqual({ schema: null, value: null });
  });

  it('refuses text that is not JSON with a DataException', () => {
    expect(() => schemaless.toConnectData('t', bytes('{"a":'))).toThrow(DataException);
    expect(() => schemaless.toConnectData('t', bytes('not json'))).toThrow(
      /^Converting byte\[\] to Kafka Connect data failed due to serialization error: /,
    );
  });

  it.each([
    ['FF', [0xff]],
    ['C0 80 (overlong)', [0xc0, 0x80]],
    ['ED A0 80 (a surrogate)', [0xed, 0xa0, 0x80]],
    ['E2 82 (truncated)', [0xe2, 0x82]],
  ])(
    'fails invalid UTF-8 (%s) inside a JSON string, naming the offset, instead of delivering U+FFFD',
    (_c, seq) => {
      const record = Buffer.concat([bytes('{"name":"a'), Buffer.from(seq), bytes('b"}')]);
      for (const json of [schemaless, withSchemas]) {
        expect(() => json.toConnectData('t', record)).toThrow(
          new DataException(
            `Converting byte[] to Kafka Connect data failed due to serialization error: Invalid UTF-8 byte 0x${seq[0]?.toString(16)} at byte offset 10`,
          ),
        );
      }
    },
  );

  it('defaults to schemas.enable=true, as Connect does', () => {
    const json = buildConverters({ 'value.converter': ConverterClasses.JSON }).value;
    expect(() => json.toConnectData('t', bytes('{"a":1}'))).toThrow(ENVELOPE_ERROR);
  });

  it.each([
    ['plain JSON', '{"a":1}'],
    ['an envelope without payload', '{"schema":{"type":"string"}}'],
    ['an envelope without schema', '{"payload":"x"}'],
    ['an envelope with an extra field', '{"schema":null,"payload":1,"extra":true}'],
    ['an array', '[1]'],
  ])('with schemas.enable=true refuses %s with Connect’s message', (_case, text) => {
    expect(() => withSchemas.toConnectData('t', bytes(text))).toThrow(ENVELOPE_ERROR);
  });

  it('reads an envelope with a null schema as schemaless data', () => {
    expect(withSchemas.toConnectData('t', bytes('{"schema":null,"payload":{"a":1}}'))).toEqual({
      schema: null,
      value: { a: 1 },
    });
  });

  it('reads a struct envelope, keeping only schema fields and filling defaults', () => {
    const envelope = {
      schema: {
        type: 'struct',
        name: 'Order',
        fields: [
          { field: 'id', type: 'int64' },
          { field: 'total', type: 'double', optional: true },
          { field: 'currency', type: 'string', optional: true, default: 'EUR' },
          { field: 'tags', type: 'array', items: { type: 'string' } },
          { field: 'blob', type: 'bytes', optional: true },
        ],
      },
      payload: { id: 7, total: 9.5, currency: null, tags: ['a'], blob: 'AQI=', ignored: true },
    };

    const converted = withSchemas.toConnectData('t', bytes(JSON.stringify(envelope)));

    expect(converted.schema).toMatchObject({ type: 'struct', name: 'Order', optional: false });
    expect(converted.schema?.fields?.[1]).toMatchObject({ field: 'total', type: 'float64', optional: true });
    expect(converted.value).toEqual({
      id: 7,
      total: 9.5,
      currency: 'EUR',
      tags: ['a'],
      blob: Buffer.from([1, 2]),
    });
  });

  it.each([
    ['a schema without type', { schema: { optional: true }, payload: 1 }, "Schema must contain 'type' field"],
    ['an unknown type', { schema: { type: 'uuid' }, payload: 1 }, 'Unknown schema type: uuid'],
    [
      'an array schema without items',
      { schema: { type: 'array' }, payload: [] },
      'Array schema did not specify the element type',
    ],
    [
      'a map schema without keys',
      { schema: { type: 'map', values: { type: 'int32' } }, payload: {} },
      'Map schema did not specify the key type',
    ],
    [
      'struct fields that are not an array',
      { schema: { type: 'struct', fields: {} }, payload: {} },
      'Struct schema\'s "fields" argument is not an array.',
    ],
    [
      'a null required field',
      { schema: { type: 'struct', fields: [{ field: 'id', type: 'int32' }] }, payload: {} },
      'Invalid null value for required INT32 field (payload.id)',
    ],
    [
      'a struct payload that is not an object',
      { schema: { type: 'struct', fields: [] }, payload: [] },
      'Structs should be encoded as JSON objects, but found ARRAY (payload)',
    ],
    ['an int8 out of range', { schema: { type: 'int8' }, payload: 300 }, 'Invalid type for INT8'],
    [
      'a string where an int32 is due',
      { schema: { type: 'int32' }, payload: 'x' },
      'Invalid type for INT32, underlying representation should be int32 but was STRING (payload)',
    ],
    [
      'parameters that are not strings',
      { schema: { type: 'string', parameters: { a: 1 } }, payload: 'x' },
      'Schema parameters must have string values.',
    ],
  ])('refuses %s with a DataException', (_case, envelope, message) => {
    const run = () => withSchemas.toConnectData('t', bytes(JSON.stringify(envelope)));
    expect(run).toThrow(DataException);
    expect(run).toThrow(message);
  });

  it.each([
    [
      'a map with string keys',
      { type: 'map', keys: { type: 'string' }, values: { type: 'int32' } },
      { a: 1, b: 2 },
      { a: 1, b: 2 },
    ],
    [
      'a map with non-string keys, as an array of [key, value] tuples',
      { type: 'map', keys: { type: 'int32' }, values: { type: 'string' } },
      [
        [1, 'a'],
        [2, 'b'],
      ],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      'a Date (days since epoch)',
      { type: 'int32', name: 'org.apache.kafka.connect.data.Date' },
      19_000,
      19_000,
    ],
    [
      'a Timestamp (epoch ms)',
      { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp' },
      1_700_000_000_000,
      1_700_000_000_000,
    ],
    [
      'a Decimal in base64',
      { type: 'bytes', name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '2' } },
      'AQ==',
      'AQ==',
    ],
    ['an optional null with a default', { type: 'string', optional: true, default: 'n/a' }, null, 'n/a'],
  ])('reads %s', (_case, schema, payload, expected) => {
    expect(withSchemas.toConnectData('t', bytes(JSON.stringify({ schema, payload }))).value).toEqual(
      expected,
    );
  });

  it.each([
    [
      'a map entry that is not a tuple',
      { type: 'map', keys: { type: 'int32' }, values: { type: 'int32' } },
      [1],
      'Found invalid map entry instead of array tuple: NUMBER',
    ],
    [
      'a map entry of three',
      { type: 'map', keys: { type: 'int32' }, values: { type: 'int32' } },
      [[1, 2, 3]],
      'expected length 2 but found :3',
    ],
    [
      'a string-keyed map that is an array',
      { type: 'map', keys: { type: 'string' }, values: { type: 'int32' } },
      [],
      'Maps with string fields should be encoded as JSON objects, but found ARRAY',
    ],
    [
      'a Timestamp that is text',
      { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp' },
      'now',
      'Invalid type for Timestamp, underlying representation should be integral but was STRING',
    ],
    [
      'bytes that are not text',
      { type: 'bytes' },
      12,
      'Invalid bytes field (payload): expected base64 text, found NUMBER',
    ],
  ])('refuses %s', (_case, schema, payload, message) => {
    expect(() => withSchemas.toConnectData('t', bytes(JSON.stringify({ schema, payload })))).toThrow(message);
  });

  it.each([
    ['2^53 + 2', '9007199254740994', 9007199254740994],
    ['a nanosecond timestamp', '1700000000123456789', Number(1700000000123456789n)],
    ['Long.MAX_VALUE', '9223372036854775807', 2 ** 63],
    ['Long.MIN_VALUE', '-9223372036854775808', -(2 ** 63)],
  ])('reads an int64 beyond ±2^53 (%s) exactly, as Connect does', (_case, text) => {
    const envelope = `{"schema":{"type":"int64"},"payload":${text}}`;
    expect(withSchemas.toConnectData('t', bytes(envelope)).value).toBe(BigInt(text));
  });

  it('keeps a map key or struct field named __proto__ as data instead of dropping it', () => {
    const map =
      '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"string"}},"payload":{"__proto__":"x","a":"y"}}';
    const struct =
      '{"schema":{"type":"struct","fields":[{"field":"__proto__","type":"string"}]},"payload":{"__proto__":"x"}}';
    expect(JSON.stringify(withSchemas.toConnectData('t', bytes(map)).value)).toBe(
      '{"__proto__":"x","a":"y"}',
    );
    expect(JSON.stringify(withSchemas.toConnectData('t', bytes(struct)).value)).toBe('{"__proto__":"x"}');
  });

  it('refuses an int64 outside the range of a Java long', () => {
    const envelope = '{"schema":{"type":"int64"},"payload":1e20}';
    expect(() => withSchemas.toConnectData('t', bytes(envelope))).toThrow(/Invalid type for INT64/);
  });

  it('with replace.null.with.default=false keeps a null where the schema has a default', () => {
    const json = value({
      'value.converter': ConverterClasses.JSON,
      'value.converter.replace.null.with.default': 'false',
    });
    const envelope = { schema: { type: 'string', optional: true, default: 'n/a' }, payload: null };
    expect(json.toConnectData('t', bytes(JSON.stringify(envelope))).value).toBeNull();
  });

  it('is a header converter too', () => {
    const { header } = buildConverters({
      'header.converter': 'JsonConverter',
      'header.converter.schemas.enable': 'false',
    });
    expect(header.toConnectHeader('t', 'h', bytes('{"n":1}')).value).toEqual({ n: 1 });
  });
});

describe('StringConverter', () => {
  it.each([
    ['UTF8', 'héllo ✓', bytes('héllo ✓')],
    ['ISO-8859-1', 'hé', Buffer.from([0x68, 0xe9])],
    ['US-ASCII', 'hi', bytes('hi')],
  ])('decodes %s text into an optional string', (encoding, expected, input) => {
    const converter = value({
      'value.converter': ConverterClasses.STRING,
      'value.converter.converter.encoding': encoding,
    });
    expect(converter.toConnectData('t', input)).toEqual({
      schema: { type: 'string', optional: true },
      value: expected,
    });
  });

  it('keeps null as null and fails bytes that are not UTF-8, naming the offset, instead of replacing them', () => {
    const converter = value({ 'value.converter': 'StringConverter' });
    expect(converter.toConnectData('t', null).value).toBeNull();
    expect(() => converter.toConnectData('t', Buffer.from([0x41, 0xff, 0x41]))).toThrow(
      new DataException('Failed to deserialize string: Invalid UTF-8 byte 0xff at byte offset 1'),
    );
    const latin1 = value({
      'value.converter': 'StringConverter',
      'value.converter.converter.encoding': 'ISO-8859-1',
    });
    expect(latin1.toConnectData('t', Buffer.from([0xff, 0x41])).value).toBe('\u00FFA');
  });
});

describe('ByteArrayConverter', () => {
  it('passes bytes through as an optional bytes value', () => {
    const converter = value({ 'value.converter': ConverterClasses.BYTE_ARRAY });
    expect(converter.toConnectData('t', Buffer.from([1, 2]))).toEqual({
      schema: { type: 'bytes', optional: true },
      value: Buffer.from([1, 2]),
    });
  });
});

describe('buildConverters', () => {
  it('without converter keys uses the sink defaults: string keys, schemaless JSON values, string headers', () => {
    const converters = buildConverters({});

    expect(converters.classNames).toEqual({
      key: ConverterClasses.STRING,
      value: ConverterClasses.JSON,
      header: ConverterClasses.SIMPLE_HEADER,
    });
    expect(converters.key.toConnectData('t', bytes('k-1')).value).toBe('k-1');
    expect(converters.value.toConnectData('t', bytes('{"a":1}')).value).toEqual({ a: 1 });
    expect(converters.header.toConnectHeader('t', 'h', bytes('42'))).toEqual({
      schema: { type: 'string', optional: false },
      value: '42',
    });
  });

  it('applies the connector’s converter settings to a default converter (Adobe’s configs set schemas.enable only)', () => {
    const converters = buildConverters({ 'value.converter.schemas.enable': 'true' });
    expect(() => converters.value.toConnectData('t', bytes('{"a":1}'))).toThrow(ENVELOPE_ERROR);
  });

  it('uses worker defaults for slots the connector does not name, with the worker’s settings', () => {
    const worker = { 'value.converter': ConverterClasses.JSON, 'value.converter.schemas.enable': 'true' };
    const converters = buildConverters({ 'key.converter': ConverterClasses.BYTE_ARRAY }, worker);

    expect(converters.classNames.key).toBe(ConverterClasses.BYTE_ARRAY);
    expect(() => converters.value.toConnectData('t', bytes('{"a":1}'))).toThrow(ENVELOPE_ERROR);
  });

  it('does not apply a worker converter’s settings to the converter the connector names', () => {
    const worker = { 'value.converter': ConverterClasses.JSON, 'value.converter.schemas.enable': 'false' };
    const converters = buildConverters({ 'value.converter': ConverterClasses.JSON }, worker);
    expect(() => converters.value.toConnectData('t', bytes('{"a":1}'))).toThrow(ENVELOPE_ERROR);
  });

  it('reports every bad converter key at once, each by its full name', () => {
    const thrown = configErrorsOf(() =>
      buildConverters({
        'key.converter': 'com.example.AvroConverter',
        'value.converter': 'JsonConverter',
        'value.converter.schemas.enable': 'maybe',
        'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'header.converter.converter.encoding': 'EBCDIC',
      }),
    );

    expect(thrown?.problems.map((p) => p.key)).toEqual([
      'key.converter',
      'value.converter.schemas.enable',
      'header.converter.converter.encoding',
    ]);
    expect(thrown?.problems[0]?.message).toBe(
      'Invalid value com.example.AvroConverter for configuration key.converter: Class com.example.AvroConverter could not be found.',
    );
    expect(thrown?.problems[1]?.message).toContain('Expected value to be either true or false');
  });

  it('refuses a header-only converter as a value converter', () => {
    expect(() => buildConverters({ 'value.converter': ConverterClasses.SIMPLE_HEADER })).toThrow(
      'is not a Converter',
    );
  });
});

describe('converter registry', () => {
  it('lists each converter with its class, plugin types and version', () => {
    expect(converterPlugins().map((p) => [p.className, p.types])).toEqual([
      [ConverterClasses.JSON, ['converter', 'header_converter']],
      [ConverterClasses.STRING, ['converter', 'header_converter']],
      [ConverterClasses.BYTE_ARRAY, ['converter', 'header_converter']],
      [ConverterClasses.AVRO, ['converter']],
      [ConverterClasses.PROTOBUF, ['converter']],
      [ConverterClasses.JSON_SCHEMA, ['converter']],
      ...['Boolean', 'Double', 'Float', 'Integer', 'Long', 'Short'].map((type) => [
        `org.apache.kafka.connect.converters.${type}Converter`,
        ['converter', 'header_converter'],
      ]),
      [ConverterClasses.SIMPLE_HEADER, ['header_converter']],
    ]);
    for (const plugin of converterPlugins()) expect(plugin.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    ['JsonConverter', ConverterClasses.JSON],
    ['Json', ConverterClasses.JSON],
    ['String', ConverterClasses.STRING],
    ['ByteArrayConverter', ConverterClasses.BYTE_ARRAY],
    ['Simple', ConverterClasses.SIMPLE_HEADER],
    ['AvroConverter', ConverterClasses.AVRO],
    ['Protobuf', ConverterClasses.PROTOBUF],
    ['JsonSchemaConverter', ConverterClasses.JSON_SCHEMA],
  ])('finds %s by alias', (alias, className) => {
    expect(findConverterPlugin(alias)?.className).toBe(className);
  });

  it('exposes each converter’s ConfigDef as /connector-plugins/{plugin}/config lists it', () => {
    const keys = (name: string) =>
      findConverterPlugin(name)
        ?.configDef()
        .keys()
        .map((k) => [k.name, k.defaultValue]);
    expect(keys('JsonConverter')).toEqual([
      ['converter.type', undefined],
      ['schemas.enable', true],
      ['schemas.cache.size', 1000],
      ['decimal.format', 'BASE64'],
      ['replace.null.with.default', true],
    ]);
    expect(keys('StringConverter')).toEqual([
      ['converter.type', undefined],
      ['converter.encoding', 'UTF-8'],
    ]);
    expect(keys('SimpleHeaderConverter')).toEqual([]);
  });
});
