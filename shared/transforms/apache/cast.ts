// org.apache.kafka.connect.transforms.Cast ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import { JsonDouble } from '../../records/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import {
  colonPairsValidator,
  keyedTransformation,
  mapOrStruct,
  REPLACE_NULL_WITH_DEFAULT,
  splitPair,
} from '../plugin.ts';
import { type DataMap, getField, isMap, setField } from '../support/data.ts';
import { javaDateFormat } from '../support/date-format.ts';
import {
  javaClassName,
  javaFloatingToString,
  narrow,
  parseJavaBoolean,
  parseJavaFloating,
  parseJavaIntegral,
} from '../support/java.ts';
import { copySchemaBasics, fieldsOf, schemaCache, structValue } from '../support/schema.ts';
import { DAY_MS, isTemporal, logicalToMillis, millisToLogical } from '../support/temporal.ts';

const PURPOSE = 'cast types';
const ALL_TYPES = [
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FLOAT32',
  'FLOAT64',
  'BOOLEAN',
  'STRING',
  'BYTES',
  'ARRAY',
  'MAP',
  'STRUCT',
];
const OUTPUT_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'];
const INPUT_TYPES = [...OUTPUT_TYPES, 'BYTES'];
const INTEGRAL = new Set(['int8', 'int16', 'int32', 'int64']);

type CastType = 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string';
/** Field name → target type; the `null` entry casts the whole value (Connect's `WHOLE_VALUE_CAST`). */
type Casts = Map<string | null, CastType>;

function castType(text: string): CastType {
  const upper = text.trim().toUpperCase();
  if (!ALL_TYPES.includes(upper)) throw new Error(`Invalid type found in casting spec: ${text.trim()}`);
  if (!OUTPUT_TYPES.includes(upper)) {
    throw new Error(
      `Cast transformation does not support casting to ${upper}; supported types are [${OUTPUT_TYPES.join(', ')}]`,
    );
  }
  return upper.toLowerCase() as CastType;
}

/** `Cast.parseFieldTypes`. */
function parseSpec(mappings: readonly string[]): Casts {
  if (mappings.length === 0) throw new Error('Must specify at least one field to cast.');
  const casts: Casts = new Map();
  let wholeValue = false;
  for (const mapping of mappings) {
    const parts = splitPair(mapping);
    if (parts.length > 2) throw new Error(`Invalid rename mapping: ${mapping}`);
    if (parts.length === 1) {
      casts.set(null, castType(parts[0] as string));
      wholeValue = true;
    } else if (parts.length === 2) {
      casts.set((parts[0] as string).trim(), castType(parts[1] as string));
    }
  }
  if (wholeValue && mappings.length > 1) {
    throw new Error(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
  }
  return casts;
}

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'spec',
      type: 'LIST',
      importance: 'HIGH',
      documentation:
        'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
      validator: colonPairsValidator(parseSpec),
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/** The Connect type of each Java class a value without schema can have (`ConnectSchema.SCHEMA_TYPE_CLASSES`). */
const SCHEMA_TYPES: Readonly<Record<string, string>> = {
  'java.lang.String': 'string',
  'java.lang.Boolean': 'boolean',
  'java.lang.Long': 'int64',
  'java.lang.Double': 'float64',
  '[B': 'bytes',
  'java.util.ArrayList': 'array',
  'java.util.HashMap': 'map',
};

/** The Connect type of a value without schema (`ConnectSchema.schemaType(value.getClass())`). */
function inferType(value: unknown): string | undefined {
  const type = SCHEMA_TYPES[javaClassName(value)];
  return type !== 'map' || isMap(value) ? type : undefined;
}

const ISO_TIME = javaDateFormat("HH:mm:ss.SSS'Z'");
const ISO_DATE = javaDateFormat('yyyy-MM-dd');
const ISO_TIMESTAMP = javaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

/** `Values.dateFormatFor(date).format(date)` (in UTC). */
function formatDate(ms: number): string {
  if (ms < DAY_MS) return ISO_TIME.format(ms);
  if (ms % DAY_MS === 0) return ISO_DATE.format(ms);
  return ISO_TIMESTAMP.format(ms);
}

/** `Cast.encodeLogicalType`: a schemaless-style `Date` of a logical schema as its stored number. */
function encodeLogical(schema: ConnectSchema, value: unknown): unknown {
  return value instanceof Date && isTemporal(schema.name)
    ? millisToLogical(schema.name as string, value.getTime())
    : value;
}

function unexpected(value: unknown): never {
  throw new DataException(`Unexpected type in Cast transformation: class ${javaClassName(value)}`);
}

function castNumber(
  value: unknown,
  sourceType: string,
  target: Exclude<CastType, 'boolean' | 'string'>,
): number {
  if (typeof value === 'number' || typeof value === 'bigint')
    return narrow(value, target, INTEGRAL.has(sourceType));
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const parsed =
      target === 'float32' || target === 'float64'
        ? parseJavaFloating(value, target)
        : parseJavaIntegral(value, target);
    if (parsed === undefined)
      throw new DataException(`Value (${value}) was out of range for requested data type`);
    return parsed;
  }
  return unexpected(value);
}

