// org.apache.kafka.connect.json.JsonConverter, reading side (`toConnectData`, `asConnectSchema`, `convertToConnect`).
import { caseInsensitiveValidString } from '../config/index.ts';
import { decodeUtf8, JsonDouble, parseJsonExact } from '../records/index.ts';
import type { ConnectSchema } from '../records/types.ts';
import { ConverterClasses, KAFKA_VERSION } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import { DataException } from './errors.ts';
import type { ConverterPlugin, SchemaAndValue } from './types.ts';

const SCHEMAS_ENABLE = 'schemas.enable';

const NULL: SchemaAndValue = { schema: null, value: null };

// JsonSchema's type names → Connect's Schema.Type names.
const TYPES: Readonly<Record<string, ConnectSchema['type']>> = {
  boolean: 'boolean',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float: 'float32',
  double: 'float64',
  bytes: 'bytes',
  string: 'string',
  array: 'array',
  map: 'map',
  struct: 'struct',
};

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  // A Java long's range as doubles: values beyond ±2^53 are accepted and keep the precision a double has.
  int64: [-(2 ** 63), 2 ** 63],
};

const LOGICAL = {
  DECIMAL: 'org.apache.kafka.connect.data.Decimal',
  DATE: 'org.apache.kafka.connect.data.Date',
  TIME: 'org.apache.kafka.connect.data.Time',
  TIMESTAMP: 'org.apache.kafka.connect.data.Timestamp',
} as const;

/**
 * `JsonConverter`. With `schemas.enable=true` (Connect's default) each value must be a `{"schema": …, "payload": …}`
 * envelope with exactly those two fields, and the payload is checked against the schema; with `false` any JSON
 * text is accepted as schemaless data. Null bytes and empty text are a null value. It is also a header converter.
 *
 * Differences from Connect, all stricter or simpler: a payload value of the wrong JSON type is a DataException
 * naming its path (Connect reads it as 0/false/null); integers beyond ±2^53 lose precision; Decimal values keep
 * their JSON form (number or base64 text); `schemas.cache.size` and `decimal.format` are accepted and unused.
 *
 * @example
 * const json = jsonConverter.create({ 'converter.type': 'value', 'schemas.enable': false });
 * json.toConnectData?.('t', Buffer.from('{"a":1}')).value; // { a: 1 }
 */
export const jsonConverter: ConverterPlugin = {
  className: ConverterClasses.JSON,
  aliases: converterAliases(ConverterClasses.JSON, ['converter']),
  types: ['converter', 'header_converter'],
  version: KAFKA_VERSION,
  configDef() {
    // JsonConverterConfig
    return converterConfigDef()
      .define({
        name: SCHEMAS_ENABLE,
        type: 'BOOLEAN',
        defaultValue: true,
        importance: 'HIGH',
        documentation: 'Include schemas within each of the serialized values and keys.',
        group: 'Schemas',
        orderInGroup: 0,
        width: 'MEDIUM',
        displayName: 'Enable Schemas',
      })
      .define({
        name: 'schemas.cache.size',
        type: 'INT',
        defaultValue: 1000,
        importance: 'HIGH',
        documentation: 'The maximum number of schemas that can be cached in this converter instance.',
        group: 'Schemas',
        orderInGroup: 1,
        width: 'MEDIUM',
        displayName: 'Schema Cache Size',
      })
      .define({
        name: 'decimal.format',
        type: 'STRING',
        defaultValue: 'BASE64',
        importance: 'LOW',
        documentation:
          "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
        group: 'Serialization',
        orderInGroup: 0,
        width: 'MEDIUM',
        displayName: 'Decimal Format',
        validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
      })
      .define({
        name: 'replace.null.with.default',
        type: 'BOOLEAN',
        defaultValue: true,
        importance: 'LOW',
        documentation:
          'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
        group: 'Serialization',
        orderInGroup: 1,
        width: 'MEDIUM',
        displayName: 'Replace null with default',
      });
  },
  create(settings) {
    const schemasEnabled = settings[SCHEMAS_ENABLE] === true;
    const replaceNullWithDefault = settings['replace.null.with.default'] !== false;
    const convert = (value: Buffer | null): SchemaAndValue =>
      toConnectData(value, schemasEnabled, replaceNullWithDefault);
    return {
      toConnectData: (_topic, value) => convert(value),
      toConnectHeader: (_topic, _key, value) => convert(value),
    };
  },
};

