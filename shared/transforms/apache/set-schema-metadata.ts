// org.apache.kafka.connect.transforms.SetSchemaMetadata ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { KEY, REPLACE_NULL_WITH_DEFAULT, transformation } from '../plugin.ts';
import { type DataMap, isMap, setField } from '../support/data.ts';
import { fieldsOf, structValue } from '../support/schema.ts';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'schema.name',
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Schema name to set.',
    })
    .define({
      name: 'schema.version',
      type: 'INT',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Schema version to set.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/**
 * `SetSchemaMetadata$Key` / `SetSchemaMetadata$Value`: sets the name and/or version of the key or value schema.
 * It needs a schema (JsonConverter with `schemas.enable=true`, or Avro): schemaless data fails the record with
 * Connect's "Schema required for [updating schema metadata]"; a null value without a schema passes through.
 *
 * @example
 * setSchemaMetadata(VALUE) // transforms.meta.schema.name=com.acme.Order  transforms.meta.schema.version=2
 */
export function setSchemaMetadata(side: Side): TransformationPlugin {
  const keyClass = PluginClass.SET_SCHEMA_METADATA_KEY;
  const valueClass = PluginClass.SET_SCHEMA_METADATA_VALUE;
  return transformation({
    className: side === KEY ? keyClass : valueClass,
    documentation: `Set the schema name, version or both on the record's key (<code>${keyClass}</code>) or value (<code>${valueClass}</code>) schema.`,
    configDef,
    configure(config) {
      const name = config.string('schema.name');
      const version = config.int('schema.version');
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      if (name === null && version === null)
        throw config.problem('schema.name', 'Neither schema name nor version configured');
      return {
        apply(record) {
          const schema = side.schema(record);
          const value = side.value(record);
          if ((value === null || value === undefined) && schema === null) return record;
          if (schema === null) throw new DataException('Schema required for [updating schema metadata]');
          const updated: ConnectSchema = { ...schema };
          if (name !== null) updated.name = name;
          if (version !== null) updated.version = version;
          if (schema.type !== 'struct' || !isMap(value)) return side.update(record, updated, value);
          const struct: DataMap = {};
          for (const field of fieldsOf(schema))
            setField(struct, field.field, structValue(value, field, replaceNullWithDefault));
          return side.update(record, updated, struct);
        },
      };
    },
  });
}
