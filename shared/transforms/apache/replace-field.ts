// org.apache.kafka.connect.transforms.ReplaceField ($Key / $Value).
import { ConfigDef, parseValidator } from '../../config/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { KEY, keyValueDoc, REPLACE_NULL_WITH_DEFAULT, transformation } from '../plugin.ts';
import { type DataMap, requireMap, requireStruct, setField } from '../support/data.ts';
import {
  asField,
  copySchemaBasics,
  fieldsOf,
  findField,
  schemaCache,
  structValue,
} from '../support/schema.ts';

const PURPOSE = 'field replacement';
/** Removed from Apache Kafka in 4.0; rejected here so that a field meant to be dropped is never sent by mistake. */
const REMOVED_KEYS = { blacklist: 'exclude', whitelist: 'include' } as const;

/** `ReplaceField.parseRenameMappings`: `old:new` pairs, split like Java's `String.split(":")`. */
function parseRenames(mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    while (parts.length > 0 && parts.at(-1) === '') parts.pop();
    if (parts.length !== 2) throw new Error(`Invalid rename mapping: ${mapping}`);
    renames.set(parts[0] as string, parts[1] as string);
  }
  return renames;
}

const renamesValidator = parseValidator(
  'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>',
  (value) => parseRenames(value as string[]),
);

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'exclude',
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Fields to exclude. This takes precedence over the fields to include.',
    })
    .define({
      name: 'include',
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Fields to include. If specified, only these fields will be used.',
    })
    .define({
      name: 'renames',
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Field rename mappings.',
      validator: renamesValidator,
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/**
 * `ReplaceField$Key` / `ReplaceField$Value`: keeps a field iff it is not in `exclude` and `include` is empty or
 * lists it, then applies `renames`. A null key/value passes through.
 *
 * @example
 * replaceField(VALUE) // transforms.drop.exclude=ssn  transforms.drop.renames=fname:firstName
 */
export function replaceField(side: Side): TransformationPlugin {
  const keyClass = PluginClass.REPLACE_FIELD_KEY;
  return transformation({
    className: side === KEY ? keyClass : PluginClass.REPLACE_FIELD_VALUE,
    documentation: `Filter or rename fields.${keyValueDoc(keyClass, PluginClass.REPLACE_FIELD_VALUE)}`,
    configDef,
    configure(config) {
      for (const [removed, replacement] of Object.entries(REMOVED_KEYS)) {
        const value = config.original(removed);
        if (value !== undefined) {
          throw config.invalid(
            removed,
            value,
            `'${removed}' was removed from ReplaceField in Apache Kafka 4.0; use '${replacement}' instead`,
          );
        }
      }
      const exclude = new Set(config.list('exclude'));
      const include = new Set(config.list('include'));
      const renames = parseRenames(config.list('renames'));
      const reverse = new Map([...renames].map(([from, to]) => [to, from]));
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      const keep = (name: string) => !exclude.has(name) && (include.size === 0 || include.has(name));
      const renamed = (name: string) => renames.get(name) ?? name;

      const cached = schemaCache();
      const updatedSchema = (schema: ConnectSchema) =>
        cached(schema, () => ({
          ...copySchemaBasics(schema, 'struct'),
          fields: fieldsOf(schema)
            .filter((f) => keep(f.field))
            .map((f) => asField(renamed(f.field), f)),
        }));

      return {
        apply(record) {
          const value = side.value(record);
          if (value === null || value === undefined) return record;
          const schema = side.schema(record);
          const updated: DataMap = {};
          if (schema === null) {
            const map = requireMap(value, PURPOSE);
            for (const name of Object.keys(map)) if (keep(name)) setField(updated, renamed(name), map[name]);
            return side.update(record, null, updated);
          }
          const struct = requireStruct(value, schema.type, PURPOSE);
          const newSchema = updatedSchema(schema);
          for (const field of fieldsOf(newSchema)) {
            const source = findField(schema, reverse.get(field.field) ?? field.field);
            if (source) setField(updated, field.field, structValue(struct, source, replaceNullWithDefault));
          }
          return side.update(record, newSchema, updated);
        },
      };
    },
  });
}
