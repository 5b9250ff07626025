// Our XDM envelope: shapes a record value as an AEP Streaming Ingestion message. Adobe docs: "Streaming Ingestion
// Overview" (XDM message: header.schemaRef, imsOrgId, datasetId, flowId, source; body.xdmMeta, body.xdmEntity) and
// "Send partial row updates to Real-Time Customer Profile using Data Prep" (header.operations for upserts).
import { ConfigDef, type ConfigKey, validString } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import { JsonDouble } from '../../records/index.ts';
import type { SinkRecord } from '../../records/types.ts';
import { FIELD_SYNTAX_VERSION } from '../apache/extract-field.ts';
import { PluginClass, PROJECT_VERSION } from '../constants.ts';
import { recordId } from '../errors.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';
import { type DataMap, isMap, jsonData, setField } from '../support/data.ts';
import { type FieldSyntaxVersion, fieldPathSteps, valueAtPath } from '../support/field-path.ts';
import { javaClassName } from '../support/java.ts';

const XDM_CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1';

function key(name: string, documentation: string, more: Partial<ConfigKey> = {}): ConfigKey {
  return { name, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation, ...more };
}

function configDef(): ConfigDef {
  return new ConfigDef()
    .define(
      key(
        'mode',
        '<code>xdm</code> wraps the value as an XDM message {header, body:{xdmMeta, xdmEntity}}; <code>raw</code> keeps the value for a Data Prep (mapping) dataflow, wrapped as {header, body} only when a header key (flow.id, ims.org.id, dataset.id, operations.*) is set.',
        { defaultValue: 'xdm', importance: 'HIGH', validator: validString('xdm', 'raw') },
      ),
    )
    .define(
      key(
        'schema.id',
        'The XDM schema $id (https://ns.adobe.com/{TENANT}/schemas/{ID}); required when mode=xdm.',
        { importance: 'HIGH' },
      ),
    )
    .define(
      key('schema.content.type', 'The schemaRef content type.', {
        defaultValue: XDM_CONTENT_TYPE,
        importance: 'LOW',
      }),
    )
    .define(key('ims.org.id', 'header.imsOrgId: the IMS organization ID ({ORG}@AdobeOrg).'))
    .define(key('dataset.id', 'header.datasetId: the target dataset ID.'))
    .define(key('flow.id', 'header.flowId: the dataflow ID.'))
    .define(key('source.name', 'header.source.name (mode=xdm only).', { importance: 'LOW' }))
    .define(
      key(
        'operations.data',
        'header.operations.data for Data Prep streaming upserts: create, merge or delete.',
        {
          validator: validString('create', 'merge', 'delete'),
        },
      ),
    )
    .define(
      key(
        'operations.identity',
        'header.operations.identity: create links new identities (needs identity.dataset.id).',
        {
          validator: validString('create'),
        },
      ),
    )
    .define(
      key(
        'identity.dataset.id',
        'header.operations.identityDatasetId: the identity dataset for operations.identity=create.',
      ),
    )
    .define(
      key('id.field', 'Sets the entity _id from this field of the value (a path; see field.syntax.version).'),
    )
    .define(
      key(
        'id.from',
        '<code>kafka</code> sets the entity _id to <topic>-<partition>-<offset> of the consumed record.',
        { validator: validString('kafka') },
      ),
    )
    .define(
      key(
        'timestamp.field',
        'Sets the entity timestamp from this field: epoch milliseconds or an ISO-8601 string.',
      ),
    )
    .define(
      key(
        'timestamp.from',
        '<code>kafka</code> sets the entity timestamp to the record timestamp (ISO-8601, UTC).',
        {
          validator: validString('kafka'),
        },
      ),
    )
    .define(FIELD_SYNTAX_VERSION);
}

/** An entity field derived from the record: `_id` or `timestamp`. */
type Derive = (entity: DataMap, record: SinkRecord) => unknown;

function isoTimestamp(value: unknown, what: string): string {
  if (value instanceof Date) return value.toISOString();
  const number = value instanceof JsonDouble ? value.valueOf() : value;
  if (typeof number === 'number' && Number.isFinite(number)) return new Date(number).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
  throw new DataException(
    `${what} is not epoch milliseconds or an ISO-8601 string (found ${javaClassName(value)})`,
  );
}

/**
 * `XdmEnvelope`: wraps each value as an AEP XDM message (or, with `mode=raw`, keeps it for a Data Prep flow),
 * optionally with Data Prep upsert `operations` and a derived `_id` / `timestamp` for time-series schemas.
 * String and byte values are parsed as JSON; a null value (tombstone) passes through.
 *
 * @example
 * xdmEnvelope // transforms.xdm.schema.id=https://ns.adobe.com/acme/schemas/123  transforms.xdm.dataset.id=65f…  transforms.xdm.id.from=kafka
 */
