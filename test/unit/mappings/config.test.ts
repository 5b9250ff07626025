import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import {
  consumerGroupId,
  esmConsumerGroupId,
  lambdaTopicProblems,
  mappingDefaultsFromEnv,
  mappingDefinition,
  resolveMappingSettings,
  validateMappingConfig,
  withMappingDefaults,
} from '../../../shared/mappings/index.ts';
import { anyConfigOf, configErrorsOf } from '../../support/config-errors.ts';

const cluster = 'arn:aws:kafka:eu-west-1:123456789012:cluster/prod/0a1b2c3d-1111-2222-3333-444455556666-1';
const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/aep-AbCdEf';
const msk = { name: 'orders', topics: 'orders,refunds', 'esm.msk.cluster.arn': cluster };
const selfManaged = { name: 'orders', topics: 'orders', 'esm.bootstrap.servers': 'b1:9096,b2:9096' };

function keysOf(config: Record<string, string>, lambda = true): string[] {
  return validateMappingConfig(config, { lambda }).map((p) => p.key);
}

describe('mappingDefinition', () => {
  it('defines every esm.* key in the Event Source Mapping group', () => {
    const def = mappingDefinition.configDef();
    expect(def.groups()).toEqual(['Event Source Mapping']);
    expect(def.keys().every((k) => k.name.startsWith('esm.') && k.documentation.length > 20)).toBe(true);
  });
});

describe('resolveMappingSettings', () => {
  it('fills Lambda defaults for an MSK connector', () => {
    expect(resolveMappingSettings(msk, { lambda: true })).toEqual({
      connector: 'orders',
      topics: ['orders', 'refunds'],
      topicsRegex: undefined,
      consumerGroupId: 'connect-orders',
      source: { type: 'msk', clusterArn: cluster },
      authType: 'NONE',
      authSecretArn: undefined,
      serverRootCaSecretArn: undefined,
      vpc: undefined,
      batchSize: 100,
      maximumBatchingWindowSeconds: undefined,
      startingPosition: 'TRIM_HORIZON',
      startingPositionTimestamp: undefined,
      pollers: { minimum: 1, maximum: 1, groupName: undefined },
      maximumRetryAttempts: undefined,
      maximumRecordAgeSeconds: undefined,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: true,
      onFailureDestination: undefined,
      filterPatterns: [],
    });
  });

  it('maps tasks.max to the maximum pollers unless esm.maximum.pollers is set, capped at 2000', () => {
    expect(resolveMappingSettings({ ...msk, 'tasks.max': '8' }).pollers?.maximum).toBe(8);
    expect(resolveMappingSettings({ ...msk, 'tasks.max': '9000' }).pollers?.maximum).toBe(2000);
    expect(
      resolveMappingSettings({ ...msk, 'tasks.max': '8', 'esm.maximum.pollers': '3' }).pollers?.maximum,
    ).toBe(3);
    expect(keysOf({ ...msk, 'esm.minimum.pollers': '4' })).toEqual(['esm.minimum.pollers']);
  });

  it('derives the starting position from consumer.override.auto.offset.reset unless set', () => {
    expect(
      resolveMappingSettings({ ...msk, 'consumer.override.auto.offset.reset': 'latest' }).startingPosition,
    ).toBe('LATEST');
    expect(
      resolveMappingSettings({
        ...msk,
        'consumer.override.auto.offset.reset': 'latest',
        'esm.starting.position': 'TRIM_HORIZON',
      }).startingPosition,
    ).toBe('TRIM_HORIZON');
    expect(keysOf({ ...msk, 'consumer.override.auto.offset.reset': 'none' })).toEqual([
      'consumer.override.auto.offset.reset',
    ]);
    const at = resolveMappingSettings({
      ...msk,
      'esm.starting.position': 'AT_TIMESTAMP',
      'esm.starting.position.timestamp': '2026-01-02T03:04:05Z',
    });
    expect(at.startingPositionTimestamp).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(keysOf({ ...msk, 'esm.starting.position': 'AT_TIMESTAMP' })).toEqual([
      'esm.starting.position.timestamp',
    ]);
    expect(keysOf({ ...msk, 'esm.starting.position.timestamp': '2999-01-01T00:00:00Z' })).toEqual([
      'esm.starting.position.timestamp',
    ]);
  });

  it('uses consumer.override.group.id as the consumer group', () => {
    expect(consumerGroupId({ name: 'x' })).toBe('connect-x');
    expect(resolveMappingSettings({ ...msk, 'consumer.override.group.id': 'legacy' }).consumerGroupId).toBe(
      'legacy',
    );
  });

  it('reads filters as one pattern string each, on the value only', () => {
    const s = resolveMappingSettings({
      ...msk,
      'esm.filters': '[{"value":{"type":["order"]}}, {"value":{"n":[{"numeric":[">",1]}]}}]',
    });
    expect(s.filterPatterns).toEqual([
      '{"value":{"type":["order"]}}',
      '{"value":{"n":[{"numeric":[">",1]}]}}',
    ]);
    const [problem] = validateMappingConfig({ ...msk, 'esm.filters': '[{"key":{"a":["b"]}}]' });
    expect(problem?.key).toBe('esm.filters');
    expect(problem?.message).toContain('may only filter on "value"');
  });

  it('reports every problem at once, each naming its key', () => {
    const e = configErrorsOf(() =>
      resolveMappingSettings(
        {
          ...msk,
          'esm.batch.size': '20000',
          'esm.auth.type': 'BASIC_AUTH',
          'esm.vpc.subnets': 'subnet-1a',
        },
        { lambda: true },
      ),
    );
    expect(e.problems.map((p) => p.key)).toEqual(['esm.batch.size']);
    expect(e.message).toContain(
      'Invalid value 20000 for configuration esm.batch.size: Value must be no more than 10000',
    );
    expect(keysOf({ ...msk, 'esm.auth.type': 'BASIC_AUTH', 'esm.vpc.subnets': 'subnet-1a' })).toEqual([
      'esm.auth.secret.arn',
      'esm.auth.type',
      'esm.vpc.subnets',
    ]);
  });
});

