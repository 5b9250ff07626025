import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RECONCILE_EVENT } from '../../../cdk/lib/index.ts';
import { DynamicLabels } from '../../../cdk/lib/monitoring.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { SinkMetricNames } from '../../../shared/sink/index.ts';
import { BOOTSTRAP_SERVERS, CLUSTER_ARN, newStack, SCRAM_SECRET_ARN, templateOf, VPC } from './fixtures.ts';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every statement of the inline policies attached to the role whose logical id starts with `rolePrefix`. */
function statementsOf(template: Template, rolePrefix: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function functionEnv(template: Template, descriptionStart: string): Record<string, unknown> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
    String(f.Properties.Description).startsWith(descriptionStart),
  );
  return fn?.Properties.Environment.Variables;
}

describe('AepSinkStack defaults', () => {
  const template = templateOf();

  it('keeps connectors in an encrypted, point-in-time recoverable, deletion-protected and retained pk/sk table', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        GlobalSecondaryIndexes: Match.absent(),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      },
    });
  });

  it('runs both functions on Node.js 24 and arm64 with the environment the handlers read', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs24.x', Architectures: ['arm64'] },
      2,
    );
    const sink = functionEnv(template, 'AEP streaming sink');
    expect(sink).toMatchObject({
      CONNECTOR_TABLE: { Ref: expect.stringMatching(/^ConnectorTable/) },
      AEP_ALLOWED_HOSTS: '*.adobedc.net,*.adobe.io,ims-*.adobelogin.com',
      MAPPING_DEFAULTS: '{}',
      POWERTOOLS_SERVICE_NAME: 'aep-sink',
      POWERTOOLS_METRICS_NAMESPACE: 'AepStreamingSink',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    const facade = functionEnv(template, 'Kafka Connect REST');
    expect(facade).toMatchObject({
      CONNECTOR_TABLE: { Ref: expect.stringMatching(/^ConnectorTable/) },
      SINK_FUNCTION_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^SinkFunction/), 'Arn'] },
      MAPPING_DEFAULTS: '{}',
      POWERTOOLS_SERVICE_NAME: 'aep-sink-connect-api',
      POWERTOOLS_METRICS_NAMESPACE: 'AepStreamingSink',
      // A connector created through the API starts the sink's series (service=aep-sink) of it.
      SINK_SERVICE_NAME: 'aep-sink',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^AEP streaming sink'),
      MemorySize: 1024,
      Timeout: 300,
    });
  });

  it('authorizes every API method with IAM and routes the root and {proxy+} to the façade', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(2);
    for (const m of methods) {
      expect(m.Properties).toMatchObject({
        HttpMethod: 'ANY',
        AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'AWS_PROXY' },
      });
      expect(m.Properties.ApiKeyRequired).not.toBe(true);
    }
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  it('lets the façade manage only mappings and aliases of the sink function, without iam:PassRole', () => {
    const facade = statementsOf(template, 'ConnectApiHandlerRole');
    const sinkArn = { 'Fn::GetAtt': [expect.stringMatching(/^SinkFunction/), 'Arn'] };
    const aliases = { 'Fn::Join': ['', [sinkArn, ':*']] };
    const onSink = { ArnLike: { 'lambda:FunctionArn': aliases } };
    expect(facade).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:CreateEventSourceMapping',
        Resource: '*',
        Condition: onSink,
      }),
    );
    const update = facade.find(
      (s) => String(s.Action) === 'lambda:UpdateEventSourceMapping,lambda:DeleteEventSourceMapping',
    );
    expect(update?.Condition).toEqual(onSink);
    expect(JSON.stringify(update?.Resource)).toMatch(
      /:lambda:eu-west-1:123456789012:event-source-mapping:\*"/,
    );
    expect(facade).toContainEqual(
      expect.objectContaining({
        Action: ['lambda:GetAlias', 'lambda:CreateAlias', 'lambda:UpdateAlias', 'lambda:DeleteAlias'],
        Resource: [sinkArn, aliases],
      }),
    );
    const all = actionsOf(facade);
    expect(all.filter((a) => a.startsWith('lambda:'))).toEqual(
      expect.arrayContaining(['lambda:GetEventSourceMapping', 'lambda:ListEventSourceMappings']),
    );
    expect(all).not.toContain('iam:PassRole');
    expect(all.some((a) => a.endsWith('*'))).toBe(false);
    // No other Lambda action (e.g. UpdateFunctionCode, InvokeFunction) is granted.
    expect(new Set(all.filter((a) => a.startsWith('lambda:'))).size).toBe(9);
  });

  it('gives the sink table reads plus UpdateItem (its partition failures), its AEP secret and the DLQ, and no ESM management', () => {
    const sink = statementsOf(template, 'SinkRole');
    const actions = actionsOf(sink);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ConnectorTable/), 'Arn'] },
      }),
    );
    for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(actions).not.toContain(write);
    }
    expect(actions.filter((a) => a.startsWith('lambda:'))).toEqual([]);
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { Ref: expect.stringMatching(/^AepCredentials/) },
      }),
    );
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetterQueue/), 'Arn'] },
      }),
    );
    // No Kafka source configured: no Kafka or network-interface permissions.
    expect(actions.filter((a) => a.startsWith('kafka') || a.startsWith('ec2:'))).toEqual([]);
    // Roles use inline policies only (no AWS managed policy such as AWSLambdaBasicExecutionRole).
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('has an encrypted, TLS-only dead-letter queue with its own alarm', () => {
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
    });
  });

  it('alarms on sink errors, offset lag, failed and dead-lettered records and façade 5xx', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const metric = (namespace: string, name: string) =>
      alarms.find((a) => a.Namespace === namespace && a.MetricName === name);
    expect(metric('AWS/Lambda', 'Errors')?.Dimensions).toEqual([
      { Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^SinkFunction/) } },
    ]);
    expect(metric('AWS/Lambda', 'OffsetLag')).toMatchObject({ Threshold: 10_000, Statistic: 'Maximum' });
    expect(metric('AepStreamingSink', SinkMetricNames.FAILED)?.Dimensions).toEqual([
      { Name: 'service', Value: 'aep-sink' },
    ]);
    expect(metric('AepStreamingSink', SinkMetricNames.DEAD_LETTERED)).toBeDefined();
    expect(metric('AWS/ApiGateway', '5XXError')).toBeDefined();
    expect(alarms.every((a) => a.TreatMissingData === 'notBreaching')).toBe(true);
    // No topic without alarmEmail/alarmTopicArn: alarms show in the console only.
    expect(alarms.every((a) => a.AlarmActions === undefined)).toBe(true);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it("shows each connector's lag (by alias), deliveries, failed invocations, retries and last error on the dashboard", () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const parts = (dashboard?.Properties.DashboardBody['Fn::Join'][1] ?? []) as unknown[];
    const widgets = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'REF')).join('')).widgets as {
      properties: { title: string; metrics: { expression?: string; label?: string }[][] };
    }[];
    const searches = widgets.flatMap((w) =>
      w.properties.metrics.flatMap((m) => m.filter((e) => e.expression).map((e) => [e.expression, e.label])),
    );
    expect(searches).toEqual([
      [
        `SEARCH('{AWS/Lambda,FunctionName,Resource} MetricName="OffsetLag" FunctionName="REF"', 'Maximum', 300)`,
        DynamicLabels.RESOURCE,
      ],
      ...[
        [SinkMetricNames.DELIVERED, 'Sum'],
        [SinkMetricNames.INVOCATIONS_FAILED, 'Sum'],
        [SinkMetricNames.INVOCATION_RETRIES, 'Sum'],
        [SinkMetricNames.LAST_ERROR_TIME, 'Maximum'],
      ].map(([name, statistic]) => [
        `SEARCH('{AepStreamingSink,connector,service} MetricName="${name}"', '${statistic}', 300)`,
        `${name} ${DynamicLabels.CONNECTOR}`,
      ]),
    ]);
  });

  it('invokes the façade every 5 minutes with the reconcile event', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({
          Input: JSON.stringify(RECONCILE_EVENT),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('creates the AEP credentials secret, retained, and outputs what a first connector needs', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'Sink/aep-credentials',
        GenerateSecretString: { GenerateStringKey: 'client_secret' },
      },
    });
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ConnectApiUrl',
        'ConnectorTableName',
        'SinkFunctionName',
        'SinkFunctionArn',
        'DeadLetterQueueUrl',
        'DeadLetterQueueArn',
        'AepCredentialsSecretArn',
      ]),
    );
  });
});

