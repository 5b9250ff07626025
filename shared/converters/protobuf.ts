// io.confluent.connect.protobuf.ProtobufConverter, reading side: Protobuf messages in the registry wire format become
// schemaless Connect data in the JSON an XDM schema takes. Schemas are read with `protobufjs` (loaded on first use),
// from `.proto` text or from a base64 `FileDescriptorProto`, whichever form the registry serves.
import type * as Protobuf from 'protobufjs';
import type { RegistrySchema } from '../schema-registry/index.ts';
import { ConverterClasses } from './constants.ts';
import { registryConverter } from './schema-registry.ts';
import type { SchemaAndValue } from './types.ts';
import { base64, decimalValue, exactInteger, floatValue, isoDateTime, twosComplement } from './xdm-values.ts';

type Convert = (value: unknown) => unknown;
const loadProtobuf = async () => (await import('protobufjs')).default;
type Pb = Awaited<ReturnType<typeof loadProtobuf>>;

// Imports Confluent's serializers never register as references (`isBuiltin`): google/protobuf/* come with
// protobufjs; these are the others a schema may use.
const BUILT_IN_PROTOS: Readonly<Record<string, string>> = {
  'confluent/type/decimal.proto':
    'syntax = "proto3"; package confluent.type; message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }',
  'google/type/date.proto':
    'syntax = "proto3"; package google.type; message Date { int32 year = 1; int32 month = 2; int32 day = 3; }',
  'google/type/timeofday.proto':
    'syntax = "proto3"; package google.type; message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }',
};

/**
 * `ProtobufConverter`. The message the record's message indexes name is decoded and becomes plain JSON data: fields
 * under their `.proto` names, enums as their names, 64-bit integers as exact JSON numbers, bytes as base64, a oneof
 * as the one field that is set, well-known types as in the table of docs/sink.md. Fields with presence (messages,
 * oneof members, `optional`) appear only when set; other fields always appear, with their default when unset.
 *
 * @example
 * const protobuf = protobufConverter.create({ 'converter.type': 'value', 'schema.registry.url': ['http://127.0.0.1:8081'], … });
 */
export const protobufConverter = registryConverter({
  className: ConverterClasses.PROTOBUF,
  displayName: 'Protobuf',
  schemaType: 'PROTOBUF',
  fetchFormat: 'serialized',
  async compile(writer) {
    const pb = await loadProtobuf();
    const descriptor = (await import('protobufjs/ext/descriptor.js')).default;
    const { root, messages } = buildRoot(pb, descriptor, writer);
    const decoders = new Map<string, { type: Protobuf.Type; toJson: Convert }>();
    return (payload, indexes): SchemaAndValue => {
      const name = messageName(messages, indexes.length === 0 ? [0] : indexes);
      let decoder = decoders.get(name);
      if (!decoder) {
        const type = root.lookupType(name);
        decoder = { type, toJson: messageConverter(pb, root, type, new Map()) };
        decoders.set(name, decoder);
      }
      return { schema: null, value: decoder.toJson(decoder.type.decode(payload)) };
    };
  },
});

/** A schema's top-level messages in file order (`package.Name`), each with its nested messages. */
interface MessageTree {
  readonly name: string;
  readonly nested: readonly MessageTree[];
}

function messageName(top: readonly MessageTree[], indexes: readonly number[]): string {
  let level = top;
  let found: MessageTree | undefined;
  for (const i of indexes) {
    found = level[i];
    if (!found) throw new Error(`The schema has no message at index path [${indexes.join(', ')}]`);
    level = found.nested;
  }
  return (found as MessageTree).name;
}

/** One root with the well-known types, the built-ins, every reference and the schema; and the schema's messages. */
function buildRoot(
  pb: Pb,
  descriptor: typeof import('protobufjs/ext/descriptor.js'),
  writer: RegistrySchema,
): { root: Protobuf.Root; messages: MessageTree[] } {
  const root = new pb.Root();
  const common = pb.common as unknown as Record<string, { nested: Protobuf.INamespace['nested'] }>;
  for (const name of ['any', 'duration', 'timestamp', 'empty', 'struct', 'wrappers', 'field_mask']) {
    root.addJSON(common[`google/protobuf/${name}.proto`]?.nested ?? {});
  }
  const descriptors: Protobuf.Message<object>[] = [];
  const add = (schema: string): MessageTree[] => {
    if (isProtoText(schema)) {
      const parsed = pb.parse(schema, new pb.Root(), { keepCase: true });
      pb.parse(schema, root, { keepCase: true });
      const pkg = parsed.package ? parsed.root.lookup(parsed.package) : parsed.root;
      return treeOfNamespace(pb, pkg as Protobuf.Namespace);
    }
    const file = descriptor.FileDescriptorProto.decode(Buffer.from(schema, 'base64'));
    descriptors.push(file);
    return treeOfDescriptor(file as unknown as FileDescriptor);
  };
  // A reference the registry has replaces the built-in of the same name.
  const files = new Map<string, string>(Object.entries(BUILT_IN_PROTOS));
  for (const [name, schema] of writer.references) files.set(name, schema);
  for (const schema of files.values()) add(schema);
  const messages = add(writer.schema);
  root.resolveAll();
  if (descriptors.length === 0) return { root, messages };
  // Descriptor files resolve their types when read: read them with everything else, as descriptors too.
  const text = root.toDescriptor('proto3') as unknown as { file: Protobuf.Message<object>[] };
  const all = pb.Root.fromDescriptor({ file: [...text.file, ...descriptors] } as never, { keepCase: true });
  return { root: all, messages };
}

