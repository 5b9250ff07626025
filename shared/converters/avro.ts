// io.confluent.connect.avro.AvroConverter, reading side: Avro records written by Confluent's serializers (and any
// other that writes the registry wire format) become schemaless Connect data in the JSON an XDM schema takes. Avro
// itself is decoded by `avsc`, loaded on first use.
import type * as Avsc from 'avsc';
import type { RegistrySchema } from '../schema-registry/index.ts';
import { ConverterClasses } from './constants.ts';
import { registryConverter } from './schema-registry.ts';
import type { SchemaAndValue } from './types.ts';
import {
  base64,
  decimalValue,
  exactInteger,
  floatValue,
  isoDate,
  isoDateTime,
  isoTime,
  twosComplement,
} from './xdm-values.ts';

type Convert = (value: unknown) => unknown;
const loadAvsc = async () => (await import('avsc')).default;
type AvroLib = Awaited<ReturnType<typeof loadAvsc>>;

/**
 * `AvroConverter`. Keys and values in the registry wire format become plain JSON data (records and maps as
 * objects, unions as the branch's value, enums as their symbol, bytes and fixed as base64, logical types as in the
 * table of docs/sink.md). The schema is not attached: records are schemaless Connect data, like JsonConverter's
 * with `schemas.enable=false`, so every transform and predicate runs in its schemaless mode.
 *
 * @example
 * const avro = avroConverter.create({ 'converter.type': 'value', 'schema.registry.url': ['http://127.0.0.1:8081'], … });
 * await avro.prepare?.(records);
 * avro.toConnectData?.('orders', record.value).value; // { id: 'o-1', total: 12.5, … }
 */
export const avroConverter = registryConverter({
  className: ConverterClasses.AVRO,
  displayName: 'Avro',
  schemaType: 'AVRO',
  async compile(writer, reader) {
    const avro = await loadAvsc();
    const writerType = avroType(avro, writer);
    const readerType = reader ? avroType(avro, reader) : writerType;
    const resolver = readerType === writerType ? undefined : readerType.createResolver(writerType);
    const toJson = converterOf(readerType);
    return (payload): SchemaAndValue => {
      const decoded = readerType.fromBuffer(payload, resolver);
      return { schema: null, value: toJson ? toJson(decoded) : decoded };
    };
  },
});

const cache = new WeakMap<object, ReturnType<typeof avsc>>();

function avsc(avro: AvroLib) {
  const { LogicalType } = avro.types;
  // Longs beyond ±2^53 keep every digit (as bigint), instead of failing the record.
  const long = avro.types.LongType.__with({
    fromBuffer: (buf: Buffer) => {
      const n = buf.readBigInt64LE();
      return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
    },
    toBuffer: (n: number | bigint) => {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(BigInt(n));
      return buf;
    },
    fromJSON: (n: number | bigint) => n,
    toJSON: (n: number | bigint) => Number(n),
    isValid: (n: unknown) => typeof n === 'number' || typeof n === 'bigint',
    compare: (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0),
  });

  // Each logical type turns the underlying value into its XDM JSON form while decoding.
  abstract class XdmLogical extends LogicalType {
    protected abstract toXdm(value: unknown): unknown;
    protected override _fromValue(value: unknown): unknown {
      return this.toXdm(value);
    }
    protected override _toValue(): unknown {
      throw new Error('this converter only reads Avro');
    }
    protected override _resolve(type: Avsc.Type): unknown {
      if (type.typeName === this.typeName) return (value: unknown) => value; // already converted by the writer's type
      if (type.typeName === this.underlyingType.typeName) return (value: unknown) => this.toXdm(value);
      return undefined;
    }
  }
  class Decimal extends XdmLogical {
    readonly scale: number;
    constructor(schema: Avsc.Schema, opts?: unknown) {
      super(schema, opts);
      this.scale = Number((schema as { scale?: number }).scale ?? 0);
    }
    protected toXdm(value: unknown) {
      return decimalValue(twosComplement(value as Buffer), this.scale);
    }
  }
  const bigint = (value: unknown) => (typeof value === 'bigint' ? value : BigInt(value as number));
  const logical = (toXdm: (value: unknown) => unknown) =>
    class extends XdmLogical {
      protected toXdm(value: unknown) {
        return toXdm(value);
      }
    };
  return {
    long,
    logicalTypes: {
      decimal: Decimal,
      uuid: logical((v) => v),
      date: logical((v) => isoDate(v as number)),
      'time-millis': logical((v) => isoTime(bigint(v), 3)),
      'time-micros': logical((v) => isoTime(bigint(v), 6)),
      'timestamp-millis': logical((v) => isoDateTime(bigint(v), 3)),
      'timestamp-micros': logical((v) => isoDateTime(bigint(v), 6)),
      'timestamp-nanos': logical((v) => isoDateTime(bigint(v), 9)),
      'local-timestamp-millis': logical((v) => isoDateTime(bigint(v), 3, false)),
      'local-timestamp-micros': logical((v) => isoDateTime(bigint(v), 6, false)),
      'local-timestamp-nanos': logical((v) => isoDateTime(bigint(v), 9, false)),
    } as Record<string, new (schema: Avsc.Schema, opts?: unknown) => Avsc.types.LogicalType>,
  };
}

