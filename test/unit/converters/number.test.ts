import { describe, expect, it } from 'vitest';
import { DataException, findConverterPlugin } from '../../../shared/converters/index.ts';

const convert = (name: string, bytes: Buffer | null) =>
  findConverterPlugin(name, 'converter')?.create({ 'converter.type': 'value' }).toConnectData?.('t', bytes);
const header = (name: string, bytes: Buffer | null) =>
  findConverterPlugin(name, 'header_converter')
    ?.create({ 'converter.type': 'header' })
    .toConnectHeader?.('t', 'h', bytes);

describe("Connect's number and boolean converters", () => {
  it.each([
    ['BooleanConverter', Buffer.from([1]), true, 'boolean'],
    ['ShortConverter', Buffer.from([0xff, 0xfe]), -2, 'int16'],
    ['IntegerConverter', Buffer.from([0, 0, 1, 0]), 256, 'int32'],
    ['LongConverter', Buffer.from([0, 0, 0, 0, 0, 0, 0, 42]), 42, 'int64'],
    ['FloatConverter', Buffer.from([0x3f, 0xc0, 0, 0]), 1.5, 'float32'],
    ['DoubleConverter', Buffer.from([0x40, 0x04, 0, 0, 0, 0, 0, 0]), 2.5, 'float64'],
  ])(
    '%s reads the big-endian bytes of Kafka serializers, as keys, values and headers',
    (name, bytes, value, type) => {
      const expected = { schema: { type, optional: true }, value };
      expect(convert(name, bytes)).toEqual(expected);
      expect(convert(`org.apache.kafka.connect.converters.${name}`, bytes)).toEqual(expected);
      expect(header(name, bytes)).toEqual(expected);
      expect(convert(name, null)?.value).toBeNull();
    },
  );

  it("fails bytes of the wrong size with Connect's DataException", () => {
    expect(() => convert('Long', Buffer.from([1, 2, 3]))).toThrow(
      new DataException('Failed to deserialize long: Size of data received by LongDeserializer is not 8'),
    );
    expect(() => convert('Boolean', Buffer.from([2]))).toThrow(
      'Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: 2',
    );
  });
});
