import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, transformProblems, valueAfter, withValue } from '../helpers.ts';

const TYPE = 'XdmEnvelope';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0123';
const SCHEMA_REF = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };

describe('XdmEnvelope', () => {
  it('wraps the value as an XDM message (AEP streaming ingestion shape)', () => {
    const out = apply(
      TYPE,
      {
        'schema.id': SCHEMA,
        'ims.org.id': '{ORG}@AdobeOrg',
        'dataset.id': '5e8e1f8e0b9d8a18a9b8c1d2',
        'flow.id': 'd5262d48-0f47-4949-be6d-795f06933527',
        'source.name': 'kafka',
      },
      withValue({ person: { name: 'Ann' } }),
    );
    expect(out?.value).toEqual({
      header: {
        schemaRef: SCHEMA_REF,
        imsOrgId: '{ORG}@AdobeOrg',
        datasetId: '5e8e1f8e0b9d8a18a9b8c1d2',
        flowId: 'd5262d48-0f47-4949-be6d-795f06933527',
        source: { name: 'kafka' },
      },
      body: { xdmMeta: { schemaRef: SCHEMA_REF }, xdmEntity: { person: { name: 'Ann' } } },
    });
    expect(out?.valueSchema).toBeNull();
  });

  it('adds Data Prep upsert operations', () => {
    const out = apply(
      TYPE,
      {
        'schema.id': SCHEMA,
        'operations.data': 'merge',
        'operations.identity': 'create',
        'identity.dataset.id': '6254a93b851ecd194b64af9e',
      },
      withValue({ a: 1 }),
    );
    expect(valueAfter<{ header: unknown }>(out).header).toEqual({
      schemaRef: SCHEMA_REF,
      operations: { data: 'merge', identity: 'create', identityDatasetId: '6254a93b851ecd194b64af9e' },
    });
  });

  it('derives _id and timestamp from the Kafka record for time-series schemas', () => {
    const record = sinkRecord({ topic: 'clicks', kafkaPartition: 2, kafkaOffset: 9, value: '{"page":"/"}' });
    const out = apply(TYPE, { 'schema.id': SCHEMA, 'id.from': 'kafka', 'timestamp.from': 'kafka' }, record);
    expect(valueAfter<{ body: { xdmEntity: unknown } }>(out).body.xdmEntity).toEqual({
      page: '/',
      _id: 'clicks-2-9',
      timestamp: '2018-04-17T12:30:45.123Z',
    });
  });

  it.each([
    [
      { eventId: 'e-1', at: 1523968245123 },
      { eventId: 'e-1', at: 1523968245123, _id: 'e-1', timestamp: '2018-04-17T12:30:45.123Z' },
    ],
    [
      { eventId: 7, at: '2018-04-17T12:30:45Z' },
      { eventId: 7, at: '2018-04-17T12:30:45Z', _id: '7', timestamp: '2018-04-17T12:30:45Z' },
    ],
  ])('derives _id and timestamp from fields of %j', (value, entity) => {
    const out = apply(
      TYPE,
      { 'schema.id': SCHEMA, 'id.field': 'eventId', 'timestamp.field': 'at' },
      withValue(value),
    );
    expect(valueAfter<{ body: { xdmEntity: unknown } }>(out).body.xdmEntity).toEqual(entity);
  });

  it('reads nested id fields with field.syntax.version=V2', () => {
    const out = apply(
      TYPE,
      { mode: 'raw', 'id.field': 'meta.id', 'field.syntax.version': 'V2' },
      withValue({ meta: { id: 'x' } }),
    );
    expect(out?.value).toEqual({ meta: { id: 'x' }, _id: 'x' });
  });

  it('keeps raw values for Data Prep, wrapping them only when a header key is set', () => {
    const record = withValue('{"email":"a@b.c"}');
    expect(apply(TYPE, { mode: 'raw' }, record)?.value).toEqual({ email: 'a@b.c' });
    expect(apply(TYPE, { mode: 'raw' }, withValue([1, 2]))?.value).toEqual([1, 2]);
    expect(
      apply(TYPE, { mode: 'raw', 'flow.id': 'f-1', 'operations.data': 'delete' }, record)?.value,
    ).toEqual({
      header: { flowId: 'f-1', operations: { data: 'delete' } },
      body: { email: 'a@b.c' },
    });
  });

  it('passes a tombstone through', () => {
    const tombstone = withValue(null);
    expect(apply(TYPE, { 'schema.id': SCHEMA }, tombstone)).toBe(tombstone);
  });

  it.each([
    [{ 'schema.id': SCHEMA }, 42, 'An XDM entity must be a JSON object, found: java.lang.Long'],
    [{ 'schema.id': SCHEMA }, 'plain', 'The value is not valid JSON'],
    [{ 'schema.id': SCHEMA }, [1], 'An XDM entity must be a JSON object, found: java.util.ArrayList'],
    [{ 'schema.id': SCHEMA, 'id.field': 'id' }, { a: 1 }, "The _id field 'id' (id.field) is missing or null"],
    [
      { 'schema.id': SCHEMA, 'timestamp.field': 'at' },
      { at: true },
      "The timestamp field 'at' is not epoch milliseconds or an ISO-8601 string (found java.lang.Boolean)",
    ],
  ])('fails %j on %j', (config, value, message) => {
    expect(failure(() => apply(TYPE, config, withValue(value))).cause.message).toBe(message);
  });

  it('fails timestamp.from=kafka without a record timestamp', () => {
    expect(
      failure(() =>
        apply(
          TYPE,
          { 'schema.id': SCHEMA, 'timestamp.from': 'kafka' },
          sinkRecord({ value: {}, timestamp: null }),
        ),
      ).cause.message,
    ).toBe('Timestamp missing on record: orders-0@42 (timestamp.from=kafka)');
  });

  it.each([
    [
      {},
      'transforms.t.schema.id: Invalid value null for configuration transforms.t.schema.id: XDM messages need a schema $id when mode=xdm',
    ],
    [
      { mode: 'raw', 'schema.id': SCHEMA },
      `transforms.t.schema.id: Invalid value ${SCHEMA} for configuration transforms.t.schema.id: only applies when mode=xdm`,
    ],
    [
      { mode: 'json' },
      'transforms.t.mode: Invalid value json for configuration transforms.t.mode: String must be one of: xdm, raw',
    ],
    [
      { mode: 'raw', 'operations.data': 'upsert' },
      'transforms.t.operations.data: Invalid value upsert for configuration transforms.t.operations.data: String must be one of: create, merge, delete',
    ],
    [
      { mode: 'raw', 'operations.identity': 'create' },
      'transforms.t.identity.dataset.id: Invalid value null for configuration transforms.t.identity.dataset.id: Data Prep needs the identity dataset when operations.identity=create',
    ],
    [
      { mode: 'raw', 'identity.dataset.id': 'x' },
      'transforms.t.identity.dataset.id: Invalid value x for configuration transforms.t.identity.dataset.id: only applies with operations.identity=create',
    ],
    [
      { mode: 'raw', 'id.field': 'a', 'id.from': 'kafka' },
      'transforms.t.id.from: Invalid value kafka for configuration transforms.t.id.from: set either id.field or id.from, not both',
    ],
    [
      { mode: 'raw', 'timestamp.from': 'now' },
      'transforms.t.timestamp.from: Invalid value now for configuration transforms.t.timestamp.from: String must be one of: kafka',
    ],
  ])('rejects %j', (config, problem) => {
    expect(transformProblems(TYPE, config)).toEqual([problem]);
  });
});