export const xdmEnvelope: TransformationPlugin = transformation({
  className: PluginClass.XDM_ENVELOPE,
  version: PROJECT_VERSION,
  documentation:
    'Shapes the record value as an Adobe Experience Platform streaming message: an XDM message {header:{schemaRef, imsOrgId, datasetId, flowId, source, operations}, body:{xdmMeta:{schemaRef}, xdmEntity}}, or a raw value for Data Prep dataflows.',
  configDef,
  configure(config) {
    const xdm = config.string('mode') === 'xdm';
    const schemaId = config.string('schema.id');
    const identity = config.string('operations.identity');
    const identityDataset = config.string('identity.dataset.id');
    if (xdm && schemaId === null)
      throw config.invalid('schema.id', null, 'XDM messages need a schema $id when mode=xdm');
    if (!xdm) {
      for (const name of ['schema.id', 'schema.content.type', 'source.name']) {
        const value = config.original(name);
        if (value !== undefined) throw config.invalid(name, value, 'only applies when mode=xdm');
      }
    }
    if (identity !== null && identityDataset === null) {
      throw config.invalid(
        'identity.dataset.id',
        null,
        'Data Prep needs the identity dataset when operations.identity=create',
      );
    }
    if (identity === null && identityDataset !== null) {
      throw config.invalid(
        'identity.dataset.id',
        identityDataset,
        'only applies with operations.identity=create',
      );
    }
    const steps = (path: string) => {
      try {
        return fieldPathSteps(
          path,
          (config.string('field.syntax.version') as string).toUpperCase() as FieldSyntaxVersion,
        );
      } catch (e) {
        throw config.problem('field.syntax.version', (e as Error).message);
      }
    };
    const derive = (target: '_id' | 'timestamp', fromKafka: Derive): Derive | null => {
      const prefix = target === '_id' ? 'id' : 'timestamp';
      const field = config.string(`${prefix}.field`);
      const from = config.string(`${prefix}.from`);
      if (field !== null && from !== null) {
        throw config.invalid(
          `${prefix}.from`,
          from,
          `set either ${prefix}.field or ${prefix}.from, not both`,
        );
      }
      if (from !== null) return fromKafka;
      if (field === null) return null;
      const path = steps(field);
      return (entity) => {
        const value = valueAtPath(entity, path);
        if (value === null)
          throw new DataException(`The ${target} field '${field}' (${prefix}.field) is missing or null`);
        return target === '_id' ? String(value) : isoTimestamp(value, `The timestamp field '${field}'`);
      };
    };
    const deriveId = derive(
      '_id',
      (_entity, r) => `${r.original.topic}-${r.kafkaPartition}-${r.kafkaOffset}`,
    );
    const deriveTimestamp = derive('timestamp', (_entity, r) => {
      if (r.timestamp === null)
        throw new DataException(`Timestamp missing on record: ${recordId(r)} (timestamp.from=kafka)`);
      return new Date(r.timestamp).toISOString();
    });

    const operations: DataMap = {};
    if (config.string('operations.data') !== null) operations.data = config.string('operations.data');
    if (identity !== null) operations.identity = identity;
    if (identityDataset !== null) operations.identityDatasetId = identityDataset;
    const header: DataMap = {};
    const schemaRef = xdm
      ? Object.freeze({ id: schemaId, contentType: config.string('schema.content.type') })
      : null;
    if (schemaRef) header.schemaRef = schemaRef;
    const headerKeys = [
      ['imsOrgId', 'ims.org.id'],
      ['datasetId', 'dataset.id'],
      ['flowId', 'flow.id'],
    ] as const;
    for (const [name, configKey] of headerKeys)
      if (config.string(configKey) !== null) header[name] = config.string(configKey);
    if (xdm && config.string('source.name') !== null)
      header.source = Object.freeze({ name: config.string('source.name') });
    if (Object.keys(operations).length > 0) header.operations = Object.freeze(operations);
    Object.freeze(header);
    const wrapRaw = !xdm && Object.keys(header).length > 0;
    const xdmMeta = Object.freeze({ schemaRef });

    return {
      apply(record) {
        if (record.value === null || record.value === undefined) return record;
        let { value } = jsonData(record.value);
        if (deriveId || deriveTimestamp || xdm) {
          if (!isMap(value))
            throw new DataException(`An XDM entity must be a JSON object, found: ${javaClassName(value)}`);
          const entity: DataMap = value;
          if (deriveId || deriveTimestamp) {
            value = { ...entity };
            if (deriveId) setField(value as DataMap, '_id', deriveId(entity, record));
            if (deriveTimestamp) setField(value as DataMap, 'timestamp', deriveTimestamp(entity, record));
          }
        }
        if (xdm) value = { header, body: { xdmMeta, xdmEntity: value } };
        else if (wrapRaw) value = { header, body: value };
        return { ...record, valueSchema: null, value };
      },
    };
  },
});