describe('cross-key validation', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'both a cluster ARN and bootstrap servers',
      { ...msk, 'esm.bootstrap.servers': 'b:9092' },
      ['esm.bootstrap.servers'],
    ],
    ['no source at all (Lambda)', { name: 'o', topics: 't' }, ['esm.msk.cluster.arn']],
    [
      'msk source without a cluster',
      { name: 'o', topics: 't', 'esm.source': 'msk' },
      ['esm.msk.cluster.arn'],
    ],
    ['self-managed source with a cluster', { ...msk, 'esm.source': 'self-managed' }, ['esm.msk.cluster.arn']],
    [
      'VPC subnets without security groups',
      { ...selfManaged, 'esm.vpc.subnets': 'subnet-0abc' },
      ['esm.vpc.security.groups'],
    ],
    [
      'security groups without subnets',
      { ...selfManaged, 'esm.vpc.security.groups': 'sg-0abc' },
      ['esm.vpc.subnets'],
    ],
    ['a secret without a mechanism', { ...selfManaged, 'esm.auth.secret.arn': secret }, ['esm.auth.type']],
    [
      'SCRAM-256 on MSK',
      { ...msk, 'esm.auth.type': 'SASL_SCRAM_256_AUTH', 'esm.auth.secret.arn': secret },
      ['esm.auth.type'],
    ],
    [
      'a root CA on MSK',
      { ...msk, 'esm.server.root.ca.secret.arn': secret },
      ['esm.server.root.ca.secret.arn'],
    ],
    ['topics.regex', { ...msk, topics: '', 'topics.regex': 'orders-.*' }, ['topics.regex']],
    ['no topics', { ...msk, topics: '' }, ['topics']],
    [
      'a Kafka destination equal to a source topic',
      { ...msk, 'esm.on.failure.destination': 'kafka://orders' },
      ['esm.on.failure.destination'],
    ],
    [
      'a destination that is no ARN',
      { ...msk, 'esm.on.failure.destination': 'https://x' },
      ['esm.on.failure.destination'],
    ],
    ['a name that is no valid ESM group', { ...msk, name: 'my orders' }, ['name']],
    [
      'an override that is no valid ESM group',
      { ...msk, 'consumer.override.group.id': 'a b' },
      ['consumer.override.group.id'],
    ],
    [
      'error-handling controls in on-demand mode (report.batch.item.failures defaults to true)',
      { ...msk, 'esm.poller.mode': 'on-demand', 'esm.maximum.retry.attempts': '3' },
      ['esm.maximum.retry.attempts', 'esm.report.batch.item.failures'],
    ],
  ];
  it.each(cases)('refuses %s', (_, config, keys) => {
    expect(keysOf(config)).toEqual(keys);
  });

  it('accepts on-demand mode without error-handling controls', () => {
    const s = resolveMappingSettings(
      { ...msk, 'esm.poller.mode': 'on-demand', 'esm.report.batch.item.failures': 'false' },
      { lambda: true },
    );
    expect(s.pollers).toBeUndefined();
  });

  it('leaves Lambda-only checks out for the local worker', () => {
    expect(keysOf({ name: 'my orders', topics: '', 'topics.regex': 'o.*' }, false)).toEqual([]);
  });

  it('exports the topics check for validate', () => {
    expect(lambdaTopicProblems({ topics: 'ok,.bad' }).map((p) => p.message)).toEqual([
      'Invalid value .bad for configuration topics: not a valid Kafka topic name for an event source mapping',
    ]);
  });

  it('never throws anything but ConfigErrors on arbitrary esm.* values', () => {
    fc.assert(
      fc.property(anyConfigOf(mappingDefinition, fc.string()), (extra) => {
        try {
          resolveMappingSettings({ ...msk, ...extra }, { lambda: true });
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigErrors);
        }
      }),
    );
  });
});

