import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AepSinkConnector, type AepSinkStackProps } from '../../../cdk/lib/index.ts';
import { connectorAliasName } from '../../../shared/identity/index.ts';
import { configErrorsOf } from '../../support/config-errors.ts';
import { BOOTSTRAP_SERVERS, CLUSTER_ARN, newStack, SCRAM_SECRET_ARN, VPC } from './fixtures.ts';

const AEP = {
  'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
  'aep.endpoint': 'https://dcs.adobedc.net/collection/0123456789abcdef',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
};

function deploy(
  stackProps: AepSinkStackProps,
  connector: Omit<ConstructorParameters<typeof AepSinkConnector>[2], 'deployment'>,
) {
  const stack = newStack(stackProps);
  const construct = new AepSinkConnector(stack, 'Connector', { deployment: stack, ...connector });
  return { stack, construct, template: Template.fromStack(stack) };
}

function mappings(template: Template) {
  return Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
}

describe('AepSinkConnector on MSK', () => {
  const { template } = deploy(
    { mskClusterArn: CLUSTER_ARN },
    {
      name: 'orders',
      config: {
        ...AEP,
        topics: 'orders,refunds',
        'tasks.max': '4',
        'esm.batch.size': '500',
        'esm.maximum.batching.window.seconds': '2',
      },
    },
  );

  it('creates one mapping per topic on the connector alias, each in its own connect-<name>:<topic> group', () => {
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: connectorAliasName('orders'),
      FunctionVersion: '$LATEST',
      Description: 'Kafka Connect connector orders',
    });
    const all = mappings(template);
    expect(all.map((m) => m.Topics)).toEqual([['orders'], ['refunds']]);
    expect(all.map((m) => m.AmazonManagedKafkaEventSourceConfig)).toEqual([
      { ConsumerGroupId: 'connect-orders:orders' },
      { ConsumerGroupId: 'connect-orders:refunds' },
    ]);
    for (const m of all) {
      expect(m).toMatchObject({
        EventSourceArn: CLUSTER_ARN,
        FunctionName: { Ref: expect.stringMatching(/^ConnectorAlias/) },
        StartingPosition: 'TRIM_HORIZON',
        Enabled: true,
        BatchSize: 500,
        MaximumBatchingWindowInSeconds: 2,
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 4 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      // MSK with IAM auth: no credentials secret.
      expect(m.SourceAccessConfigurations).toBeUndefined();
      expect(m.SelfManagedEventSource).toBeUndefined();
    }
  });

  it('stores the connector as the REST API would (config verbatim plus name) with the mapping ids', () => {
    template.hasResourceProperties('Custom::AepSinkConnector', {
      Name: 'orders',
      Config: { ...AEP, topics: 'orders,refunds', 'tasks.max': '4', name: 'orders' },
      TargetState: 'STARTED',
      Mappings: [
        { id: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConnectorMappingorders'), 'Id'] }, topic: 'orders' },
        {
          id: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConnectorMappingrefunds'), 'Id'] },
          topic: 'refunds',
        },
      ],
    });
  });

  it("gives the connector's lag (its alias's OffsetLag) and failed invocations (by connector) for alarms", () => {
    const stack = newStack({ mskClusterArn: CLUSTER_ARN });
    const construct = new AepSinkConnector(stack, 'Connector', {
      deployment: stack,
      name: 'orders',
      config: { ...AEP, topics: 'orders' },
    });
    construct.metricOffsetLag().createAlarm(stack, 'OrdersLag', { threshold: 5_000, evaluationPeriods: 3 });
    construct
      .metricInvocationsFailed()
      .createAlarm(stack, 'OrdersFailing', { threshold: 1, evaluationPeriods: 3 });
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    const props = (id: string) =>
      Object.entries(alarms).find(([logical]) => logical.startsWith(id))?.[1]?.Properties as Record<
        string,
        unknown
      >;
    expect(props('OrdersLag')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'OffsetLag',
      Statistic: 'Maximum',
      Period: 300,
      Dimensions: expect.arrayContaining([
        {
          Name: 'Resource',
          Value: {
            'Fn::Join': [
              '',
              [{ Ref: expect.stringMatching(/^SinkFunction/) }, `:${connectorAliasName('orders')}`],
            ],
          },
        },
      ]),
    });
    expect(props('OrdersFailing')).toMatchObject({
      Namespace: 'AepStreamingSink',
      MetricName: 'InvocationsFailed',
      Statistic: 'Sum',
      Dimensions: expect.arrayContaining([
        { Name: 'connector', Value: 'orders' },
        { Name: 'service', Value: 'aep-sink' },
      ]),
    });
  });

  it('writes the state with a bundled handler that may use the table only, starting the sink series', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Writes connectors declared in CDK to the connector store',
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: {
          CONNECTOR_TABLE: { Ref: Match.stringLikeRegexp('^ConnectorTable') },
          POWERTOOLS_METRICS_NAMESPACE: 'AepStreamingSink',
          SINK_SERVICE_NAME: 'aep-sink',
        },
      },
    });
  });
});

