// The plugin registry: Connect's listing order, version filter, and aliases (PluginUtils.computeAliases).
import { describe, expect, it } from 'vitest';
import { ConfigDef } from '../../../shared/config/index.ts';
import { type PluginDescriptor, PluginRegistry } from '../../../shared/connector/index.ts';
import { defaultPluginRegistry } from '../../../shared/rest/index.ts';

const plugin = (className: string, type: PluginDescriptor['type'], version?: string): PluginDescriptor => ({
  className,
  type,
  ...(version !== undefined && { version }),
  configDef: () => new ConfigDef(),
});

describe('PluginRegistry', () => {
  it('lists connectors only by default, everything in Connect order otherwise, without "undefined" versions', () => {
    const registry = new PluginRegistry([
      plugin('a.StringConverter', 'header_converter', '1'),
      plugin('a.StringConverter', 'converter', '1'),
      plugin('a.Filter', 'transformation', 'undefined'),
      plugin('a.HasHeaderKey', 'predicate'),
      plugin('a.MySinkConnector', 'sink', '2'),
      plugin('a.MySinkConnector', 'sink', '2'),
    ]);
    expect(registry.infos(true)).toEqual([{ class: 'a.MySinkConnector', type: 'sink', version: '2' }]);
    expect(registry.infos(false)).toEqual([
      { class: 'a.MySinkConnector', type: 'sink', version: '2' },
      { class: 'a.Filter', type: 'transformation' },
      { class: 'a.HasHeaderKey', type: 'predicate' },
      { class: 'a.StringConverter', type: 'converter', version: '1' },
      { class: 'a.StringConverter', type: 'header_converter', version: '1' },
    ]);
  });

  it('finds plugins by class name, simple name and pruned name, and drops ambiguous aliases', () => {
    const registry = new PluginRegistry([
      plugin('a.MySinkConnector', 'sink'),
      plugin('a.InsertField$Value', 'transformation'),
      plugin('a.ReplaceField$Value', 'transformation'),
      plugin('b.JsonConverter', 'converter'),
    ]);
    expect(registry.find('MySinkConnector')?.className).toBe('a.MySinkConnector');
    expect(registry.find(' MySink ')?.className).toBe('a.MySinkConnector');
    expect(registry.find('Json', ['converter'])?.className).toBe('b.JsonConverter');
    expect(registry.find('Json', ['header_converter'])).toBeUndefined();
    expect(registry.find('Value')).toBeUndefined();
    expect(registry.find('a.InsertField$Value')?.type).toBe('transformation');
    expect(registry.has('predicate')).toBe(false);
  });

  it('ships the AEP sink, the transforms and predicates, and the converters', () => {
    const registry = defaultPluginRegistry();
    expect(registry.connector('AEPSink').className).toBe(
      'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
    );
    expect(registry.find('org.apache.kafka.connect.json.JsonConverter', ['converter'])).toBeDefined();
    expect(registry.find('SimpleHeaderConverter', ['header_converter'])).toBeDefined();
    expect(registry.find('InsertField$Value')?.className).toBe(
      'org.apache.kafka.connect.transforms.InsertField$Value',
    );
    expect(registry.find('TopicNameMatches')?.type).toBe('predicate');
    expect([...new Set(registry.infos(false).map((p) => p.type))]).toEqual([
      'sink',
      'transformation',
      'predicate',
      'converter',
      'header_converter',
    ]);
    const keys = registry
      .connector('AEPSinkConnector')
      .configDef()
      .keys()
      .map((k) => k.name);
    expect(keys).toEqual(
      expect.arrayContaining(['aep.endpoint', 'esm.batch.size', 'behavior.on.null.values']),
    );
  });
});