function toConnectData(bytes: Buffer | null, schemasEnabled: boolean, useDefaults: boolean): SchemaAndValue {
  // This handles a tombstone message.
  if (bytes === null) return NULL;
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (e) {
    throw serializationError(e);
  }
  let json: unknown;
  if (isBlank(text)) {
    json = undefined; // Jackson reads empty input as a MissingNode
  } else {
    try {
      json = parseJsonExact(text);
    } catch (e) {
      throw serializationError(e);
    }
  }
  if (!schemasEnabled) return json === undefined ? NULL : { schema: null, value: json, json: text };
  if (!isObject(json) || Object.keys(json).length !== 2 || !('schema' in json) || !('payload' in json)) {
    throw new DataException(
      'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.',
    );
  }
  const schema = asConnectSchema(json.schema, 'schema', useDefaults);
  return { schema, value: convertToConnect(schema, json.payload, 'payload', useDefaults) };
}

/** `JsonConverter.asConnectSchema`: validates an envelope schema and returns it with Connect's type names. */
function asConnectSchema(node: unknown, path: string, useDefaults: boolean): ConnectSchema | null {
  if (node === null) return null;
  if (!isObject(node) || typeof node.type !== 'string')
    throw new DataException("Schema must contain 'type' field");
  const type = TYPES[node.type];
  if (!type) throw new DataException(`Unknown schema type: ${node.type}`);
  const schema: ConnectSchema = { type, optional: node.optional === true };
  switch (type) {
    case 'array': {
      if (node.items === undefined || node.items === null)
        throw new DataException('Array schema did not specify the element type');
      schema.items = required(asConnectSchema(node.items, `${path}.items`, useDefaults));
      break;
    }
    case 'map': {
      if (node.keys === undefined) throw new DataException('Map schema did not specify the key type');
      if (node.values === undefined) throw new DataException('Map schema did not specify the value type');
      schema.keys = required(asConnectSchema(node.keys, `${path}.keys`, useDefaults));
      schema.values = required(asConnectSchema(node.values, `${path}.values`, useDefaults));
      break;
    }
    case 'struct': {
      if (!Array.isArray(node.fields)) {
        throw new DataException('Struct schema\'s "fields" argument is not an array.');
      }
      schema.fields = node.fields.map((field: unknown, i: number) => {
        if (!isObject(field) || typeof field.field !== 'string') {
          throw new DataException("Struct schema's field name not specified properly");
        }
        const fieldSchema = required(asConnectSchema(field, `${path}.fields[${i}]`, useDefaults));
        return { ...fieldSchema, field: field.field };
      });
      break;
    }
  }
  if (typeof node.name === 'string') schema.name = node.name;
  if (typeof node.version === 'number' && Number.isInteger(node.version)) schema.version = node.version;
  if (typeof node.doc === 'string') schema.doc = node.doc;
  if (isObject(node.parameters)) {
    for (const value of Object.values(node.parameters)) {
      if (typeof value !== 'string') throw new DataException('Schema parameters must have string values.');
    }
    schema.parameters = node.parameters as Record<string, string>;
  }
  if (node.default !== undefined) {
    schema.default = convertToConnect(schema, node.default, `${path}.default`, useDefaults);
  }
  return schema;
}