describe('AepSinkStack options', () => {
  it('uses an existing AEP secret instead of creating one', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aep/creds-AbCdEf';
    const template = templateOf({ aepSecretArn: arn });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(statementsOf(template, 'SinkRole')).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['secretsmanager:GetSecretValue']),
        Resource: arn,
      }),
    );
  });

  it('lets the sink role read the schemas of the Glue registries mappings decode with', () => {
    const registry = 'arn:aws:glue:eu-west-1:123456789012:registry/orders';
    const statements = statementsOf(templateOf({ glueRegistryArns: [registry] }), 'SinkRole');
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'glue:GetRegistry', Resource: registry }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'glue:GetSchemaVersion',
        Resource: [registry, 'arn:aws:glue:eu-west-1:123456789012:schema/orders/*'],
      }),
    );
  });

  it('requires an API key of the usage plan, and no SigV4, with apiAuth=api-key', () => {
    const template = templateOf({ apiAuth: 'api-key' });
    template.allResourcesProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'NONE',
      ApiKeyRequired: true,
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
    expect(Object.keys(template.findOutputs('ApiKeyId'))).toEqual(['ApiKeyId']);
  });

  it('requires both SigV4 and an API key with apiAuth=iam-and-api-key', () => {
    templateOf({ apiAuth: 'iam-and-api-key' }).allResourcesProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: true,
    });
  });

  it('deletes data with the stack when retainData and deletion protection are off', () => {
    const template = templateOf({ retainData: false, tableDeletionProtection: false });
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: { Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] },
    });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Delete' });
  });

  it('notifies an encrypted SNS topic with the e-mail subscription from every alarm', () => {
    const template = templateOf({ alarmEmail: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.every((a) => (a.Properties.AlarmActions as unknown[]).length === 1)).toBe(true);
  });

  it('places both functions in the given subnets and security groups, without a VPC lookup', () => {
    const template = templateOf({ ...VPC });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { VpcConfig: { SubnetIds: [...VPC.subnetIds], SecurityGroupIds: [...VPC.securityGroupIds] } },
      2,
    );
    expect(actionsOf(statementsOf(template, 'SinkRole'))).toContain('ec2:CreateNetworkInterface');
  });

  it('turns the reconcile schedule off with reconcileIntervalMinutes=0', () => {
    templateOf({ reconcileIntervalMinutes: 0 }).resourceCountIs('AWS::Events::Rule', 0);
  });

  it('reports every conflicting setting at once, naming its key', () => {
    const error = (() => {
      try {
        newStack({
          mskClusterArn: CLUSTER_ARN,
          bootstrapServers: BOOTSTRAP_SERVERS,
          subnetIds: [VPC.subnetIds[0]],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigErrors);
    expect((error as ConfigErrors).problems.map((p) => p.key).sort()).toEqual(
      ['bootstrapServers', 'securityGroupIds', 'vpcId'].sort(),
    );
  });
});

describe('AepSinkStack with an MSK cluster (IAM auth)', () => {
  const stack = newStack({ mskClusterArn: CLUSTER_ARN });
  const template = Template.fromStack(stack);

  it('passes the cluster to the façade as the default source', () => {
    expect(JSON.parse(String(functionEnv(template, 'Kafka Connect REST').MAPPING_DEFAULTS))).toEqual({
      'esm.msk.cluster.arn': CLUSTER_ARN,
    });
  });

  it('grants the sink what its event source mappings need, scoped to the cluster and the connect-* groups', () => {
    const sink = statementsOf(template, 'SinkRole');
    expect(sink).toContainEqual({
      Action: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
      Effect: 'Allow',
      Resource: CLUSTER_ARN,
    });
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
        Resource: `${CLUSTER_ARN.replace(':cluster/', ':group/')}/connect-*`,
      }),
    );
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['kafka-cluster:ReadData']),
        Resource: `${CLUSTER_ARN.replace(':cluster/', ':topic/')}/*`,
      }),
    );
    expect(actionsOf(sink)).toEqual(
      expect.arrayContaining(['ec2:CreateNetworkInterface', 'ec2:DescribeVpcs']),
    );
    expect(actionsOf(sink)).not.toContain('kafka:ListScramSecrets');
  });

  it('turns the offsets endpoints off outside the cluster VPC, with a synth warning, and grants the façade no Kafka access', () => {
    expect(functionEnv(template, 'Kafka Connect REST')).toMatchObject({ KAFKA_OFFSETS_ENABLED: 'false' });
    const facade = actionsOf(statementsOf(template, 'ConnectApiHandlerRole'));
    expect(facade.filter((a) => a.startsWith('kafka'))).toEqual([]);
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp(
        'offsets will answer 500 Offsets are not available: MSK brokers are reachable only in the cluster VPC; set vpcId, subnetIds and securityGroupIds',
      ),
    );
  });
});