describe('AepSinkConnector on self-managed Kafka with SASL/SCRAM in a VPC', () => {
  const { template } = deploy(
    {
      bootstrapServers: BOOTSTRAP_SERVERS,
      kafkaAuthType: 'SASL_SCRAM_512_AUTH',
      kafkaAuthSecretArn: SCRAM_SECRET_ARN,
      ...VPC,
    },
    {
      name: 'clicks → AEP',
      config: {
        ...AEP,
        topics: 'clicks',
        'consumer.override.group.id': 'aep-clicks',
        'esm.starting.position': 'LATEST',
        'esm.maximum.retry.attempts': '3',
      },
      initialState: 'PAUSED',
    },
  );

  it('reads the brokers with the stack credentials and VPC, in the overridden group, disabled while PAUSED', () => {
    expect(mappings(template)).toEqual([
      expect.objectContaining({
        Topics: ['clicks'],
        SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: BOOTSTRAP_SERVERS } },
        SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'aep-clicks' },
        SourceAccessConfigurations: [
          { Type: 'SASL_SCRAM_512_AUTH', URI: SCRAM_SECRET_ARN },
          ...VPC.subnetIds.map((URI) => ({ Type: 'VPC_SUBNET', URI })),
          ...VPC.securityGroupIds.map((URI) => ({ Type: 'VPC_SECURITY_GROUP', URI })),
        ],
        StartingPosition: 'LATEST',
        MaximumRetryAttempts: 3,
        Enabled: false,
        BatchSize: 100,
      }),
    ]);
    template.hasResourceProperties('Custom::AepSinkConnector', {
      Name: 'clicks → AEP',
      TargetState: 'PAUSED',
    });
  });
});

describe('AepSinkConnector states and errors', () => {
  it('creates no mapping for a STOPPED connector but stores it', () => {
    const { template } = deploy(
      { mskClusterArn: CLUSTER_ARN },
      { name: 'orders', config: { ...AEP, topics: 'orders' }, initialState: 'STOPPED' },
    );
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    template.hasResourceProperties('Custom::AepSinkConnector', { TargetState: 'STOPPED', Mappings: [] });
  });

  it("gives a single-topic connector Connect's connect-<name> consumer group", () => {
    const { template } = deploy(
      { mskClusterArn: CLUSTER_ARN },
      { name: 'orders', config: { ...AEP, topics: 'orders' } },
    );
    expect(mappings(template)).toMatchObject([
      { Topics: ['orders'], AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders' } },
    ]);
  });

  it('converts AT_TIMESTAMP to Unix seconds, as CloudFormation takes it', () => {
    const { template } = deploy(
      { mskClusterArn: CLUSTER_ARN },
      {
        name: 'orders',
        config: {
          ...AEP,
          topics: 'orders',
          'esm.starting.position': 'AT_TIMESTAMP',
          'esm.starting.position.timestamp': '2026-01-31T00:00:00Z',
        },
      },
    );
    expect(mappings(template)[0]).toMatchObject({
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: Date.parse('2026-01-31T00:00:00Z') / 1000,
    });
  });

  it('declares connectors from the connectors setting (cdk.json)', () => {
    const stack = newStack({
      mskClusterArn: CLUSTER_ARN,
      connectors: [{ name: 'orders', config: { ...AEP, topics: 'orders' } }],
    });
    Template.fromStack(stack).resourceCountIs('Custom::AepSinkConnector', 1);
  });

  it('refuses at synth what the façade would refuse, naming the connector and each key', () => {
    const error = configErrorsOf(() =>
      deploy(
        { mskClusterArn: CLUSTER_ARN },
        {
          name: 'orders',
          config: { ...AEP, topics: 'orders', 'esm.batch.size': '0', 'esm.starting.position': 'SOMETIMES' },
        },
      ),
    );
    expect(error.problems.map((p) => p.key).sort()).toEqual(['esm.batch.size', 'esm.starting.position']);
    expect(error.message).toContain('Connector orders: Invalid value 0 for configuration esm.batch.size');
  });

  it("refuses an AEP endpoint outside the deployment's allowed hosts, as the façade does", () => {
    const refused = configErrorsOf(() =>
      deploy(
        { mskClusterArn: CLUSTER_ARN },
        {
          name: 'orders',
          config: { ...AEP, topics: 'orders', 'aep.endpoint': 'https://aep.example.com/collection/x' },
        },
      ),
    );
    expect(refused.problems.map((p) => p.key)).toEqual(['aep.endpoint']);
    const { template } = deploy(
      { mskClusterArn: CLUSTER_ARN, aepAllowedHosts: ['aep.example.com'] },
      {
        name: 'orders',
        config: { ...AEP, topics: 'orders', 'aep.endpoint': 'https://aep.example.com/collection/x' },
      },
    );
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  it('refuses topics.regex, a mismatched name and CDK tokens', () => {
    const regex = configErrorsOf(() =>
      deploy(
        { mskClusterArn: CLUSTER_ARN },
        { name: 'orders', config: { ...AEP, 'topics.regex': 'orders-.*' } },
      ),
    );
    expect(regex.problems.map((p) => p.key)).toContain('topics.regex');
    const stack = newStack({ mskClusterArn: CLUSTER_ARN });
    const declaration = {
      deployment: stack,
      name: 'orders',
      config: {
        ...AEP,
        name: 'other',
        topics: 'orders',
        'aep.endpoint': Token.asString({ Ref: 'Endpoint' }),
      },
    };
    const error = configErrorsOf(() => new AepSinkConnector(stack, 'Bad', declaration));
    expect(error.problems.map((p) => p.key)).toEqual(expect.arrayContaining(['name', 'aep.endpoint']));
    expect(error.message).toContain('aep.endpoint must be a literal string');
    expect(error.message).toContain(
      "Connector name configuration (other) doesn't match connector name (orders)",
    );
  });
});
