// io.confluent.connect.json.JsonSchemaConverter, reading side: JSON documents in the registry wire format (written
// with a JSON Schema) become schemaless Connect data, exactly the JSON the producer wrote.
import { ConverterClasses } from './constants.ts';
import { DataException } from './errors.ts';
import { registryConverter } from './schema-registry.ts';
import type { SchemaAndValue } from './types.ts';

/**
 * `JsonSchemaConverter`. The document after the wire-format header is parsed as JSON and kept as schemaless data;
 * without transforms its text is sent to AEP unchanged. The schema is looked up (an unknown id fails the record) but
 * the document is not validated against it: the producer's serializer did that.
 *
 * @example
 * const json = jsonSchemaConverter.create({ 'converter.type': 'value', 'schema.registry.url': ['http://127.0.0.1:8081'], … });
 */
export const jsonSchemaConverter = registryConverter({
  className: ConverterClasses.JSON_SCHEMA,
  displayName: 'JSON Schema',
  schemaType: 'JSON',
  async compile() {
    return (payload): SchemaAndValue => {
      const text = payload.toString('utf8');
      try {
        return { schema: null, value: JSON.parse(text), json: text };
      } catch (e) {
        throw new DataException(`The document is not JSON: ${(e as Error).message}`, { cause: e });
      }
    };
  },
});
