// org.apache.kafka.connect.transforms.Flatten ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { keyedTransformation, mapOrStruct } from '../plugin.ts';
import { type DataMap, getField, isMap, requireStruct, setField } from '../support/data.ts';
import { javaClassName } from '../support/java.ts';
import {
  asField,
  copySchemaBasics,
  fieldsOf,
  type SchemaField,
  schemaCache,
  structValue,
} from '../support/schema.ts';

const PURPOSE = 'flattening';
/** Schema types Flatten copies as they are (arrays are not flattened). */
const LEAF_TYPES = new Set([
  'int8',
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'boolean',
  'string',
  'bytes',
  'array',
]);

function configDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'delimiter',
    type: 'STRING',
    defaultValue: '.',
    importance: 'MEDIUM',
    documentation:
      'Delimiter to insert between field names from the input record when generating field names for the output record',
  });
}

/**
 * `Flatten$Key` / `Flatten$Value`: nested maps (structs) become top-level fields named `parent<delimiter>child`;
 * arrays and primitives are kept as they are. A null key/value passes through.
 *
 * @example
 * flatten(VALUE) // {"a":{"b":1},"c":[1]}  →  {"a.b":1,"c":[1]}
 */
export function flatten(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.FLATTEN_KEY,
    valueClass: PluginClass.FLATTEN_VALUE,
    documentation: `Flatten a nested data structure, generating names for each field by concatenating the field names at each level with a configurable delimiter character. Applies to Struct when schema present, or a Map in the case of schemaless data. Array fields and their contents are not modified. The default delimiter is '.'.`,
    configDef,
    configure(config) {
      const delimiter = config.string('delimiter') as string;
      const join = (prefix: string, name: string) => (prefix === '' ? name : prefix + delimiter + name);

      const flattenMap = (map: DataMap, prefix: string, out: DataMap) => {
        for (const key of Object.keys(map)) {
          const name = join(prefix, key);
          const value = map[key];
          if (value === null || value === undefined) setField(out, name, null);
          else if (isMap(value)) flattenMap(value, name, out);
          else if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) {
            throw new DataException(
              `Flatten transformation was passed a value of type class ${javaClassName(value)} which is not supported by Connect's data API`,
            );
          } else setField(out, name, value);
        }
      };

      const flattenSchema = (
        schema: ConnectSchema,
        prefix: string,
        optional: boolean,
        parentDefault: unknown,
        out: SchemaField[],
      ) => {
        for (const field of fieldsOf(schema)) {
          const name = join(prefix, field.field);
          const fieldOptional = optional || field.optional === true;
          const fieldDefault =
            field.default !== undefined && field.default !== null
              ? field.default
              : isMap(parentDefault)
                ? getField(parentDefault, field.field)
                : undefined;
          if (field.type === 'struct') {
            flattenSchema(field, name, fieldOptional, fieldDefault, out);
          } else if (LEAF_TYPES.has(field.type)) {
            const leaf = copySchemaBasics(field, field.type);
            if (field.items) leaf.items = field.items;
            if (fieldOptional) leaf.optional = true;
            if (fieldDefault !== undefined && fieldDefault !== null) leaf.default = fieldDefault;
            out.push(asField(name, leaf));
          } else {
            throw new DataException(
              `Flatten transformation does not support ${field.type.toUpperCase()} for record with schemas (for field ${name}).`,
            );
          }
        }
      };

      const flattenStruct = (struct: DataMap, schema: ConnectSchema, prefix: string, out: DataMap) => {
        for (const field of fieldsOf(schema)) {
          const name = join(prefix, field.field);
          const value = structValue(struct, field, true);
          if (field.type !== 'struct') setField(out, name, value);
          else if (value !== null) flattenStruct(requireStruct(value, 'struct', PURPOSE), field, name, out);
        }
      };

      const cached = schemaCache();
      const updatedSchema = (schema: ConnectSchema) =>
        cached(schema, () => {
          const fields: SchemaField[] = [];
          flattenSchema(schema, '', schema.optional === true, schema.default, fields);
          return { ...copySchemaBasics(schema, 'struct'), fields };
        });

      return {
        apply: mapOrStruct(side, PURPOSE, {
          schemaless(map) {
            const out: DataMap = {};
            flattenMap(map, '', out);
            return out;
          },
          withSchema(struct, schema) {
            const newSchema = updatedSchema(schema);
            const out: DataMap = {};
            flattenStruct(struct, schema, '', out);
            // Fields under a null struct read as their (inherited) default, as `Struct.get` does in Connect.
            for (const field of fieldsOf(newSchema)) {
              if (!Object.hasOwn(out, field.field)) setField(out, field.field, field.default ?? null);
            }
            return { schema: newSchema, value: out };
          },
        }),
      };
    },
  });
}