function castToString(value: unknown, sourceType: string, logicalName: string | undefined): string {
  const ms =
    isTemporal(logicalName) || value instanceof Date ? logicalToMillis(logicalName, value) : undefined;
  if (ms !== undefined) return formatDate(ms);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number' && (sourceType === 'float32' || sourceType === 'float64')) {
    return javaFloatingToString(value, sourceType);
  }
  return String(value);
}

/** `Cast.castValueToType`. */
function castValue(schema: ConnectSchema | null, value: unknown, target: CastType): unknown {
  if (value === null || value === undefined) return null;
  const sourceType = schema ? schema.type : inferType(value);
  if (sourceType === undefined) {
    throw new DataException(
      `Cast transformation was passed a value of type class ${javaClassName(value)} which is not supported by Connect's data API`,
    );
  }
  if (!INPUT_TYPES.includes(sourceType.toUpperCase())) {
    throw new DataException(
      `Cast transformation does not support casting from ${sourceType.toUpperCase()}; supported types are [${INPUT_TYPES.join(', ')}]`,
    );
  }
  // A whole Double (2.0 in the JSON text) is a FLOAT64 with the number's value.
  const number = value instanceof JsonDouble ? value.valueOf() : value;
  const v = schema?.name && target !== 'string' ? encodeLogical(schema, number) : number;
  if (target === 'string') return castToString(v, sourceType, schema?.name);
  if (target === 'boolean') {
    if (typeof v === 'number' || typeof v === 'bigint')
      return narrow(v, 'int64', INTEGRAL.has(sourceType)) !== 0;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return parseJavaBoolean(v);
    return unexpected(v);
  }
  return castNumber(v, sourceType, target);
}

/**
 * `Cast$Key` / `Cast$Value`: casts listed fields (`field:type,…`) or the whole value (`type`) to int8…float64,
 * boolean or string with Java's narrowing and parsing rules. A null key/value passes through.
 *
 * @example
 * cast(VALUE) // transforms.c.spec=age:int8,price:float32,active:string
 */
export function cast(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.CAST_KEY,
    valueClass: PluginClass.CAST_VALUE,
    documentation: `Cast fields or the entire key or value to a specific type, e.g. to force an integer field to a smaller width. Cast from integers, floats, boolean and string to any other type, and cast binary to string (base64 encoded).`,
    configDef,
    configure(config) {
      const casts = parseSpec(config.list('spec'));
      const wholeValue = casts.get(null);
      const replaceNullWithDefault = config.bool('replace.null.with.default');

      const cached = schemaCache();
      const updatedSchema = (schema: ConnectSchema) =>
        cached(schema, () => {
          let updated: ConnectSchema;
          if (wholeValue) {
            updated = copySchemaBasics(schema, wholeValue);
          } else {
            updated = {
              ...copySchemaBasics(schema, 'struct'),
              fields: fieldsOf(schema).map((field) => {
                const target = casts.get(field.field);
                if (!target) return field;
                const converted: ConnectSchema & { field: string } = { field: field.field, type: target };
                if (field.optional) converted.optional = true;
                if (field.default !== undefined && field.default !== null)
                  converted.default = castValue(field, field.default, target);
                return converted;
              }),
            };
          }
          if (schema.optional) updated.optional = true;
          if (schema.default !== undefined && schema.default !== null)
            updated.default = castValue(schema, schema.default, updated.type as CastType);
          return updated;
        });

      if (wholeValue) {
        return {
          apply(record) {
            const value = side.value(record);
            if (value === null || value === undefined) return record;
            const schema = side.schema(record);
            return side.update(record, schema && updatedSchema(schema), castValue(schema, value, wholeValue));
          },
        };
      }
      return {
        apply: mapOrStruct(side, PURPOSE, {
          schemaless(map) {
            const updated = { ...map };
            for (const [field, target] of casts)
              setField(updated, field as string, castValue(null, getField(map, field as string), target));
            return updated;
          },
          withSchema(struct, schema) {
            const updated: DataMap = {};
            for (const field of fieldsOf(schema)) {
              const original = structValue(struct, field, replaceNullWithDefault);
              const target = casts.get(field.field);
              setField(updated, field.field, target ? castValue(field, original, target) : original);
            }
            return { schema: updatedSchema(schema), value: updated };
          },
        }),
      };
    },
  });
}
