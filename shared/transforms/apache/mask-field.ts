// org.apache.kafka.connect.transforms.MaskField ($Key / $Value).
import { ConfigDef, nonEmptyString } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import { JsonDouble } from '../../records/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { LogicalType, PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { fieldsKey, keyedTransformation, REPLACE_NULL_WITH_DEFAULT } from '../plugin.ts';
import { type DataMap, getField, isMap, requireMap, requireStruct, setField } from '../support/data.ts';
import { isJavaLong, javaClassName, narrow, parseBigDecimal } from '../support/java.ts';
import { fieldsOf, structValue } from '../support/schema.ts';
import { isTemporal } from '../support/temporal.ts';

const PURPOSE = 'mask fields';
const NUMERIC = new Set(['int8', 'int16', 'int32', 'int64', 'float32', 'float64']);

function configDef(): ConfigDef {
  return new ConfigDef()
    .define(fieldsKey('Names of fields to mask.'))
    .define({
      name: 'replacement',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
      validator: nonEmptyString,
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/** The Connect type of a field value: its schema type, or what JsonConverter would have produced. */
function typeOf(value: unknown, schema: ConnectSchema | undefined): string {
  if (isTemporal(schema?.name) || value instanceof Date) return 'temporal';
  if (schema) return schema.name === LogicalType.DECIMAL ? 'float64' : schema.type;
  if (typeof value === 'number') return isJavaLong(value) ? 'int64' : 'float64';
  if (value instanceof JsonDouble) return 'float64';
  if (typeof value === 'bigint') return 'int64';
  return typeof value;
}

/** `MaskField.maskWithNullValue`: the "empty" value of the field's type. */
function emptyValue(value: unknown, type: string): unknown {
  if (NUMERIC.has(type)) return 0;
  if (type === 'boolean') return false;
  if (type === 'string') return '';
  if (type === 'temporal') return value instanceof Date ? new Date(0) : 0;
  if (Array.isArray(value)) return [];
  if (isMap(value)) return {};
  throw new DataException(`Cannot mask value of type: class ${javaClassName(value)}`);
}

/** `MaskField.maskWithCustomReplacement`: `replacement` converted to the field's numeric or string type. */
function customValue(value: unknown, type: string, replacement: string): unknown {
  if (type === 'string') return replacement;
  if (NUMERIC.has(type)) {
    const n = parseBigDecimal(replacement);
    if (n === undefined)
      throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to a number`);
    return narrow(n, type as 'int64', false);
  }
  const javaClass = type === 'temporal' ? 'java.util.Date' : javaClassName(value);
  throw new DataException(`Cannot mask value of type class ${javaClass} with custom replacement.`);
}

/**
 * `MaskField$Key` / `MaskField$Value`: replaces each listed field with its type's empty value (`0`, `false`, `""`,
 * `[]`, `{}`) or with `replacement`. Like Connect it needs a map or struct: a tombstone fails the record.
 *
 * @example
 * maskField(VALUE) // transforms.mask.fields=ssn,card  transforms.mask.replacement=****
 */
export function maskField(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.MASK_FIELD_KEY,
    valueClass: PluginClass.MASK_FIELD_VALUE,
    documentation: `Mask specified fields with a valid null value for the field type (i.e. 0, false, empty string, and so on).<p/>For numeric and string fields, an optional replacement value can be specified that is converted to the correct type.`,
    configDef,
    configure(config) {
      const fields = new Set(config.list('fields'));
      const replacement = config.string('replacement');
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      const masked = (value: unknown, schema?: ConnectSchema) => {
        if (value === null || value === undefined) return null;
        const type = typeOf(value, schema);
        return replacement === null ? emptyValue(value, type) : customValue(value, type, replacement);
      };
      return {
        apply(record) {
          const schema = side.schema(record);
          if (schema === null) {
            const map = requireMap(side.value(record), PURPOSE);
            const updated = { ...map };
            for (const field of fields) setField(updated, field, masked(getField(map, field)));
            return side.update(record, null, updated);
          }
          const struct = requireStruct(side.value(record), schema.type, PURPOSE);
          const updated: DataMap = {};
          for (const field of fieldsOf(schema)) {
            const value = structValue(struct, field, replaceNullWithDefault);
            setField(updated, field.field, fields.has(field.field) ? masked(value, field) : value);
          }
          return side.update(record, schema, updated);
        },
      };
    },
  });
}
