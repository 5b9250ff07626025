import { describe, expect, it } from 'vitest';
import type { ConfigErrors } from '../../../shared/config/index.ts';
import { buildConverters, DataException } from '../../../shared/converters/index.ts';
import {
  decimalValue,
  exactInteger,
  floatValue,
  isoDate,
  isoDateTime,
  isoTime,
  twosComplement,
} from '../../../shared/converters/xdm-values.ts';
import type { KafkaRecord } from '../../../shared/records/types.ts';

const record = (value: Buffer): KafkaRecord => ({
  topic: 'orders',
  partition: 0,
  offset: 7,
  timestamp: 0,
  timestampType: 'CREATE_TIME',
  key: null,
  value,
  headers: [],
});

describe('schema registry converters without a registry round trip', () => {
  // The registry URL is never called: these bytes fail before any lookup.
  const converters = buildConverters({
    'value.converter': 'io.confluent.connect.avro.AvroConverter',
    'value.converter.schema.registry.url': 'http://127.0.0.1:9',
  });

  it('fails a record whose first byte is not a schema registry magic byte, naming the byte', async () => {
    const bytes = Buffer.from('{"a":1}');
    await converters.prepare([record(bytes)]);
    expect(() => converters.value.toConnectData('orders', bytes)).toThrow(DataException);
    expect(() => converters.value.toConnectData('orders', bytes)).toThrow(
      'Failed to deserialize value data for topic orders to Avro: Unknown magic byte 0x7b',
    );
  });

  it('fails a record shorter than its header', async () => {
    const bytes = Buffer.from([0, 0, 1]);
    await converters.prepare([record(bytes)]);
    expect(() => converters.value.toConnectData('orders', bytes)).toThrow(/to Avro: .*/);
  });

  it('reads null and empty values as null without a lookup', async () => {
    await converters.prepare([record(Buffer.alloc(0))]);
    expect(converters.value.toConnectData('orders', null)).toEqual({ schema: null, value: null });
    expect(converters.value.toConnectData('orders', Buffer.alloc(0))).toEqual({ schema: null, value: null });
  });

  it('fails the batch, retriably, when the registry cannot be reached', async () => {
    const fresh = buildConverters({
      'value.converter': 'AvroConverter',
      'value.converter.schema.registry.url': 'http://127.0.0.1:9',
      'value.converter.http.read.timeout.ms': '500',
    });
    const error = await fresh.prepare([record(Buffer.from([0, 0, 0, 0, 1, 2]))]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchemaRegistryError', retriable: true });
    expect((error as Error).message).toContain('Schema registry http://127.0.0.1:9 could not be read');
  }, 30_000);

  it('names the prefixed key of a missing or bad schema.registry.url', () => {
    const problems = (config: Record<string, string>) => {
      try {
        buildConverters(config);
        return [];
      } catch (e) {
        return (e as ConfigErrors).problems;
      }
    };
    expect(problems({ 'value.converter': 'ProtobufConverter' })).toEqual([
      {
        key: 'value.converter.schema.registry.url',
        message:
          'Missing required configuration "value.converter.schema.registry.url" which has no default value.',
      },
    ]);
    expect(
      problems({ 'key.converter': 'JsonSchemaConverter', 'key.converter.schema.registry.url': 'ftp://x' })[0]
        ?.key,
    ).toBe('key.converter.schema.registry.url');
    expect(
      problems({
        'value.converter': 'AvroConverter',
        'value.converter.schema.registry.url': 'http://r:8081',
        'value.converter.basic.auth.credentials.source': 'SASL_INHERIT',
      })[0]?.key,
    ).toBe('value.converter.basic.auth.credentials.source');
  });
});

describe('XDM values', () => {
  it('keeps every digit of integers beyond 2^53 and of long decimals', () => {
    expect(JSON.stringify({ id: exactInteger(2n ** 62n + 1n) })).toBe('{"id":4611686018427387905}');
    expect(exactInteger('42')).toBe(42);
    expect(JSON.stringify(decimalValue(123456789012345678901234n, 4))).toBe('12345678901234567890.1234');
    expect(decimalValue(12345n, 2)).toBe(123.45);
    expect(decimalValue(-5n, 3)).toBe(-0.005);
    expect(decimalValue(12n, -2)).toBe(1200);
  });

  it('reads two’s-complement bytes', () => {
    expect(twosComplement(Buffer.from([0x30, 0x39]))).toBe(12345n);
    expect(twosComplement(Buffer.from([0xff, 0x38]))).toBe(-200n);
    expect(twosComplement(Buffer.alloc(0))).toBe(0n);
  });

  it('writes dates, times and instants as XDM text', () => {
    expect(isoDate(19_844)).toBe('2024-05-01');
    expect(isoDateTime(1_714_564_800_123n, 3)).toBe('2024-05-01T12:00:00.123Z');
    expect(isoDateTime(1_714_564_800_123_456n, 6)).toBe('2024-05-01T12:00:00.123456Z');
    expect(isoDateTime(-1n, 6)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoDateTime(1_714_564_800_123n, 3, false)).toBe('2024-05-01T12:00:00.123');
    expect(isoTime(45_296_789n, 3)).toBe('12:34:56.789');
  });

  it('writes non-finite floats as Protobuf’s JSON strings', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5].map(floatValue)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      1.5,
    ]);
  });
});