describe('AepSinkStack with an MSK cluster (IAM auth) and its VPC', () => {
  const stack = newStack({ mskClusterArn: CLUSTER_ARN, ...VPC });
  const template = Template.fromStack(stack);
  const groups = `${CLUSTER_ARN.replace(':cluster/', ':group/')}/connect-*`;
  const topics = `${CLUSTER_ARN.replace(':cluster/', ':topic/')}/*`;

  it('runs the façade in the subnets, where it resolves the brokers itself, with offsets on', () => {
    const facade = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Kafka Connect REST'),
    );
    expect(facade?.Properties.VpcConfig).toEqual({
      SubnetIds: [...VPC.subnetIds],
      SecurityGroupIds: [...VPC.securityGroupIds],
    });
    const env = functionEnv(template, 'Kafka Connect REST');
    expect(env).not.toHaveProperty('KAFKA_OFFSETS_ENABLED');
    expect(env).not.toHaveProperty('KAFKA_BOOTSTRAP_SERVERS');
    expect(JSON.parse(String(env.MAPPING_DEFAULTS))).toEqual({ 'esm.msk.cluster.arn': CLUSTER_ARN });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('offsets'));
  });

  it('grants the façade exactly the MSK IAM actions of the offsets requests, on the cluster, its topics and connect-* groups', () => {
    const kafka = statementsOf(template, 'ConnectApiHandlerRole').filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('kafka')),
    );
    expect(kafka).toEqual([
      { Action: 'kafka:GetBootstrapBrokers', Effect: 'Allow', Resource: CLUSTER_ARN },
      { Action: 'kafka-cluster:Connect', Effect: 'Allow', Resource: CLUSTER_ARN },
      {
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        Effect: 'Allow',
        Resource: topics,
      },
      {
        Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup', 'kafka-cluster:DeleteGroup'],
        Effect: 'Allow',
        Resource: groups,
      },
    ]);
    expect(actionsOf(statementsOf(template, 'ConnectApiHandlerRole'))).toContain(
      'ec2:CreateNetworkInterface',
    );
  });

  it('keeps the MSK defaults free of VPC keys: Lambda reaches MSK through the cluster VPC configuration', () => {
    expect(JSON.parse(String(functionEnv(template, 'AEP streaming sink').MAPPING_DEFAULTS))).toEqual({
      'esm.msk.cluster.arn': CLUSTER_ARN,
    });
  });
});

