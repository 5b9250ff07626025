import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPlugin, transformPlugins } from '../../../shared/transforms/index.ts';

const APACHE = [
  'Cast$Key',
  'Cast$Value',
  'DropHeaders',
  'ExtractField$Key',
  'ExtractField$Value',
  'Filter',
  'Flatten$Key',
  'Flatten$Value',
  'HeaderFrom$Key',
  'HeaderFrom$Value',
  'HoistField$Key',
  'HoistField$Value',
  'InsertField$Key',
  'InsertField$Value',
  'InsertHeader',
  'MaskField$Key',
  'MaskField$Value',
  'RegexRouter',
  'ReplaceField$Key',
  'ReplaceField$Value',
  'SetSchemaMetadata$Key',
  'SetSchemaMetadata$Value',
  'TimestampConverter$Key',
  'TimestampConverter$Value',
  'TimestampRouter',
  'ValueToKey',
].map((n) => `org.apache.kafka.connect.transforms.${n}`);

describe('the plugin registry', () => {
  it('lists every Apache SMT and predicate plus the Adobe transforms, with versions and ConfigDefs', () => {
    const plugins = transformPlugins();
    expect(plugins.filter((p) => p.type === 'transformation').map((p) => p.className)).toEqual([
      'com.adobe.platform.streaming.sink.transformation.JsonPatchTransform',
      'com.adobe.platform.streaming.sink.transformation.XdmEnvelope',
      ...APACHE,
    ]);
    expect(plugins.filter((p) => p.type === 'predicate').map((p) => p.className)).toEqual([
      'org.apache.kafka.connect.transforms.predicates.HasHeaderKey',
      'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
      'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    ]);
    expect(findPlugin('RegexRouter')?.version).toBe('4.1.1');
    for (const plugin of plugins) {
      expect(plugin.documentation.length).toBeGreaterThan(20);
      expect(plugin.configDef()).not.toBe(plugin.configDef());
    }
  });

  it.each([
    [
      'org.apache.kafka.connect.transforms.InsertField$Value',
      'org.apache.kafka.connect.transforms.InsertField$Value',
    ],
    ['InsertField$Value', 'org.apache.kafka.connect.transforms.InsertField$Value'],
    [' RegexRouter ', 'org.apache.kafka.connect.transforms.RegexRouter'],
    ['TopicNameMatches', 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches'],
    ['XdmEnvelope', 'com.adobe.platform.streaming.sink.transformation.XdmEnvelope'],
    ['JsonPatchTransform', 'com.adobe.platform.streaming.sink.transformation.JsonPatchTransform'],
    ['Value', undefined],
    ['InsertField', undefined],
  ])('resolves %s', (name, className) => {
    expect(findPlugin(name)?.className).toBe(className);
  });
});

describe('docs/transforms.md', () => {
  const docs = readFileSync(new URL('../../../docs/transforms.md', import.meta.url), 'utf8');

  it.each(transformPlugins().map((p) => [p.className, p] as const))(
    'documents %s and all its keys',
    (className, plugin) => {
      const simple = className.slice(className.lastIndexOf('.') + 1).replace(/\$(Key|Value)$/, '');
      expect(docs).toContain(simple);
      for (const key of plugin.configDef().keys()) expect(docs).toContain(`\`${key.name}\``);
    },
  );
});
