// org.apache.kafka.connect.transforms.ExtractField ($Key / $Value), with KIP-821 nested paths (field.syntax.version).
import { ConfigDef, caseInsensitiveValidString } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { keyedTransformation, REPLACE_NULL_WITH_DEFAULT } from '../plugin.ts';
import { type DataMap, getField, requireMap, requireStruct } from '../support/data.ts';
import { type FieldSyntaxVersion, fieldPathSteps, valueAtPath } from '../support/field-path.ts';
import { findField, type SchemaField, structValue } from '../support/schema.ts';

const PURPOSE = 'field extraction';

/**
 * `FieldSyntaxVersion.appendConfigTo`: the `field.syntax.version` key.
 */
export const FIELD_SYNTAX_VERSION = {
  name: 'field.syntax.version',
  type: 'STRING',
  defaultValue: 'V1',
  importance: 'HIGH',
  documentation:
    'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to access its elements: "`foo.bar`.baz".',
  validator: caseInsensitiveValidString('V1', 'V2'),
} as const;

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({ name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name to extract.' })
    .define(REPLACE_NULL_WITH_DEFAULT)
    .define(FIELD_SYNTAX_VERSION);
}

/** `SingleFieldPath.fieldFrom(Schema)`. */
function fieldFrom(schema: ConnectSchema, steps: readonly string[]): SchemaField | undefined {
  let current: ConnectSchema | undefined = schema;
  for (const step of steps.slice(0, -1)) {
    current = current && findField(current, step);
    if (!current) return undefined;
  }
  return current && findField(current, steps.at(-1) as string);
}

/** `SingleFieldPath.valueFrom(Struct, withDefault)`. */
function structValueAtPath(
  struct: DataMap,
  schema: ConnectSchema,
  steps: readonly string[],
  withDefault: boolean,
): unknown {
  let current = struct;
  let currentSchema = schema;
  for (const step of steps.slice(0, -1)) {
    const field = findField(currentSchema, step);
    const next = field && getField(current, step);
    if (!field || next === null || next === undefined) return null;
    current = requireStruct(next, field.type, 'nested field access');
    currentSchema = field;
  }
  const last = findField(currentSchema, steps.at(-1) as string);
  return last ? structValue(current, last, withDefault) : null;
}

/**
 * `ExtractField$Key` / `ExtractField$Value`: replaces the key or value with one of its fields (null when absent;
 * null stays null). With `field.syntax.version=V2` the field is a dotted path into nested maps or structs.
 *
 * @example
 * extractField(VALUE) // transforms.id.field=user.id  transforms.id.field.syntax.version=V2
 */
export function extractField(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.EXTRACT_FIELD_KEY,
    valueClass: PluginClass.EXTRACT_FIELD_VALUE,
    documentation: `Extract the specified field from a Struct when schema present, or a Map in the case of schemaless data. Any null values are passed through unmodified.`,
    configDef,
    configure(config) {
      const path = config.string('field') as string;
      const version = (config.string('field.syntax.version') as string).toUpperCase() as FieldSyntaxVersion;
      let steps: readonly string[];
      try {
        steps = fieldPathSteps(path, version);
      } catch (e) {
        throw config.problem('field', (e as Error).message);
      }
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      return {
        apply(record) {
          const schema = side.schema(record);
          const value = side.value(record);
          if (schema === null) {
            const extracted =
              value === null || value === undefined ? null : valueAtPath(requireMap(value, PURPOSE), steps);
            return side.update(record, null, extracted);
          }
          const struct =
            value === null || value === undefined ? null : requireStruct(value, schema.type, PURPOSE);
          const field = fieldFrom(schema, steps);
          if (!field) throw new DataException(`Unknown field: ${path}`);
          const { field: _name, ...fieldSchema } = field;
          const extracted = struct && structValueAtPath(struct, schema, steps, replaceNullWithDefault);
          return side.update(record, fieldSchema, extracted);
        },
      };
    },
  });
}