describe('AepSinkStack with an MSK cluster (SASL/SCRAM)', () => {
  it('lets the sink list the cluster SCRAM secrets and read the one it uses, without IAM-auth data access', () => {
    const template = templateOf({
      mskClusterArn: CLUSTER_ARN,
      kafkaAuthType: 'SASL_SCRAM_512_AUTH',
      kafkaAuthSecretArn: SCRAM_SECRET_ARN,
    });
    const sink = statementsOf(template, 'SinkRole');
    expect(sink).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['kafka:ListScramSecrets']),
        Resource: CLUSTER_ARN,
      }),
    );
    expect(sink).toContainEqual(
      expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: SCRAM_SECRET_ARN }),
    );
    expect(actionsOf(sink).filter((a) => a.startsWith('kafka-cluster:'))).toEqual([]);
  });

  it('turns the offsets endpoints off, saying the façade reaches MSK with IAM only', () => {
    const stack = newStack({
      mskClusterArn: CLUSTER_ARN,
      kafkaAuthType: 'SASL_SCRAM_512_AUTH',
      kafkaAuthSecretArn: SCRAM_SECRET_ARN,
      ...VPC,
    });
    const template = Template.fromStack(stack);
    expect(functionEnv(template, 'Kafka Connect REST')).toMatchObject({ KAFKA_OFFSETS_ENABLED: 'false' });
    expect(
      actionsOf(statementsOf(template, 'ConnectApiHandlerRole')).some((a) => a.startsWith('kafka')),
    ).toBe(false);
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp('IAM access control only, and kafkaAuthType is SASL_SCRAM_512_AUTH'),
    );
  });
});

describe('AepSinkStack with self-managed Kafka (SASL/SCRAM in a VPC)', () => {
  const template = templateOf({
    bootstrapServers: BOOTSTRAP_SERVERS,
    kafkaAuthType: 'SASL_SCRAM_512_AUTH',
    kafkaAuthSecretArn: SCRAM_SECRET_ARN,
    ...VPC,
  });

  it('passes servers, auth and the pollers VPC as defaults, and the brokers for the offsets endpoints', () => {
    const facade = functionEnv(template, 'Kafka Connect REST');
    expect(facade).toMatchObject({ KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP_SERVERS.join(','), KAFKA_SSL: 'true' });
    expect(functionEnv(template, 'AEP streaming sink').MAPPING_DEFAULTS).toBe(facade.MAPPING_DEFAULTS);
    expect(JSON.parse(String(facade.MAPPING_DEFAULTS))).toEqual({
      'esm.bootstrap.servers': BOOTSTRAP_SERVERS.join(','),
      'esm.auth.type': 'SASL_SCRAM_512_AUTH',
      'esm.auth.secret.arn': SCRAM_SECRET_ARN,
      'esm.vpc.subnets': VPC.subnetIds.join(','),
      'esm.vpc.security.groups': VPC.securityGroupIds.join(','),
    });
  });

  it('lets the sink and the façade read the SCRAM secret, and no MSK action', () => {
    for (const role of ['SinkRole', 'ConnectApiHandlerRole']) {
      expect(statementsOf(template, role)).toContainEqual(
        expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: SCRAM_SECRET_ARN }),
      );
      expect(actionsOf(statementsOf(template, role)).some((a) => a.startsWith('kafka'))).toBe(false);
    }
  });
});
