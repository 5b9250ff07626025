import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROJECT_ROOT } from '../../../cdk/lib/bundled-function.ts';
import {
  type DeploymentSettings,
  deploymentDefinition,
  deploymentMappingDefaults,
  settingsFromContext,
  settingsProblems,
} from '../../../cdk/lib/index.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { problemKeys } from '../../support/config-errors.ts';
import { BOOTSTRAP_SERVERS, CLUSTER_ARN, SCRAM_SECRET_ARN, VPC } from './fixtures.ts';

/** What `cdk deploy -c key=value …` gives the app: every value a string. */
function fromCli(context: Record<string, string>) {
  return settingsFromContext(new App({ context }).node);
}

describe('settingsFromContext', () => {
  it('returns the stack name default and nothing else for an empty context', () => {
    expect(settingsFromContext(new App().node)).toEqual({
      stackName: 'AepStreamingSink',
      kafkaAuthType: 'NONE',
      logLevel: 'INFO',
      logRetentionDays: 30,
      metricsNamespace: 'AepStreamingSink',
      offsetLagThreshold: 10_000,
      apiAuth: 'iam',
      apiThrottleRateLimit: 10,
      apiThrottleBurstLimit: 20,
      apiExecutionLogging: false,
      tableDeletionProtection: true,
      retainData: true,
      sinkMemoryMiB: 1024,
      sinkTimeoutSeconds: 300,
      reconcileIntervalMinutes: 5,
    });
  });

  it('parses -c strings: comma lists, booleans, numbers and JSON objects', () => {
    const settings = fromCli({
      bootstrapServers: BOOTSTRAP_SERVERS.join(', '),
      subnetIds: VPC.subnetIds.join(','),
      retainData: 'false',
      sinkTimeoutSeconds: '600',
      mappingDefaults: '{"esm.batch.size":"500"}',
      connectors: '[{"name":"orders","config":{"topics":"orders"}}]',
    });
    expect(settings).toMatchObject({
      bootstrapServers: BOOTSTRAP_SERVERS,
      subnetIds: VPC.subnetIds,
      retainData: false,
      sinkTimeoutSeconds: 600,
      mappingDefaults: { 'esm.batch.size': '500' },
      connectors: [{ name: 'orders', config: { topics: 'orders' } }],
    });
  });

  it('takes cdk.json values as JSON: arrays and objects', () => {
    const app = new App({
      context: {
        securityGroupIds: [...VPC.securityGroupIds],
        mappingDefaults: { 'esm.batch.size': '250' },
        connectors: [{ name: 'orders', config: { topics: 'orders' }, initialState: 'PAUSED' }],
      },
    });
    expect(settingsFromContext(app.node)).toMatchObject({
      securityGroupIds: VPC.securityGroupIds,
      mappingDefaults: { 'esm.batch.size': '250' },
      connectors: [{ name: 'orders', initialState: 'PAUSED' }],
    });
  });

  it('reports every bad key at once, each message naming its key', () => {
    let error: unknown;
    try {
      fromCli({
        mskClusterArn: 'arn:aws:s3:::bucket',
        subnetIds: 'subnet-12',
        sinkTimeoutSeconds: '900',
        logLevel: 'LOUD',
        apiAuth: 'cognito',
        retainData: 'maybe',
        mappingDefaults: '{"batch.size":"5"}',
        connectors: '[{"name":"orders","config":{"tasks.max":2}}]',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    const problems = (error as ConfigErrors).problems;
    expect(problems.map((p) => p.key).sort()).toEqual(
      [
        'apiAuth',
        'connectors',
        'logLevel',
        'mappingDefaults',
        'mskClusterArn',
        'retainData',
        'sinkTimeoutSeconds',
        'subnetIds',
      ].sort(),
    );
    for (const p of problems) expect(p.message).toContain(p.key);
    expect(problems.find((p) => p.key === 'connectors')?.message).toContain('connectors[0].config.tasks.max');
    expect(problems.find((p) => p.key === 'mappingDefaults')?.message).toContain(
      'batch.size is not an esm.* key',
    );
    expect(problems.find((p) => p.key === 'sinkTimeoutSeconds')?.message).toContain('no more than 840');
  });
});

describe('settingsProblems', () => {
  it('accepts an MSK cluster with IAM auth, and self-managed SCRAM brokers in a VPC', () => {
    expect(settingsProblems({ mskClusterArn: CLUSTER_ARN })).toEqual([]);
    expect(
      settingsProblems({
        bootstrapServers: BOOTSTRAP_SERVERS,
        kafkaAuthType: 'SASL_SCRAM_512_AUTH',
        kafkaAuthSecretArn: SCRAM_SECRET_ARN,
        ...VPC,
      }),
    ).toEqual([]);
  });

  it('refuses settings that conflict or need each other, naming the key to fix', () => {
    expect(
      settingsProblems({
        mskClusterArn: CLUSTER_ARN,
        bootstrapServers: BOOTSTRAP_SERVERS,
        alarmEmail: 'ops@example.com',
        alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
        vpcId: VPC.vpcId,
      }).map((p) => p.key),
    ).toEqual(['bootstrapServers', 'alarmTopicArn', 'subnetIds', 'securityGroupIds']);
  });

  it('reports what event source mappings cannot do against the context key that set it', () => {
    const mskScram256 = settingsProblems({
      mskClusterArn: CLUSTER_ARN,
      kafkaAuthType: 'SASL_SCRAM_256_AUTH',
      kafkaAuthSecretArn: SCRAM_SECRET_ARN,
    });
    expect(mskScram256.map((p) => p.key)).toEqual(['kafkaAuthType']);
    expect(mskScram256[0]?.message).toContain('(set through kafkaAuthType)');
    expect(settingsProblems({ bootstrapServers: BOOTSTRAP_SERVERS, kafkaAuthType: 'BASIC_AUTH' })).toEqual([
      expect.objectContaining({ key: 'kafkaAuthSecretArn' }),
    ]);
  });

  it('applies the per-key rules to props set in code too', () => {
    expect(
      problemKeys(() => settingsFromContext(new App({ context: { offsetLagThreshold: 0 } }).node)),
    ).toEqual(['offsetLagThreshold']);
    const partialSecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aep/credentials';
    const problems = settingsProblems({
      sinkTimeoutSeconds: 841,
      subnetIds: ['subnet-1'],
      aepSecretArn: partialSecret,
    });
    expect(problems.map((p) => p.key)).toEqual([
      'subnetIds',
      'aepSecretArn',
      'sinkTimeoutSeconds',
      'vpcId',
      'securityGroupIds',
    ]);
    expect(problems[1]?.message).toContain('is not a complete Secrets Manager secret ARN');
  });
});

describe('deploymentMappingDefaults', () => {
  it('turns the Kafka settings into esm.* defaults, VPC only for self-managed brokers', () => {
    expect(deploymentMappingDefaults({ mskClusterArn: CLUSTER_ARN, ...VPC })).toEqual({
      'esm.msk.cluster.arn': CLUSTER_ARN,
    });
    expect(
      deploymentMappingDefaults({
        bootstrapServers: BOOTSTRAP_SERVERS,
        kafkaAuthType: 'SASL_SCRAM_512_AUTH',
        kafkaAuthSecretArn: SCRAM_SECRET_ARN,
        mappingDefaults: { 'esm.batch.size': '500', 'esm.auth.type': 'BASIC_AUTH' },
        ...VPC,
      }),
    ).toEqual({
      'esm.batch.size': '500',
      'esm.bootstrap.servers': BOOTSTRAP_SERVERS.join(','),
      'esm.auth.type': 'SASL_SCRAM_512_AUTH',
      'esm.auth.secret.arn': SCRAM_SECRET_ARN,
      'esm.vpc.subnets': VPC.subnetIds.join(','),
      'esm.vpc.security.groups': VPC.securityGroupIds.join(','),
    });
  });
});

describe('deploymentDefinition', () => {
  it('types the stack props from the definitions: narrowed where a key takes a fixed set of values', () => {
    expectTypeOf<DeploymentSettings['kafkaAuthType']>().toEqualTypeOf<
      | 'NONE'
      | 'SASL_SCRAM_256_AUTH'
      | 'SASL_SCRAM_512_AUTH'
      | 'BASIC_AUTH'
      | 'CLIENT_CERTIFICATE_TLS_AUTH'
      | undefined
    >();
    expectTypeOf<DeploymentSettings['apiAuth']>().toEqualTypeOf<
      'iam' | 'iam-and-api-key' | 'api-key' | undefined
    >();
    expectTypeOf<DeploymentSettings['subnetIds']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<DeploymentSettings['sinkMemoryMiB']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<DeploymentSettings['logRetentionDays']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<DeploymentSettings['alarmEmail']>().toEqualTypeOf<string | undefined>();
    expect(Object.keys(deploymentDefinition.keys)).toContain('kafkaAuthType');
  });

  it('checks the context keys that set esm.* defaults as the esm.* keys themselves are checked', () => {
    expect(settingsProblems({ bootstrapServers: ['broker'] }).map((p) => p.message)).toEqual([
      'Invalid value [broker] for configuration bootstrapServers: broker is not host:port',
    ]);
  });

  it('documents every context key in one group', () => {
    const keys = deploymentDefinition.configDef().keys();
    expect(keys.length).toBeGreaterThan(25);
    expect(keys.every((k) => k.group === 'Deployment' && k.documentation.length > 10)).toBe(true);
  });
});

describe('docs/deploy.md', () => {
  it('documents every context key with its default', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs', 'deploy.md'), 'utf8');
    for (const key of deploymentDefinition.configDef().keys()) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${key.name}\` |`));
      expect(row, key.name).toBeDefined();
      const shown =
        key.defaultValue === null ? '–' : key.defaultValue === '' ? 'empty' : `\`${key.defaultValue}\``;
      expect(row?.split('|')[3]?.trim(), key.name).toBe(shown);
    }
  });
});
