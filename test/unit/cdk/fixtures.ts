// Shared values and builders of the CDK tests. Bundling is skipped (`aws:cdk:bundling-stacks`) except where a test
// says otherwise; the real bundle is built by the app synth test.
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll } from 'vitest';
import { AepSinkStack, type AepSinkStackProps } from '../../../cdk/lib/index.ts';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const CLUSTER_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/0a1b2c3d-1111-2222-3333-444455556666-1`;
export const SCRAM_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:kafka/scram-AbCdEf`;
export const BOOTSTRAP_SERVERS = ['b-1.kafka.example.com:9096', 'b-2.kafka.example.com:9096'];
export const VPC = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
  securityGroupIds: ['sg-0123456789abcdef0'],
} as const;

// Vitest's workers do not emit the process exit event on which CDK removes its temporary cdk.out directories.
afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

/** A new app that skips bundling, optionally with context values. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

/** The stack of `props` in a fresh app. */
export function newStack(props: AepSinkStackProps = {}): AepSinkStack {
  return new AepSinkStack(testApp(), 'Sink', { env: { account: ACCOUNT, region: REGION }, ...props });
}

/** The template of `newStack(props)`. */
export function templateOf(props: AepSinkStackProps = {}): Template {
  return Template.fromStack(newStack(props));
}

/**
 * Synthesizes `stack`'s app with cdk-nag's AwsSolutions pack registered the way cdk/bin/app.ts does; an
 * unacknowledged finding makes synth throw with the report.
 */
export function synthWithNag(stack: AepSinkStack): void {
  const app = stack.node.root as App;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}