function isProtoText(schema: string): boolean {
  return /[\s{};"]/.test(schema.trim());
}

function treeOfNamespace(pb: Pb, ns: Protobuf.Namespace): MessageTree[] {
  return ns.nestedArray
    .filter((n): n is Protobuf.Type => n instanceof pb.Type)
    .map((t) => ({ name: t.fullName.slice(1), nested: treeOfNamespace(pb, t) }));
}

interface FileDescriptor {
  package?: string;
  messageType?: Array<{ name?: string; nestedType?: FileDescriptor['messageType'] }>;
}

function treeOfDescriptor(file: FileDescriptor): MessageTree[] {
  const walk = (prefix: string, types: FileDescriptor['messageType']): MessageTree[] =>
    (types ?? []).map((t) => {
      const name = `${prefix}${t.name}`;
      return { name, nested: walk(`${name}.`, t.nestedType) };
    });
  return walk(file.package ? `${file.package}.` : '', file.messageType);
}

/** How a decoded message of `type` becomes plain JSON data. */
function messageConverter(
  pb: Pb,
  root: Protobuf.Root,
  type: Protobuf.Type,
  seen: Map<Protobuf.Type, Convert>,
): Convert {
  const wellKnown = wellKnownConverter(pb, root, type, seen);
  if (wellKnown) return wellKnown;
  const existing = seen.get(type);
  if (existing) return existing;
  let fields: Array<{ name: string; convert: Convert; presence: boolean }> = [];
  const convert: Convert = (message) => {
    const out: Record<string, unknown> = {};
    const m = message as Record<string, unknown>;
    for (const field of fields) {
      const value = m[field.name];
      if (field.presence && (value === null || value === undefined || !Object.hasOwn(m, field.name)))
        continue;
      setData(out, field.name, field.convert(value));
    }
    return out;
  };
  seen.set(type, convert);
  fields = type.fieldsArray.map((field) => {
    field.resolve();
    const one = valueConverter(pb, root, field, seen);
    const presence =
      field.partOf !== null ||
      field.hasPresence ||
      (field.resolvedType instanceof pb.Type && !field.repeated && !field.map);
    let convertField: Convert = one;
    if (field.map) {
      convertField = (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries((v ?? {}) as Record<string, unknown>)) setData(out, k, one(x));
        return out;
      };
    } else if (field.repeated) {
      convertField = (v) => ((v ?? []) as unknown[]).map(one);
    }
    return { name: field.name, convert: convertField, presence };
  });
  return convert;
}

/** How one value of `field` (an element, for repeated and map fields) becomes JSON. */
function valueConverter(
  pb: Pb,
  root: Protobuf.Root,
  field: Protobuf.Field,
  seen: Map<Protobuf.Type, Convert>,
): Convert {
  const resolved = field.resolvedType;
  if (resolved instanceof pb.Enum) {
    const names = resolved.valuesById;
    return (v) => (typeof v === 'number' ? (names[v] ?? v) : v);
  }
  if (resolved instanceof pb.Type) {
    const message = messageConverter(pb, root, resolved, seen);
    return (v) => (v === null || v === undefined ? null : message(v));
  }
  switch (field.type) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return longValue;
    case 'bytes':
      return (v) => base64(v as Uint8Array);
    case 'float':
    case 'double':
      return (v) => floatValue(v as number);
    default:
      return (v) => v;
  }
}

/** protobufjs reads 64-bit integers as `Long` objects (or numbers when Long is absent). */
function longValue(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'low' in value) return exactInteger(String(value));
  return exactInteger(String(value));
}

function seconds(value: unknown): bigint {
  return BigInt(String(value ?? 0));
}