/** `JsonConverter.convertToConnect`, checking each JSON value against its schema. */
function convertToConnect(
  schema: ConnectSchema | null,
  node: unknown,
  path: string,
  useDefaults: boolean,
): unknown {
  if (schema === null) return node === undefined ? null : node;
  // With a schema, the schema says what a number is: 2.0 for an INT32 is 2, as Jackson's intValue() reads it.
  if (node instanceof JsonDouble) node = node.valueOf();
  if (node === null || node === undefined) {
    if (useDefaults && schema.default !== undefined && schema.default !== null) return schema.default;
    if (schema.optional) return null;
    throw new DataException(`Invalid null value for required ${schema.type.toUpperCase()} field (${path})`);
  }
  switch (schema.name) {
    case LOGICAL.DECIMAL:
      if (typeof node === 'number' || typeof node === 'string' || typeof node === 'bigint') return node;
      throw mismatch('Decimal', 'numeric or bytes', node, path);
    case LOGICAL.DATE:
    case LOGICAL.TIME:
      if (Number.isInteger(node)) return node;
      throw mismatch(schema.name === LOGICAL.DATE ? 'Date' : 'Time', 'integer', node, path);
    case LOGICAL.TIMESTAMP:
      if (Number.isInteger(node)) return node;
      throw mismatch('Timestamp', 'integral', node, path);
  }
  switch (schema.type) {
    case 'boolean':
      if (typeof node === 'boolean') return node;
      break;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64': {
      const [min, max] = INT_RANGES[schema.type] as readonly [number, number];
      if (Number.isInteger(node) && (node as number) >= min && (node as number) <= max) return node;
      // Exact beyond ±2^53 (parseJsonExact): a Java long's range.
      if (typeof node === 'bigint' && schema.type === 'int64' && BigInt.asIntN(64, node) === node)
        return node;
      break;
    }
    case 'float32':
    case 'float64':
      if (typeof node === 'number') return node;
      if (typeof node === 'bigint') return Number(node);
      break;
    case 'string':
      if (typeof node === 'string') return node;
      break;
    case 'bytes':
      if (typeof node === 'string') return Buffer.from(node, 'base64');
      throw new DataException(`Invalid bytes field (${path}): expected base64 text, found ${nodeType(node)}`);
    case 'array':
      if (Array.isArray(node)) {
        return node.map((item, i) =>
          convertToConnect(schema.items ?? null, item, `${path}[${i}]`, useDefaults),
        );
      }
      break;
    case 'map': {
      if (schema.keys?.type === 'string') {
        if (!isObject(node)) {
          throw new DataException(
            `Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)} (${path})`,
          );
        }
        const result: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(node)) {
          setData(result, k, convertToConnect(schema.values ?? null, v, `${path}.${k}`, useDefaults));
        }
        return result;
      }
      if (!Array.isArray(node)) {
        throw new DataException(
          `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)} (${path})`,
        );
      }
      // Kept as the JSON array of [key, value] tuples, which is also how it is written out again.
      return node.map((entry, i) => {
        if (!Array.isArray(entry)) {
          throw new DataException(
            `Found invalid map entry instead of array tuple: ${nodeType(entry)} (${path}[${i}])`,
          );
        }
        if (entry.length !== 2) {
          throw new DataException(
            `Found invalid map entry, expected length 2 but found :${entry.length} (${path}[${i}])`,
          );
        }
        return [
          convertToConnect(schema.keys ?? null, entry[0], `${path}[${i}][0]`, useDefaults),
          convertToConnect(schema.values ?? null, entry[1], `${path}[${i}][1]`, useDefaults),
        ];
      });
    }
    case 'struct': {
      if (!isObject(node)) {
        throw new DataException(
          `Structs should be encoded as JSON objects, but found ${nodeType(node)} (${path})`,
        );
      }
      const struct: Record<string, unknown> = {};
      for (const field of schema.fields ?? []) {
        setData(
          struct,
          field.field,
          convertToConnect(field, node[field.field], `${path}.${field.field}`, useDefaults),
        );
      }
      return struct;
    }
  }
  throw mismatch(schema.type.toUpperCase(), schema.type, node, path);
}

// `__proto__` is data here (JSON.parse keeps it as an own key); a plain assignment would set the prototype instead.
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function serializationError(e: unknown): DataException {
  return new DataException(
    `Converting byte[] to Kafka Connect data failed due to serialization error: ${(e as Error).message}`,
    { cause: e },
  );
}

function required<T>(value: T | null): T {
  if (value === null) throw new DataException('Array, map and struct element schemas may not be null');
  return value;
}

function mismatch(what: string, expected: string, node: unknown, path: string): DataException {
  return new DataException(
    `Invalid type for ${what}, underlying representation should be ${expected} but was ${nodeType(node)} (${path})`,
  );
}

// Jackson's JsonNodeType names, as Connect's messages print them.
function nodeType(node: unknown): string {
  if (node === null || node === undefined) return 'NULL';
  if (Array.isArray(node)) return 'ARRAY';
  switch (typeof node) {
    case 'object':
      return 'OBJECT';
    case 'string':
      return 'STRING';
    case 'number':
    case 'bigint':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return typeof node;
  }
}

// Cheap for the usual value, which starts with '{': only text that starts with whitespace is trimmed.
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return (first === 0x20 || first === 0x09 || first === 0x0a || first === 0x0d) && text.trim() === '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
