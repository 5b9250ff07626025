import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value';

describe('SetSchemaMetadata', () => {
  it('sets the name and version of a value schema (JsonConverter schemas.enable=true)', () => {
    const schema = struct({ a: { type: 'int32', optional: true, default: 5 } }, { name: 'old', version: 1 });
    const out = apply(
      VALUE,
      { 'schema.name': 'com.acme.Order', 'schema.version': '2' },
      withValue({ a: null }, schema),
    );
    expect(out?.valueSchema).toEqual({ ...schema, name: 'com.acme.Order', version: 2 });
    expect(out?.value).toEqual({ a: 5 });
  });

  it('sets only the name on a key schema', () => {
    const out = apply(
      'SetSchemaMetadata$Key',
      { 'schema.name': 'Key' },
      sinkRecord({ key: 'k', keySchema: { type: 'string', version: 4 } }),
    );
    expect(out?.keySchema).toEqual({ type: 'string', name: 'Key', version: 4 });
  });

  it('needs a schema: schemaless data fails, a schemaless tombstone passes', () => {
    expect(failure(() => apply(VALUE, { 'schema.name': 'x' }, withValue({ a: 1 }))).cause.message).toBe(
      'Schema required for [updating schema metadata]',
    );
    const tombstone = withValue(null);
    expect(apply(VALUE, { 'schema.name': 'x' }, tombstone)).toBe(tombstone);
  });

  it('needs a name or a version', () => {
    expect(transformProblems(VALUE, {})).toEqual([
      'transforms.t.schema.name: Neither schema name nor version configured',
    ]);
    expect(transformProblems(VALUE, { 'schema.version': 'two' })).toEqual([
      'transforms.t.schema.version: Invalid value two for configuration transforms.t.schema.version: Not a number of type INT',
    ]);
  });
});
