import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { AepSinkStackProps } from '../../../cdk/lib/index.ts';
import {
  ACCOUNT,
  BOOTSTRAP_SERVERS,
  CLUSTER_ARN,
  newStack,
  REGION,
  SCRAM_SECRET_ARN,
  synthWithNag,
  VPC,
} from './fixtures.ts';

const AEP = {
  'connector.class': 'AEPSinkConnector',
  'aep.endpoint': 'https://dcs.adobedc.net/collection/0123456789abcdef',
};

const DEPLOYMENTS: Record<string, AepSinkStackProps> = {
  defaults: {},
  'MSK with IAM auth, a connector as code and e-mail alarms': {
    mskClusterArn: CLUSTER_ARN,
    alarmEmail: 'ops@example.com',
    connectors: [{ name: 'orders', config: { ...AEP, topics: 'orders' } }],
  },
  'MSK with IAM auth in its VPC (the offsets endpoints on)': {
    mskClusterArn: CLUSTER_ARN,
    ...VPC,
  },
  'self-managed SCRAM brokers in a VPC with a connector as code': {
    bootstrapServers: BOOTSTRAP_SERVERS,
    kafkaAuthType: 'SASL_SCRAM_512_AUTH',
    kafkaAuthSecretArn: SCRAM_SECRET_ARN,
    ...VPC,
    connectors: [{ name: 'clicks', config: { ...AEP, topics: 'clicks' }, initialState: 'PAUSED' }],
  },
  'API key only, execution logs, a web ACL, existing secrets and topic': {
    apiAuth: 'api-key',
    apiExecutionLogging: true,
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/ops/0a1b2c3d`,
    aepSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:aep/creds-AbCdEf`,
    secretArns: [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:aep-sink/*`],
    kmsKeyArns: [`arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`],
    glueRegistryArns: [`arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders`],
    alarmTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ops`,
  },
};

interface ReportViolation {
  readonly ruleName: string;
}

/** Violations left in the validation report of the synthesized app (acknowledged ones are removed from it). */
function reportedViolations(app: App): ReportViolation[] {
  const dir = app.synth().directory;
  const report = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: ReportViolation[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations);
}

/** Every acknowledgement recorded under `scope`, as [rule id, reason]. */
function acknowledgements(scope: IConstruct): [string, string][] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>));
}

describe('cdk-nag AwsSolutions checks', () => {
  for (const [name, props] of Object.entries(DEPLOYMENTS)) {
    it(`leaves no unacknowledged finding: ${name}`, () => {
      const stack = newStack(props);
      expect(() => synthWithNag(stack)).not.toThrow();
      expect(reportedViolations(stack.node.root as App)).toEqual([]);
    });
  }

  it('gives every acknowledgement a specific reason of its own', () => {
    const stack = newStack(DEPLOYMENTS['MSK with IAM auth, a connector as code and e-mail alarms']);
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(5);
    const rulesByReason = new Map<string, Set<string>>();
    for (const [id, reason] of acks) {
      expect(id).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length).toBeGreaterThan(60);
      rulesByReason.set(reason, (rulesByReason.get(reason) ?? new Set()).add(id));
    }
    // No blanket reason: each reason explains one rule finding.
    for (const ids of rulesByReason.values()) expect(ids.size).toBe(1);
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const stack = newStack();
    new Queue(stack, 'Unencrypted', { enforceSSL: false });
    expect(() => synthWithNag(stack)).toThrow(/AwsSolutions-SQS4/);
  });
});
