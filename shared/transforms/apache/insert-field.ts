// org.apache.kafka.connect.transforms.InsertField ($Key / $Value).
import { ConfigDef } from '../../config/index.ts';
import type { ConnectSchema, SinkRecord } from '../../records/types.ts';
import { LogicalType, PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { keyedTransformation, mapOrStruct, REPLACE_NULL_WITH_DEFAULT } from '../plugin.ts';
import { type DataMap, setField } from '../support/data.ts';
import { asField, copySchemaBasics, fieldsOf, schemaCache, structValue } from '../support/schema.ts';

const PURPOSE = 'field insertion';
const OPTIONALITY_DOC =
  'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

function configDef(): ConfigDef {
  const field = (name: string, doc: string) =>
    ({ name, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: doc }) as const;
  return new ConfigDef()
    .define(field('topic.field', `Field name for Kafka topic. ${OPTIONALITY_DOC}`))
    .define(field('partition.field', `Field name for Kafka partition. ${OPTIONALITY_DOC}`))
    .define(
      field(
        'offset.field',
        `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`,
      ),
    )
    .define(field('timestamp.field', `Field name for record timestamp. ${OPTIONALITY_DOC}`))
    .define(field('static.field', `Field name for static data field. ${OPTIONALITY_DOC}`))
    .define(field('static.value', 'Static field value, if field name configured.'))
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/**
 * `InsertField$Key` / `InsertField$Value`: adds the topic, partition, offset, timestamp and/or a static string.
 * A null key/value passes through; schemaless needs a map, with a schema a struct (the schema gains the fields).
 *
 * @example
 * insertField(VALUE) // transforms.meta.type=org.apache.kafka.connect.transforms.InsertField$Value
 */
export function insertField(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.INSERT_FIELD_KEY,
    valueClass: PluginClass.INSERT_FIELD_VALUE,
    documentation: `Insert field(s) using attributes from the record metadata or a configured static value.`,
    configDef,
    configure(config) {
      const topic = parseSpec(config.string('topic.field'));
      const partition = parseSpec(config.string('partition.field'));
      const offset = parseSpec(config.string('offset.field'));
      const timestamp = parseSpec(config.string('timestamp.field'));
      const staticField = parseSpec(config.string('static.field'));
      const staticValue = config.string('static.value');
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      if (!topic && !partition && !offset && !timestamp && !staticField) {
        throw config.problem('type', 'No field insertion configured');
      }
      if (staticField && staticValue === null) {
        throw config.invalid(
          'static.value',
          null,
          `No value specified for static field: ${staticField.name}`,
        );
      }

      const insert = (target: DataMap, record: SinkRecord) => {
        if (topic) setField(target, topic.name, record.topic);
        if (partition) setField(target, partition.name, record.kafkaPartition);
        if (offset) setField(target, offset.name, record.kafkaOffset);
        if (timestamp && record.timestamp !== null) setField(target, timestamp.name, record.timestamp);
        if (staticField) setField(target, staticField.name, staticValue);
      };

      const optional = (type: ConnectSchema['type'], spec: InsertionSpec, name?: string): ConnectSchema => {
        const schema: ConnectSchema = name ? { type, name, version: 1 } : { type };
        if (spec.optional) schema.optional = true;
        return schema;
      };
      const cached = schemaCache();
      const updatedSchema = (schema: ConnectSchema) =>
        cached(schema, () => {
          const fields = [...fieldsOf(schema)];
          if (topic) fields.push(asField(topic.name, optional('string', topic)));
          if (partition) fields.push(asField(partition.name, optional('int32', partition)));
          if (offset) fields.push(asField(offset.name, optional('int64', offset)));
          if (timestamp)
            fields.push(asField(timestamp.name, optional('int64', timestamp, LogicalType.TIMESTAMP)));
          if (staticField) fields.push(asField(staticField.name, optional('string', staticField)));
          return { ...copySchemaBasics(schema, 'struct'), fields };
        });

      return {
        apply: mapOrStruct(side, PURPOSE, {
          schemaless(map, record) {
            const updated = { ...map };
            insert(updated, record);
            return updated;
          },
          withSchema(struct, schema, record) {
            const updated: DataMap = {};
            for (const field of fieldsOf(schema))
              setField(updated, field.field, structValue(struct, field, replaceNullWithDefault));
            insert(updated, record);
            return { schema: updatedSchema(schema), value: updated };
          },
        }),
      };
    },
  });
}
