// org.apache.kafka.connect.transforms.HeaderFrom ($Key / $Value).
import { ConfigDef, nonEmptyList, validString } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectHeader, ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { fieldsKey, KEY, REPLACE_NULL_WITH_DEFAULT, transformation } from '../plugin.ts';
import { type DataMap, getField, requireMap, requireStruct, setField } from '../support/data.ts';
import { copySchemaBasics, fieldsOf, findField, schemaCache, structValue } from '../support/schema.ts';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define(fieldsKey('Field names in the record whose values are to be copied or moved to headers.'))
    .define({
      name: 'headers',
      type: 'LIST',
      importance: 'HIGH',
      documentation:
        'Header names, in the same order as the field names listed in the fields configuration property.',
      validator: nonEmptyList,
    })
    .define({
      name: 'operation',
      type: 'STRING',
      importance: 'HIGH',
      documentation:
        'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
      validator: validString('move', 'copy'),
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/**
 * `HeaderFrom$Key` / `HeaderFrom$Value`: copies (or moves) `fields[i]` into header `headers[i]`; an absent field
 * gives a null header. Like Connect it needs a map or struct: a tombstone fails the record.
 *
 * @example
 * headerFrom(VALUE) // transforms.h.fields=id,ts  transforms.h.headers=event_id,event_ts  transforms.h.operation=copy
 */
export function headerFrom(side: Side): TransformationPlugin {
  const keyClass = PluginClass.HEADER_FROM_KEY;
  const valueClass = PluginClass.HEADER_FROM_VALUE;
  return transformation({
    className: side === KEY ? keyClass : valueClass,
    documentation: `Moves or copies fields in the key/value of a record into that record's headers. Corresponding elements of <code>fields</code> and <code>headers</code> together identify a field and the header it should be moved or copied to. Use the concrete transformation type designed for the record key (<code>${keyClass}</code>) or value (<code>${valueClass}</code>).`,
    configDef,
    configure(config) {
      const fields = config.list('fields');
      const headers = config.list('headers');
      if (fields.length !== headers.length) {
        throw config.problem(
          'headers',
          "'fields' config must have the same number of elements as 'headers' config.",
        );
      }
      const move = config.string('operation') === 'move';
      const purpose = `header ${move ? 'move' : 'copy'}`;
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      const moved = new Set(fields);
      const cached = schemaCache();
      const movedSchema = (schema: ConnectSchema) =>
        cached(schema, () => ({
          ...copySchemaBasics(schema, 'struct'),
          fields: fieldsOf(schema).filter((f) => !moved.has(f.field)),
        }));

      return {
        apply(record) {
          const schema = side.schema(record);
          const added: ConnectHeader[] = [];
          if (schema === null) {
            const map = requireMap(side.value(record), purpose);
            const updated = { ...map };
            fields.forEach((name, i) => {
              if (move) delete updated[name];
              added.push({ key: headers[i] as string, value: getField(map, name) ?? null, schema: null });
            });
            return { ...side.update(record, null, updated), headers: [...record.headers, ...added] };
          }
          const struct = requireStruct(side.value(record), schema.type, purpose);
          fields.forEach((name, i) => {
            const field = findField(schema, name);
            if (!field) throw new DataException(`Field does not exist: ${name}`);
            const { field: _name, ...fieldSchema } = field;
            added.push({
              key: headers[i] as string,
              value: structValue(struct, field, replaceNullWithDefault),
              schema: fieldSchema,
            });
          });
          let updatedSchema = schema;
          let updated = struct;
          if (move) {
            updatedSchema = movedSchema(schema);
            updated = {} as DataMap;
            for (const f of fieldsOf(updatedSchema))
              setField(updated, f.field, structValue(struct, f, replaceNullWithDefault));
          }
          return { ...side.update(record, updatedSchema, updated), headers: [...record.headers, ...added] };
        },
      };
    },
  });
}
