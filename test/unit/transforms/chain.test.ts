import { describe, expect, it } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { sinkConnectorConfigDef } from '../../../shared/connector/index.ts';
import {
  buildTransformationChain,
  DataException,
  TransformationError,
  transformsConfigDef,
  validateTransformsConfig,
} from '../../../shared/transforms/index.ts';
import { configProblems, header, sinkRecord, valueAfter } from './helpers.ts';

// Apache Kafka connect.html predicates example: drop topic foo, ExtractField$Key except on topic bar.
const DOCS_EXAMPLE = {
  transforms: 'Filter,Extract',
  'transforms.Filter.type': 'org.apache.kafka.connect.transforms.Filter',
  'transforms.Filter.predicate': 'IsFoo',
  'transforms.Extract.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
  'transforms.Extract.field': 'other_field',
  'transforms.Extract.predicate': 'IsBar',
  'transforms.Extract.negate': 'true',
  predicates: 'IsFoo,IsBar',
  'predicates.IsFoo.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
  'predicates.IsFoo.pattern': 'foo',
  'predicates.IsBar.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
  'predicates.IsBar.pattern': 'bar',
};

describe('buildTransformationChain', () => {
  it('is empty without transforms', () => {
    const chain = buildTransformationChain({});
    const record = sinkRecord({ value: 1 });
    expect(chain.size).toBe(0);
    expect(chain.apply(record)).toBe(record);
  });

  it('runs the Apache docs predicate example: Filter on foo, negated ExtractField except on bar', () => {
    const chain = buildTransformationChain(DOCS_EXAMPLE);
    expect(chain.size).toBe(2);
    const key = { other_field: 'x', more: 1 };
    expect(chain.apply(sinkRecord({ topic: 'foo', key }))).toBeNull();
    expect(chain.apply(sinkRecord({ topic: 'bar', key }))?.key).toEqual(key);
    expect(chain.apply(sinkRecord({ topic: 'baz', key }))?.key).toBe('x');
    expect(chain.apply(sinkRecord({ topic: 'food', key }))?.key).toBe('x');
  });

  it('applies transforms in the listed order with short aliases', () => {
    const chain = buildTransformationChain({
      transforms: 'hoist, insert',
      'transforms.hoist.type': 'HoistField$Value',
      'transforms.hoist.field': 'line',
      'transforms.insert.type': 'InsertField$Value',
      'transforms.insert.static.field': 'data_source',
      'transforms.insert.static.value': 'test-file-source',
    });
    expect(chain.apply(sinkRecord({ value: 'foo' }))?.value).toEqual({
      line: 'foo',
      data_source: 'test-file-source',
    });
  });

  it.each([
    ['HasHeaderKey', { 'predicates.p.name': 'op' }, [header('op')], true],
    ['HasHeaderKey', { 'predicates.p.name': 'op' }, [header('other')], false],
    ['RecordIsTombstone', {}, [], false],
  ])('guards a transform with %s', (type, config, headers, applied) => {
    const chain = buildTransformationChain({
      transforms: 't',
      'transforms.t.type': 'Filter',
      'transforms.t.predicate': 'p',
      predicates: 'p',
      'predicates.p.type': type,
      ...config,
    });
    const out = chain.apply(sinkRecord({ value: { a: 1 }, headers }));
    expect(out === null).toBe(applied);
  });

  it('drops tombstones with RecordIsTombstone and lets other records through', () => {
    const chain = buildTransformationChain({
      transforms: 'dropTombstones',
      'transforms.dropTombstones.type': 'Filter',
      'transforms.dropTombstones.predicate': 'isTombstone',
      predicates: 'isTombstone',
      'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    });
    expect(chain.apply(sinkRecord({ value: null }))).toBeNull();
    expect(chain.apply(sinkRecord({ value: { a: 1 } }))?.value).toEqual({ a: 1 });
  });

  it('never mutates the record it is given (every value deeply frozen)', () => {
    const chain = buildTransformationChain({
      transforms: 'ins,rep,mask,cast,ts,flat,hdr,patch,xdm',
      'transforms.ins.type': 'InsertField$Value',
      'transforms.ins.offset.field': 'offset',
      'transforms.rep.type': 'ReplaceField$Value',
      'transforms.rep.renames': 'name:fullName',
      'transforms.mask.type': 'MaskField$Value',
      'transforms.mask.fields': 'secret',
      'transforms.cast.type': 'Cast$Value',
      'transforms.cast.spec': 'age:string',
      'transforms.ts.type': 'TimestampConverter$Value',
      'transforms.ts.field': 'at',
      'transforms.ts.target.type': 'unix',
      'transforms.flat.type': 'Flatten$Value',
      'transforms.hdr.type': 'HeaderFrom$Value',
      'transforms.hdr.fields': 'fullName',
      'transforms.hdr.headers': 'who',
      'transforms.hdr.operation': 'move',
      'transforms.patch.type': 'JsonPatchTransform',
      'transforms.patch.operations': '[{"op":"replace","path":"/address.city","value":"Paris"}]',
      'transforms.xdm.type': 'XdmEnvelope',
      'transforms.xdm.schema.id': 'https://ns.adobe.com/acme/schemas/1',
      'transforms.xdm.id.from': 'kafka',
    });
    const value = { name: 'Ann', secret: 's', age: 30, at: new Date(5), address: { city: 'Lyon' } };
    const record = deepFreeze(sinkRecord({ value, headers: [header('h')] }));
    const out = chain.apply(record);
    expect(valueAfter<{ body: { xdmEntity: unknown } }>(out).body.xdmEntity).toEqual({
      secret: '',
      age: '30',
      at: 5,
      'address.city': 'Paris',
      offset: 42,
      _id: 'orders-0-42',
    });
    expect(out?.headers).toEqual([header('h'), { key: 'who', value: 'Ann', schema: null }]);
    expect(record.value).toEqual(value);
  });

  it('wraps a failing transform in a TransformationError naming alias, class and record', () => {
    const chain = buildTransformationChain({
      transforms: 'mask',
      'transforms.mask.type': 'MaskField$Value',
      'transforms.mask.fields': 'a',
    });
    const record = sinkRecord({ topic: 'orders', kafkaPartition: 3, kafkaOffset: 17, value: null });
    let error: unknown;
    try {
      chain.apply(record);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransformationError);
    const e = error as TransformationError;
    expect(e.message).toBe(
      "Transformation 'mask' (org.apache.kafka.connect.transforms.MaskField$Value) failed on record orders-3@17: Only Map objects supported in absence of schema for [mask fields], found: null",
    );
    expect(e.retriable).toBe(false);
    expect(e.stage).toBe('TRANSFORMATION');
    expect(e.record).toBe(record);
    expect(e.cause).toBeInstanceOf(DataException);
    expect((e.cause as DataException).exceptionClass).toBe('org.apache.kafka.connect.errors.DataException');
  });

  it('reports every configuration problem at once, worded like Connect', () => {
    const config = {
      transforms: 'a,b,c,d,e,a',
      'transforms.a.type': 'NoSuchTransform',
      'transforms.b.type': 'InsertField$Value',
      'transforms.b.topic.field': 't',
      'transforms.b.negate': 'true',
      'transforms.c.type': 'org.apache.kafka.connect.transforms.InsertField',
      'transforms.d.type': 'TopicNameMatches',
      'transforms.e.type': 'Filter',
      'transforms.e.predicate': 'missing',
      'transforms.e.negate': 'maybe',
      predicates: 'p,q',
      'predicates.p.type': 'Filter',
    };
    expect(configProblems(config)).toEqual([
      'transforms: Invalid value [a, b, c, d, e, a] for configuration transforms: Duplicate alias provided.',
      'transforms.a.type: Invalid value NoSuchTransform for configuration transforms.a.type: Class NoSuchTransform could not be found.',
      "transforms.b.type: Config 'transforms.b.negate' was provided but there is no config 'transforms.b.predicate' defining a predicate to be negated.",
      'transforms.c.type: This class is abstract and cannot be created. Did you mean org.apache.kafka.connect.transforms.InsertField$Key, org.apache.kafka.connect.transforms.InsertField$Value?',
      'transforms.d.type: Class class org.apache.kafka.connect.transforms.predicates.TopicNameMatches does not implement the Transformation interface',
      'transforms.e.negate: Invalid value maybe for configuration transforms.e.negate: Expected value to be either true or false',
      'predicates.p.type: Class class org.apache.kafka.connect.transforms.Filter does not implement the Predicate interface',
      'predicates.q.type: Missing required configuration "predicates.q.type" which has no default value.',
      "transforms.e.predicate: Invalid value missing for configuration transforms.e.predicate: There is no predicate with alias 'missing' in 'predicates' (predicates=[p, q])",
    ]);
  });

  it('refuses null values (a REST body may carry them) instead of skipping the transform', () => {
    expect(() =>
      buildTransformationChain({
        transforms: 'h',
        'transforms.h.type': 'HoistField$Value',
        'transforms.h.field': null,
      }),
    ).toThrow('Null value can not be supplied as the configuration value.');
    expect(() => buildTransformationChain({ transforms: 'h', 'transforms.h.type': null })).toThrow(
      'Null value can not be supplied as the configuration value.',
    );
  });

  it('throws ConfigErrors whose message lists the problems', () => {
    expect(() => buildTransformationChain({ transforms: 'x' })).toThrow(ConfigErrors);
    expect(() => buildTransformationChain({ transforms: 'x' })).toThrow(
      'Configuration is invalid and contains the following 1 error(s):\nMissing required configuration "transforms.x.type" which has no default value.',
    );
  });
});

describe('transformsConfigDef', () => {
  it('embeds each alias under its prefix and group, in ConnectorConfig.enrich order', () => {
    const def = transformsConfigDef(DOCS_EXAMPLE, sinkConnectorConfigDef());
    expect(def.groups()).toEqual([
      'Common',
      'Transforms',
      'Predicates',
      'Error Handling',
      'Transforms: Filter',
      'Transforms: Extract',
      'Predicates: IsFoo',
      'Predicates: IsBar',
    ]);
    const extract = def.keys().filter((k) => k.group === 'Transforms: Extract');
    expect(extract.map((k) => [k.name, k.orderInGroup])).toEqual([
      ['transforms.Extract.type', 0],
      ['transforms.Extract.plugin.version', 1],
      ['transforms.Extract.field', 2],
      ['transforms.Extract.field.syntax.version', 3],
      ['transforms.Extract.negate', 4],
      ['transforms.Extract.predicate', 5],
      ['transforms.Extract.replace.null.with.default', 6],
    ]);
    // KIP-891: the plugin's version, defaulting to the class's, as Connect 4.1 adds it.
    expect(def.key('transforms.Extract.plugin.version')).toMatchObject({
      type: 'STRING',
      defaultValue: '4.1.1',
      documentation: "Version of the 'Extract' transformation.",
      displayName: 'Transformation version for Extract',
    });
    expect(def.key('transforms.Extract.type')).toMatchObject({
      type: 'CLASS',
      importance: 'HIGH',
      documentation: "Class for the 'Extract' transformation.",
      displayName: 'Transformation type for Extract',
      width: 'LONG',
    });
    expect(def.key('predicates.IsFoo.pattern')).toMatchObject({
      type: 'STRING',
      group: 'Predicates: IsFoo',
      orderInGroup: 2,
    });
  });

  it('adds the transforms and predicates keys when the base lacks them', () => {
    const def = transformsConfigDef({ transforms: 'f', 'transforms.f.type': 'Filter' });
    expect(def.keys().map((k) => k.name)).toEqual([
      'transforms',
      'predicates',
      'transforms.f.type',
      'transforms.f.plugin.version',
      'transforms.f.negate',
      'transforms.f.predicate',
    ]);
  });
});

describe('validateTransformsConfig', () => {
  it('adds what Connect finds only when the task starts to the key it concerns', () => {
    const values = validateTransformsConfig({
      transforms: 'i,r,f',
      'transforms.i.type': 'InsertField$Value',
      'transforms.r.type': 'ReplaceField$Value',
      'transforms.r.blacklist': 'ssn',
      'transforms.f.type': 'Filter',
      'transforms.f.predicate': 'p',
    });
    expect(values.get('transforms.i.type')?.errorMessages).toEqual(['No field insertion configured']);
    expect(values.get('transforms.r.blacklist')?.errorMessages).toEqual([
      "Invalid value ssn for configuration transforms.r.blacklist: 'blacklist' was removed from ReplaceField in Apache Kafka 4.0; use 'exclude' instead",
    ]);
    expect(values.get('transforms.f.predicate')?.errorMessages).toEqual([
      "Invalid value p for configuration transforms.f.predicate: There is no predicate with alias 'p' in 'predicates' (predicates=[])",
    ]);
    expect(values.get('transforms.r.exclude')).toMatchObject({ value: [], errorMessages: [] });
  });

  it('validates on the given base ConfigDef', () => {
    const values = validateTransformsConfig(
      { transforms: 'f', 'transforms.f.type': 'Filter' },
      sinkConnectorConfigDef(),
    );
    expect(values.get('tasks.max')).toMatchObject({ value: 1, errorMessages: [] });
    expect(values.get('name')?.errorMessages).toEqual([
      'Missing required configuration "name" which has no default value.',
    ]);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
