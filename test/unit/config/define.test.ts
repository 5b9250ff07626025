import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConfigErrors,
  defineConfig,
  Password,
  Range,
  settingsOrThrow,
  validString,
} from '../../../shared/config/index.ts';
import { configErrorsOf } from '../../support/config-errors.ts';

const definition = defineConfig(
  {
    'errors.tolerance': {
      type: 'STRING',
      defaultValue: 'none',
      documentation: 'What to do with a bad record.',
      validator: validString('none', 'all'),
    },
    'batch.size': {
      type: 'INT',
      defaultValue: 100,
      importance: 'HIGH',
      documentation: 'Records per batch.',
      validator: Range.atLeast(1),
    },
    'proxy.password': { type: 'PASSWORD', defaultValue: null, documentation: 'Proxy password.' },
    topics: { type: 'LIST', defaultValue: '', group: 'Other', documentation: 'Topics.' },
    endpoint: { type: 'STRING', documentation: 'Required URL.' },
    'late.key': { type: 'BOOLEAN', defaultValue: false, orderInGroup: 7, documentation: 'Ordered by hand.' },
  },
  { group: 'Main', width: 'SHORT' },
);

describe('defineConfig', () => {
  it('gives a ConfigDef with the defaults filled in and keys of a group numbered in declaration order', () => {
    const keys = definition.configDef().keys();
    expect(keys.map((k) => [k.name, k.group, k.orderInGroup, k.importance, k.width])).toEqual([
      ['errors.tolerance', 'Main', 1, 'MEDIUM', 'SHORT'],
      ['batch.size', 'Main', 2, 'HIGH', 'SHORT'],
      ['proxy.password', 'Main', 3, 'MEDIUM', 'SHORT'],
      ['topics', 'Other', 1, 'MEDIUM', 'SHORT'],
      ['endpoint', 'Main', 4, 'MEDIUM', 'SHORT'],
      ['late.key', 'Main', 7, 'MEDIUM', 'SHORT'],
    ]);
    expect(definition.configDef()).not.toBe(definition.configDef());
  });

  it('parses into typed getters, narrowed by validString', () => {
    const config = definition.parse({ endpoint: 'https://x', 'errors.tolerance': 'all', topics: 'a, b' });
    expect(config.get('errors.tolerance')).toBe('all');
    expect(config.get('batch.size')).toBe(100);
    expect(config.get('topics')).toEqual(['a', 'b']);
    expectTypeOf(config.get('errors.tolerance')).toEqualTypeOf<'none' | 'all'>();
    expectTypeOf(config.get('batch.size')).toEqualTypeOf<number>();
    expectTypeOf(config.get('proxy.password')).toEqualTypeOf<Password | null>();
    expectTypeOf(config.get('topics')).toEqualTypeOf<readonly string[]>();
    expectTypeOf(config.get('late.key')).toEqualTypeOf<boolean>();
  });

  it('reads unset, empty and empty-password values as undefined through optional', () => {
    const empty = definition.parse({ endpoint: 'e', 'proxy.password': '' });
    expect(empty.optional('proxy.password')).toBeUndefined();
    expect(empty.optional('topics')).toBeUndefined();
    expect(definition.parse({ endpoint: 'e' }).optional('proxy.password')).toBeUndefined();
    const set = definition.parse({ endpoint: 'e', 'proxy.password': 's3cret' });
    expect(set.optional('proxy.password')).toBeInstanceOf(Password);
    expect(set.optional('proxy.password')?.value).toBe('s3cret');
  });

  it('reports every key problem at once, naming each key', () => {
    const thrown = configErrorsOf(() => definition.parse({ 'batch.size': '0', 'errors.tolerance': 'some' }));
    expect((thrown as ConfigErrors).problems).toEqual([
      {
        key: 'errors.tolerance',
        message: 'Invalid value some for configuration errors.tolerance: String must be one of: none, all',
      },
      {
        key: 'batch.size',
        message: 'Invalid value 0 for configuration batch.size: Value must be at least 1',
      },
      {
        key: 'endpoint',
        message: 'Missing required configuration "endpoint" which has no default value.',
      },
    ]);
  });

  it('derives settings after the keys parse, collecting the problems across keys', () => {
    const derive = (props: Record<string, string>) =>
      definition.resolve(props, (config, problems) => {
        if (config.get('errors.tolerance') === 'all' && config.optional('topics') === undefined) {
          problems.invalid('topics', '', 'is required when errors.tolerance is all');
        }
        return { size: config.get('batch.size') };
      });
    expect(settingsOrThrow(derive({ endpoint: 'e' }))).toEqual({ size: 100 });
    expect(derive({ endpoint: 'e', 'errors.tolerance': 'all' }).problems).toEqual([
      {
        key: 'topics',
        message: 'Invalid value  for configuration topics: is required when errors.tolerance is all',
      },
    ]);
    expect(() => settingsOrThrow(derive({ endpoint: 'e', 'errors.tolerance': 'all' }))).toThrow(ConfigErrors);
    const unparsed = derive({});
    expect(unparsed.settings).toBeUndefined();
    expect(unparsed.problems.map((p) => p.key)).toEqual(['endpoint']);
  });
});
