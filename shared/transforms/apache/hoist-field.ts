// org.apache.kafka.connect.transforms.HoistField ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { keyedTransformation } from '../plugin.ts';
import { type DataMap, setField } from '../support/data.ts';
import { asField, schemaCache } from '../support/schema.ts';

function configDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'field',
    type: 'STRING',
    importance: 'MEDIUM',
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.',
  });
}

/**
 * `HoistField$Key` / `HoistField$Value`: wraps the key or value (null included) as `{<field>: value}`.
 *
 * @example
 * hoistField(VALUE) // transforms.MakeMap.field=line  →  "foo" becomes {"line":"foo"}
 */
export function hoistField(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.HOIST_FIELD_KEY,
    valueClass: PluginClass.HOIST_FIELD_VALUE,
    documentation: `Wrap data using the specified field name in a Struct when schema present, or a Map in the case of schemaless data.`,
    configDef,
    configure(config) {
      const field = config.string('field') as string;
      const cached = schemaCache();
      return {
        apply(record) {
          const schema = side.schema(record);
          const updated: DataMap = {};
          setField(updated, field, side.value(record) ?? null);
          const newSchema: ConnectSchema | null =
            schema && cached(schema, () => ({ type: 'struct', fields: [asField(field, schema)] }));
          return side.update(record, newSchema, updated);
        },
      };
    },
  });
}