/** Well-known types (google.protobuf.*, google.type.*, confluent.type.Decimal) → their JSON forms. */
function wellKnownConverter(
  pb: Pb,
  root: Protobuf.Root,
  type: Protobuf.Type,
  seen: Map<Protobuf.Type, Convert>,
): Convert | undefined {
  const field = (name: string) => (m: unknown) => (m as Record<string, unknown>)[name];
  switch (type.fullName) {
    case '.google.protobuf.Timestamp':
      return (m) =>
        isoDateTime(seconds(field('seconds')(m)) * 1_000_000_000n + BigInt(Number(field('nanos')(m) ?? 0)), 9)
          .replace(/(\.\d{3})0{6}Z$/, '$1Z')
          .replace(/(\.\d{6})000Z$/, '$1Z');
    case '.google.protobuf.Duration':
      return (m) => {
        const total = seconds(field('seconds')(m)) * 1_000_000_000n + BigInt(Number(field('nanos')(m) ?? 0));
        const negative = total < 0n;
        const abs = negative ? -total : total;
        const fraction = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
        return `${negative ? '-' : ''}${abs / 1_000_000_000n}${fraction ? `.${fraction}` : ''}s`;
      };
    case '.google.protobuf.DoubleValue':
    case '.google.protobuf.FloatValue':
      return (m) => floatValue(Number(field('value')(m) ?? 0));
    case '.google.protobuf.Int64Value':
    case '.google.protobuf.UInt64Value':
      return (m) => longValue(field('value')(m) ?? 0);
    case '.google.protobuf.Int32Value':
    case '.google.protobuf.UInt32Value':
      return (m) => field('value')(m) ?? 0;
    case '.google.protobuf.BoolValue':
      return (m) => field('value')(m) ?? false;
    case '.google.protobuf.StringValue':
      return (m) => field('value')(m) ?? '';
    case '.google.protobuf.BytesValue':
      return (m) => base64((field('value')(m) ?? new Uint8Array()) as Uint8Array);
    case '.google.protobuf.Empty':
      return () => ({});
    case '.google.protobuf.FieldMask':
      return (m) => ((field('paths')(m) ?? []) as string[]).join(',');
    case '.google.protobuf.Struct':
      return (m) => structValue(m);
    case '.google.protobuf.Value':
      return (m) => protoValue(m);
    case '.google.protobuf.ListValue':
      return (m) => ((field('values')(m) ?? []) as unknown[]).map(protoValue);
    case '.google.protobuf.Any':
      return (m) => anyValue(pb, root, m as { value?: Uint8Array }, seen);
    case '.google.type.Date':
      return (m) =>
        `${String(field('year')(m) ?? 0).padStart(4, '0')}-${String(field('month')(m) ?? 0).padStart(2, '0')}-${String(field('day')(m) ?? 0).padStart(2, '0')}`;
    case '.google.type.TimeOfDay':
      return (m) => {
        const two = (name: string) => String(field(name)(m) ?? 0).padStart(2, '0');
        const nanos = Number(field('nanos')(m) ?? 0);
        return `${two('hours')}:${two('minutes')}:${two('seconds')}${nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : ''}`;
      };
    case '.confluent.type.Decimal':
      return (m) =>
        decimalValue(
          twosComplement((field('value')(m) ?? new Uint8Array()) as Uint8Array),
          Number(field('scale')(m) ?? 0),
        );
    default:
      return undefined;
  }
}

function structValue(m: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = ((m as { fields?: Record<string, unknown> }).fields ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) setData(out, k, protoValue(v));
  return out;
}

// Well-known type fields are snake_case when read from descriptors and camelCase in protobufjs's bundled definitions.
function own(m: unknown, snake: string, camel: string): unknown {
  const value = m as Record<string, unknown>;
  if (Object.hasOwn(value, snake)) return value[snake];
  return Object.hasOwn(value, camel) ? value[camel] : undefined;
}

function protoValue(v: unknown): unknown {
  const struct = own(v, 'struct_value', 'structValue');
  if (struct !== undefined) return structValue(struct);
  const list = own(v, 'list_value', 'listValue');
  if (list !== undefined) return ((list as { values?: unknown[] }).values ?? []).map(protoValue);
  const number = own(v, 'number_value', 'numberValue');
  if (number !== undefined) return floatValue(number as number);
  const string = own(v, 'string_value', 'stringValue');
  if (string !== undefined) return string;
  const bool = own(v, 'bool_value', 'boolValue');
  return bool !== undefined ? bool : null;
}

/** `Any`: the embedded message as JSON with its `@type`, when the schema knows the type; else `@type` and base64. */
function anyValue(
  pb: Pb,
  root: Protobuf.Root,
  m: { value?: Uint8Array },
  seen: Map<Protobuf.Type, Convert>,
): unknown {
  const url = String(own(m, 'type_url', 'typeUrl') ?? '');
  const type = root.lookup(url.slice(url.lastIndexOf('/') + 1));
  if (type && type instanceof pb.Type) {
    const value = messageConverter(pb, root, type, seen)(type.decode(m.value ?? new Uint8Array()));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { '@type': url, ...value }
      : { '@type': url, value };
  }
  return { '@type': url, value: base64(m.value ?? new Uint8Array()) };
}

function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
