import { describe, expect, it } from 'vitest';
import { ConfigDef, ConfigErrors, type Password, Range, validString } from '../../../shared/config/index.ts';

const def = new ConfigDef()
  .define({
    name: 'name',
    type: 'STRING',
    importance: 'HIGH',
    documentation: 'Connector name',
    group: 'Common',
  })
  .define({
    name: 'tasks.max',
    type: 'INT',
    defaultValue: 1,
    importance: 'HIGH',
    documentation: 'Maximum tasks',
    group: 'Common',
    validator: Range.atLeast(1),
  })
  .define({ name: 'topics', type: 'LIST', defaultValue: '', importance: 'HIGH', documentation: 'Topics' })
  .define({
    name: 'errors.tolerance',
    type: 'STRING',
    defaultValue: 'none',
    importance: 'MEDIUM',
    documentation: 'Tolerance',
    group: 'Error Handling',
    validator: validString('none', 'all'),
  })
  .define({
    name: 'errors.log.enable',
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    documentation: 'x',
  })
  .define({
    name: 'secret',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    documentation: 'A secret',
  });

describe('ConfigDef', () => {
  it('parses typed values, trims strings and fills defaults', () => {
    const parsed = def.parse({
      name: ' s1 ',
      'tasks.max': '3',
      topics: 'a, b,c',
      'errors.log.enable': 'TRUE',
    });
    expect(parsed).toMatchObject({
      name: 's1',
      'tasks.max': 3,
      topics: ['a', 'b', 'c'],
      'errors.tolerance': 'none',
      'errors.log.enable': true,
      secret: null,
    });
  });

  it('reports every problem at once, each with Kafka wording and its key', () => {
    let error: unknown;
    try {
      def.parse({ 'tasks.max': '0', 'errors.tolerance': 'some', 'errors.log.enable': 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    expect((error as ConfigErrors).problems).toEqual([
      { key: 'name', message: 'Missing required configuration "name" which has no default value.' },
      { key: 'tasks.max', message: 'Invalid value 0 for configuration tasks.max: Value must be at least 1' },
      {
        key: 'errors.tolerance',
        message: 'Invalid value some for configuration errors.tolerance: String must be one of: none, all',
      },
      {
        key: 'errors.log.enable',
        message:
          'Invalid value yes for configuration errors.log.enable: Expected value to be either true or false',
      },
    ]);
  });

  it('rejects numbers that are not whole or out of range for INT', () => {
    expect(() => def.parse({ name: 'x', 'tasks.max': '1.5' })).toThrow('Not a number of type INT');
    expect(() => def.parse({ name: 'x', 'tasks.max': '3000000000' })).toThrow('Not a number of type INT');
  });

  it('keeps passwords hidden from String(), JSON and inspection', () => {
    const parsed = def.parse({ name: 'x', secret: 's3cret' });
    const secret = parsed.secret as Password;
    expect(secret.value).toBe('s3cret');
    expect(JSON.stringify(parsed)).not.toContain('s3cret');
    expect(`${secret}`).toBe('[hidden]');
  });

  it('validates without throwing, one ConfigValue per key', () => {
    const values = def.validate({ name: '', 'tasks.max': 'two' });
    // ConfigDef.validate: a value that does not parse is null, and the Range validator still rejects the null.
    expect(values.get('tasks.max')).toMatchObject({
      value: null,
      errorMessages: [
        'Invalid value two for configuration tasks.max: Not a number of type INT',
        'Invalid value null for configuration tasks.max: Value must be non-null',
      ],
    });
    expect(values.get('topics')?.errorMessages).toEqual([]);
    expect(def.groups()).toEqual(['Common', 'Error Handling']);
  });
});