describe('deployment defaults', () => {
  const defaults = {
    'esm.msk.cluster.arn': cluster,
    'esm.auth.type': 'SASL_SCRAM_512_AUTH',
    'esm.auth.secret.arn': secret,
    'esm.batch.size': '500',
  };

  it('apply under the connector keys', () => {
    const s = resolveMappingSettings(
      { name: 'o', topics: 't', 'esm.batch.size': '50' },
      { defaults, lambda: true },
    );
    expect(s.source).toEqual({ type: 'msk', clusterArn: cluster });
    expect(s.authSecretArn).toBe(secret);
    expect(s.batchSize).toBe(50);
  });

  it('drop the default source keys when the connector names its own source', () => {
    expect(withMappingDefaults({ 'esm.bootstrap.servers': 'b:9092' }, defaults)).toEqual({
      'esm.batch.size': '500',
      'esm.bootstrap.servers': 'b:9092',
    });
  });

  it('are parsed from MAPPING_DEFAULTS with errors naming the key', () => {
    expect(mappingDefaultsFromEnv(undefined)).toEqual({});
    expect(mappingDefaultsFromEnv(JSON.stringify(defaults))).toEqual(defaults);
    expect(() => mappingDefaultsFromEnv('{"batch.size":"1"}')).toThrow(
      'MAPPING_DEFAULTS: batch.size is not an esm.* key',
    );
    expect(() => mappingDefaultsFromEnv('{"esm.batch.size":1}')).toThrow(
      'the value of esm.batch.size must be a string',
    );
    expect(() => mappingDefaultsFromEnv('[')).toThrow('MAPPING_DEFAULTS is not valid JSON');
  });
});

describe('esmConsumerGroupId', () => {
  it('keeps connect-<name> for one topic and gives each of several topics a group no other connector can derive', () => {
    expect(esmConsumerGroupId({ consumerGroupId: 'connect-a', topics: ['b-c'] }, 'b-c')).toBe('connect-a');
    const first = esmConsumerGroupId({ consumerGroupId: 'connect-a', topics: ['b-c', 'x'] }, 'b-c');
    const second = esmConsumerGroupId({ consumerGroupId: 'connect-a-b', topics: ['c', 'x'] }, 'c');
    expect(first).toBe('connect-a:b-c');
    expect(second).toBe('connect-a-b:c');
  });
});
