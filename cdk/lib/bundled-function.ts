// A Node.js Lambda function bundled locally with esbuild (aws-lambda-nodejs `NodejsFunction`), with its own role and
// log group. No Docker engine is needed or used.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './nag.ts';

/** The repository root: entries, `package-lock.json` and `tsconfig.json` live there. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The EC2 actions behind Lambda's `AWSLambdaVPCAccessExecutionRole` and `AWSLambdaMSKExecutionRole`. */
const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
] as const;

/**
 * Lets a function, or the event source mappings using its role, attach to VPC subnets.
 */
export function allowNetworkInterfaces(role: Role): void {
  role.addToPrincipalPolicy(new PolicyStatement({ actions: [...ENI_ACTIONS], resources: ['*'] }));
  acknowledgeWildcards(
    role,
    ['*'],
    'The EC2 network-interface actions Lambda needs to reach VPC subnets support no resource-level permissions (the same actions as AWSLambdaVPCAccessExecutionRole and AWSLambdaMSKExecutionRole).',
  );
}

/** Where a function runs in a VPC. */
export interface VpcPlacement {
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroups: readonly ISecurityGroup[];
}

export interface BundledFunctionProps {
  /** Entry file relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** @default - not in a VPC */
  readonly vpc?: VpcPlacement;
}

/**
 * A function on Node.js 24 (the version pinned in package.json) and arm64, bundled to one ES module by the locally
 * installed esbuild, including the AWS SDK so the code runs with the SDK versions it was tested with. Its role may
 * only write to its own log group (no AWS managed policy).
 *
 * @example
 * const sink = new BundledFunction(this, 'Sink', { entry: 'functions/sink/handler.ts', ... });
 * table.grantReadData(sink.role);
 */
export class BundledFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    assertEsbuildInstalled();
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);
    if (props.vpc) allowNetworkInterfaces(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.vpc
        ? {
            vpc: props.vpc.vpc,
            vpcSubnets: props.vpc.subnets,
            securityGroups: [...props.vpc.securityGroups],
          }
        : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // CommonJS dependencies (kafkajs, …) call require(); an ES module has none.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        bundleAwsSDK: true,
        minify: true,
        // Errors name the SDK command that failed from its class name (`CreateEventSourceMappingCommand`).
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
      },
    });
  }
}

/**
 * NodejsFunction bundles with a local esbuild when `require('esbuild')` resolves and otherwise falls back to Docker,
 * which this project never uses; fail with the remedy instead.
 */
function assertEsbuildInstalled(): void {
  try {
    createRequire(import.meta.url).resolve('esbuild/package.json');
  } catch {
    throw new Error(
      'esbuild is not installed: run `npm ci` in the repository root. Lambda bundles are built with the local esbuild, never in Docker.',
    );
  }
}
