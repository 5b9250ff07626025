// org.apache.kafka.connect.transforms.ReplaceField ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
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
import { type DataMap, setField } from '../support/data.ts';
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
    const parts = splitPair(mapping);
    if (parts.length !== 2) throw new Error(`Invalid rename mapping: ${mapping}`);
    renames.set(parts[0] as string, parts[1] as string);
  }
  return renames;
}

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
      validator: colonPairsValidator(parseRenames),
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
  return keyedTransformation(side, {
    keyClass: PluginClass.REPLACE_FIELD_KEY,
    valueClass: PluginClass.REPLACE_FIELD_VALUE,
    documentation: `Filter or rename fields.`,
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
        apply: mapOrStruct(side, PURPOSE, {
          schemaless(map) {
            const updated: DataMap = {};
            for (const name of Object.keys(map)) if (keep(name)) setField(updated, renamed(name), map[name]);
            return updated;
          },
          withSchema(struct, schema) {
            const newSchema = updatedSchema(schema);
            const updated: DataMap = {};
            for (const field of fieldsOf(newSchema)) {
              const source = findField(schema, reverse.get(field.field) ?? field.field);
              if (source) setField(updated, field.field, structValue(struct, source, replaceNullWithDefault));
            }
            return { schema: newSchema, value: updated };
          },
        }),
      };
    },
  });
}