/** The avsc type of a registry schema, its references registered first (leaves before the schemas using them). */
function avroType(avro: AvroLib, schema: RegistrySchema): Avsc.Type {
  let types = cache.get(avro);
  if (!types) {
    types = avsc(avro);
    cache.set(avro, types);
  }
  const registry: Record<string, Avsc.Type> = { long: types.long };
  const options = { registry, logicalTypes: types.logicalTypes, wrapUnions: 'auto' } as Avsc.ForSchemaOptions;
  for (const referenced of [...schema.references.values()].reverse()) {
    avro.Type.forSchema(JSON.parse(referenced), options);
  }
  return avro.Type.forSchema(JSON.parse(schema.schema), options);
}

/**
 * How a decoded avsc value becomes plain JSON data, or `undefined` when it already is (strings, numbers, booleans,
 * null, converted logical values, arrays of those).
 */
function converterOf(type: Avsc.Type, seen = new Map<Avsc.Type, Convert | undefined>()): Convert | undefined {
  if (seen.has(type)) return seen.get(type) ?? ((v) => (seen.get(type) as Convert)(v));
  const name = type.typeName;
  if (name.startsWith('logical:')) return undefined;
  switch (name) {
    case 'bytes':
    case 'fixed':
      return (v) => base64(v as Buffer);
    case 'float':
    case 'double':
      return (v) => floatValue(v as number);
    case 'abstract:long':
    case 'long':
      return (v) => (typeof v === 'bigint' ? exactInteger(v) : v);
    case 'array': {
      const item = converterOf((type as Avsc.types.ArrayType).itemsType as Avsc.Type, seen);
      return item ? (v) => (v as unknown[]).map(item) : undefined;
    }
    case 'map': {
      const values = converterOf((type as Avsc.types.MapType).valuesType as Avsc.Type, seen);
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>))
          setData(out, k, values ? values(x) : x);
        return out;
      };
    }
    case 'record':
    case 'error': {
      let fields: Array<[string, Convert | undefined]> = [];
      const convert: Convert = (v) => {
        const out: Record<string, unknown> = {};
        const record = v as Record<string, unknown>;
        for (const [field, f] of fields) setData(out, field, f ? f(record[field]) : record[field]);
        return out;
      };
      seen.set(type, convert); // recursive records refer to themselves
      fields = (type as Avsc.types.RecordType).fields.map((f) => [f.name, converterOf(f.type, seen)]);
      return convert;
    }
    case 'union:wrapped': {
      const branches = new Map<string, Convert | undefined>();
      for (const branch of (type as Avsc.types.WrappedUnionType).types as Avsc.Type[]) {
        branches.set(branch.branchName as string, converterOf(branch, seen));
      }
      return (v) => {
        if (v === null) return null;
        for (const k in v as object) {
          const value = (v as Record<string, unknown>)[k];
          const f = branches.get(k);
          return f ? f(value) : value;
        }
        return null;
      };
    }
    case 'union:unwrapped': {
      // avsc unwraps a union only when its branches are told apart by JavaScript type.
      const kinds = new Map<string, Convert>();
      for (const branch of (type as Avsc.types.UnwrappedUnionType).types as Avsc.Type[]) {
        const f = converterOf(branch, seen);
        if (f) kinds.set(kindOfType(branch), f);
      }
      if (kinds.size === 0) return undefined;
      return (v) => {
        const f = kinds.get(kindOfValue(v));
        return f ? f(v) : v;
      };
    }
    default:
      return undefined;
  }
}

function kindOfType(type: Avsc.Type): string {
  switch (type.typeName) {
    case 'bytes':
    case 'fixed':
      return 'bytes';
    case 'float':
    case 'double':
    case 'int':
      return 'number';
    case 'long':
    case 'abstract:long':
      return 'long';
    case 'array':
      return 'array';
    default:
      return 'object';
  }
}

function kindOfValue(value: unknown): string {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'bigint') return 'long';
  if (Buffer.isBuffer(value)) return 'bytes';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' && value !== null && !isRawJson(value) ? 'object' : 'other';
}

const isRawJson = (JSON as unknown as { isRawJSON(value: unknown): boolean }).isRawJSON;

// `__proto__` is data here; a plain assignment would set the prototype instead.
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
