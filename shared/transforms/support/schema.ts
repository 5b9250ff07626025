// Connect schemas as JsonConverter writes them (`ConnectSchema` in shared/records): struct fields, defaults and the
// `SchemaUtil.copySchemaBasics` / `Struct.get` behaviour the SMTs rely on when a key or value has a schema.
import type { ConnectSchema } from '../../records/types.ts';
import { type DataMap, getField } from './data.ts';

/**
 * A struct field: its schema plus its name.
 */
export type SchemaField = ConnectSchema & { field: string };

/**
 * The struct's fields, in order.
 */
export function fieldsOf(schema: ConnectSchema): readonly SchemaField[] {
  return schema.fields ?? [];
}

/**
 * `Schema.field(name)`: the named field or `undefined`.
 *
 * @example
 * findField(schema, 'id')?.type; // 'int64'
 */
export function findField(schema: ConnectSchema, name: string): SchemaField | undefined {
  return schema.fields?.find((f) => f.field === name);
}

/**
 * `Struct.get(field)` (with `replaceNullWithDefault`) or `Struct.getWithoutDefault`: a null field takes the
 * field schema's default only when asked to.
 *
 * @example
 * structValue({ a: null }, { field: 'a', type: 'int32', default: 7 }, true); // 7
 */
export function structValue(struct: DataMap, field: SchemaField, replaceNullWithDefault: boolean): unknown {
  const value = getField(struct, field.field);
  if (value !== null && value !== undefined) return value;
  return replaceNullWithDefault && field.default !== undefined ? field.default : null;
}

/**
 * `SchemaUtil.copySchemaBasics`: name, version, doc and parameters of `source` on a new schema of `type`
 * (optionality and default are not copied).
 */
export function copySchemaBasics(source: ConnectSchema, type: ConnectSchema['type']): ConnectSchema {
  const schema: ConnectSchema = { type };
  if (source.name !== undefined) schema.name = source.name;
  if (source.version !== undefined) schema.version = source.version;
  if (source.doc !== undefined) schema.doc = source.doc;
  if (source.parameters !== undefined) schema.parameters = source.parameters;
  return schema;
}

/**
 * A struct field entry.
 */
export function asField(name: string, schema: ConnectSchema): SchemaField {
  return { ...schema, field: name };
}

/**
 * A per-transform cache of derived schemas, keyed by the input schema object (Connect keeps an LRU of 16).
 */
export function schemaCache(): (schema: ConnectSchema, build: () => ConnectSchema) => ConnectSchema {
  const cache = new WeakMap<ConnectSchema, ConnectSchema>();
  return (schema, build) => {
    let updated = cache.get(schema);
    if (updated === undefined) {
      updated = build();
      cache.set(schema, updated);
    }
    return updated;
  };
}
