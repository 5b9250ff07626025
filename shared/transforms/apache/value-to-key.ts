// org.apache.kafka.connect.transforms.ValueToKey.
import { ConfigDef } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import {
  fieldsKey,
  REPLACE_NULL_WITH_DEFAULT,
  type TransformationPlugin,
  transformation,
} from '../plugin.ts';
import { type DataMap, getField, requireMap, requireStruct, setField } from '../support/data.ts';
import { asField, findField, schemaCache, structValue } from '../support/schema.ts';

const PURPOSE = 'copying fields from value to key';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define(fieldsKey('Field names on the record value to extract as the record key.'))
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/**
 * `ValueToKey`: the key becomes a map (or struct) of the listed value fields; a missing field gives null
 * (schemaless) or fails (with a schema). A tombstone fails the record, as in Connect.
 *
 * @example
 * valueToKey // transforms.key.type=org.apache.kafka.connect.transforms.ValueToKey  transforms.key.fields=userId
 */
export const valueToKey: TransformationPlugin = transformation({
  className: PluginClass.VALUE_TO_KEY,
  documentation: 'Replace the record key with a new key formed from a subset of fields in the record value.',
  configDef,
  configure(config) {
    const fields = config.list('fields');
    const replaceNullWithDefault = config.bool('replace.null.with.default');
    const cached = schemaCache();
    const keySchema = (schema: ConnectSchema) =>
      cached(schema, () => ({
        type: 'struct',
        fields: fields.map((name) => {
          const field = findField(schema, name);
          if (!field) throw new DataException(`Field does not exist: ${name}`);
          return asField(name, field);
        }),
      }));
    return {
      apply(record) {
        const key: DataMap = {};
        if (record.valueSchema === null) {
          const value = requireMap(record.value, PURPOSE);
          for (const name of fields) setField(key, name, getField(value, name) ?? null);
          return { ...record, keySchema: null, key };
        }
        const value = requireStruct(record.value, record.valueSchema.type, PURPOSE);
        const schema = keySchema(record.valueSchema);
        for (const field of schema.fields ?? [])
          setField(key, field.field, structValue(value, field, replaceNullWithDefault));
        return { ...record, keySchema: schema, key };
      },
    };
  },
});
