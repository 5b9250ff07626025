// The AEP streaming sink on AWS: connector table, sink function, Connect REST façade on API Gateway, dead-letter
// queue, scheduled reconcile, alarms and dashboard.
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SecurityGroup, Subnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { parseAllowedHosts } from '../../shared/aep/index.ts';
import { connectorAliasName } from '../../shared/identity/index.ts';
import { AuthType } from '../../shared/mappings/index.ts';
import { ConnectApiEnv } from '../../shared/rest/index.ts';
import { SinkEnv } from '../../shared/sink/index.ts';
import { CONNECTOR_TABLE_ENV } from '../../shared/store/index.ts';
import { AepSinkConnector, type AepSinkDeployment } from './aep-sink-connector.ts';
import { BundledFunction, type VpcPlacement } from './bundled-function.ts';
import { ConnectApi } from './connect-api.ts';
import { PowertoolsEnv, RECONCILE_EVENT, ServiceNames, StackDefaults } from './constants.ts';
import { grantMappingAccess, grantOffsetsAccess, type KafkaAccess } from './kafka-access.ts';
import { SinkMonitoring } from './monitoring.ts';
import { acknowledgeNag, acknowledgeWildcards } from './nag.ts';
import { assertValidSettings, type DeploymentSettings, deploymentMappingDefaults } from './settings.ts';

/**
 * Props of {@link AepSinkStack}: the deployment settings (the same names as the cdk.json context keys) plus the
 * usual stack props.
 */
export interface AepSinkStackProps extends StackProps, DeploymentSettings {}

/**
 * Everything the sink needs in one account and region. Secure by default: IAM authorization on the REST API,
 * encrypted table with point-in-time recovery and deletion protection, encrypted DLQ, least-privilege roles, and
 * retained data. Checked by cdk-nag's AwsSolutions pack with every exception acknowledged with its reason.
 *
 * @example
 * const stack = new AepSinkStack(app, 'AepStreamingSink', settingsFromContext(app.node));
 * new AepSinkConnector(stack, 'Orders', { deployment: stack, name: 'orders', config: { ... } });
 */
export class AepSinkStack extends Stack implements AepSinkDeployment {
  readonly table: TableV2;
  readonly sinkFunction: IFunction;
  /** The role Lambda polls Kafka with: add grants here for clusters other than the configured one. */
  readonly sinkRole: Role;
  readonly connectApiFunction: IFunction;
  readonly api: ConnectApi;
  readonly deadLetterQueue: Queue;
  readonly aepSecret: ISecret;
  readonly mappingDefaults: Readonly<Record<string, string>>;
  readonly aepAllowedHosts: readonly string[];
  /** `POWERTOOLS_METRICS_NAMESPACE` of the sink: where its EMF metrics are. */
  readonly metricsNamespace: string;
  readonly monitoring: SinkMonitoring;

  constructor(scope: Construct, id: string, props: AepSinkStackProps = {}) {
    super(scope, id, props);
    assertValidSettings(props);
    const retain = props.retainData ?? true;
    const dataRemoval = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = (props.logRetentionDays ?? StackDefaults.LOG_RETENTION_DAYS) as RetentionDays;
    const vpc = this.#vpcPlacement(props);
    this.aepAllowedHosts = parseAllowedHosts(props.aepAllowedHosts ?? null);
    this.metricsNamespace = props.metricsNamespace ?? StackDefaults.METRICS_NAMESPACE;
    const allowedHosts = this.aepAllowedHosts.join(',');
    const powertools = (service: string) => ({
      [PowertoolsEnv.SERVICE_NAME]: service,
      [PowertoolsEnv.METRICS_NAMESPACE]: this.metricsNamespace,
      [PowertoolsEnv.LOG_LEVEL]: props.logLevel ?? StackDefaults.LOG_LEVEL,
    });

    // Single-table design of the connector store (partition key pk, sort key sk, no index).
    this.table = new TableV2(this, 'ConnectorTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.tableDeletionProtection ?? true,
      removalPolicy: dataRemoval,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: dataRemoval,
    });
    acknowledgeNag(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of last resort for records and failed batches (errors.deadletterqueue.sqs.queue.url, esm.on.failure.destination); it has its own alarm.',
    );

    this.aepSecret = props.aepSecretArn
      ? Secret.fromSecretCompleteArn(this, 'AepCredentials', props.aepSecretArn)
      : this.#createAepSecret(dataRemoval);

    this.mappingDefaults = deploymentMappingDefaults(props);
    const mappingDefaultsJson = JSON.stringify(this.mappingDefaults);
    const sink = new BundledFunction(this, 'Sink', {
      entry: 'functions/sink/handler.ts',
      description: 'AEP streaming sink: delivers Kafka records from event source mappings to AEP',
      memorySize: props.sinkMemoryMiB ?? StackDefaults.SINK_MEMORY_MIB,
      timeout: Duration.seconds(props.sinkTimeoutSeconds ?? StackDefaults.SINK_TIMEOUT_SECONDS),
      environment: {
        [CONNECTOR_TABLE_ENV]: this.table.tableName,
        [SinkEnv.AEP_ALLOWED_HOSTS]: allowedHosts,
        [ConnectApiEnv.MAPPING_DEFAULTS]: mappingDefaultsJson,
        ...powertools(ServiceNames.SINK),
      },
      logRetention,
      logRemovalPolicy: dataRemoval,
      ...(vpc ? { vpc } : {}),
    });
    this.sinkFunction = sink.function;
    this.sinkRole = sink.role;
    this.table.grantReadData(sink.role);
    // The sink records the partitions a connector cannot get past on its item, for the REST API's status.
    this.table.grant(sink.role, 'dynamodb:UpdateItem');
    this.aepSecret.grantRead(sink.role);
    this.deadLetterQueue.grantSendMessages(sink.role);
    if (props.secretArns?.length) {
      sink.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [...props.secretArns] }),
      );
      acknowledgeWildcards(
        sink.role,
        props.secretArns,
        'The operator listed these secret ARN patterns in secretArns, for the secretsmanager config-provider placeholders of connector configs.',
      );
    }

    this.#grantGlueRegistries(sink.role, props.glueRegistryArns ?? []);

    const kafka = this.#kafkaAccess(props);
    const offsetsUnavailable = mskOffsetsUnavailable(kafka, vpc !== undefined);
    const facade = new BundledFunction(this, 'ConnectApiHandler', {
      entry: 'functions/connect-api/handler.ts',
      description: 'Kafka Connect REST façade of the AEP streaming sink',
      memorySize: StackDefaults.CONNECT_API_MEMORY_MIB,
      timeout: Duration.seconds(StackDefaults.CONNECT_API_TIMEOUT_SECONDS),
      environment: {
        [ConnectApiEnv.CONNECTOR_TABLE]: this.table.tableName,
        [ConnectApiEnv.SINK_FUNCTION_ARN]: sink.function.functionArn,
        [SinkEnv.AEP_ALLOWED_HOSTS]: allowedHosts,
        [ConnectApiEnv.MAPPING_DEFAULTS]: mappingDefaultsJson,
        ...offsetsBrokers(props),
        ...(offsetsUnavailable ? { [ConnectApiEnv.KAFKA_OFFSETS_ENABLED]: 'false' } : {}),
        ...powertools(ServiceNames.CONNECT_API),
        // A connector created here starts the sink's series of it (EMF in the logs: no extra permission).
        [ConnectApiEnv.SINK_SERVICE_NAME]: ServiceNames.SINK,
      },
      logRetention,
      logRemovalPolicy: dataRemoval,
      ...(vpc ? { vpc } : {}),
    });
    this.connectApiFunction = facade.function;
    this.table.grantReadWriteData(facade.role);
    grantMappingManagement(facade.role, sink.function);
    if (kafka) grantMappingAccess(sink.role, kafka);
    if (kafka && !offsetsUnavailable) grantOffsetsAccess(facade.role, kafka);
    if (offsetsUnavailable) {
      Annotations.of(facade.function).addWarningV2(
        'aep-sink:offsets-unavailable',
        `GET/PATCH/DELETE /connectors/{c}/offsets will answer 500 Offsets are not available: ${offsetsUnavailable}.`,
      );
    }
    if (props.kmsKeyArns?.length) {
      const decrypt = new PolicyStatement({ actions: ['kms:Decrypt'], resources: [...props.kmsKeyArns] });
      sink.role.addToPrincipalPolicy(decrypt);
      facade.role.addToPrincipalPolicy(decrypt);
    }

    this.api = new ConnectApi(this, 'ConnectApi', {
      handler: facade.function,
      auth: props.apiAuth ?? StackDefaults.API_AUTH,
      throttle: {
        rateLimit: props.apiThrottleRateLimit ?? StackDefaults.API_THROTTLE_RATE_LIMIT,
        burstLimit: props.apiThrottleBurstLimit ?? StackDefaults.API_THROTTLE_BURST_LIMIT,
      },
      executionLogging: props.apiExecutionLogging ?? false,
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
      logRetention,
      logRemovalPolicy: dataRemoval,
    });

    const minutes = props.reconcileIntervalMinutes ?? StackDefaults.RECONCILE_INTERVAL_MINUTES;
    if (minutes > 0) {
      new Rule(this, 'Reconcile', {
        description: 'Applies connectors whose stored intent is still pending (herder reconcileAll)',
        schedule: Schedule.rate(Duration.minutes(minutes)),
        targets: [
          new LambdaFunction(facade.function, {
            event: RuleTargetInput.fromObject(RECONCILE_EVENT),
            retryAttempts: 0,
          }),
        ],
      });
    }

    this.monitoring = new SinkMonitoring(this, 'Monitoring', {
      sinkFunction: sink.function,
      connectApiFunction: facade.function,
      apiStage: this.api.api.deploymentStage,
      deadLetterQueue: this.deadLetterQueue,
      metricsNamespace: this.metricsNamespace,
      offsetLagThreshold: props.offsetLagThreshold ?? StackDefaults.OFFSET_LAG_THRESHOLD,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
      ...(props.alarmTopicArn ? { alarmTopicArn: props.alarmTopicArn } : {}),
    });

    for (const connector of props.connectors ?? []) {
      new AepSinkConnector(this, `Connector-${connectorAliasName(connector.name)}`, {
        deployment: this,
        ...connector,
      });
    }

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ConnectApiUrl', this.api.api.url, 'Kafka Connect REST API base URL (SigV4, service execute-api)');
    output('ConnectorTableName', this.table.tableName, 'DynamoDB table of the connector store');
    output('SinkFunctionName', sink.function.functionName, 'Sink function (one alias per connector)');
    output('SinkFunctionArn', sink.function.functionArn, 'Sink function ARN');
    output('DeadLetterQueueUrl', this.deadLetterQueue.queueUrl, 'errors.deadletterqueue.sqs.queue.url');
    output('DeadLetterQueueArn', this.deadLetterQueue.queueArn, 'esm.on.failure.destination');
    output(
      'AepCredentialsSecretArn',
      this.aepSecret.secretArn,
      'Referenced by connector configs through the secretsmanager config provider',
    );
    if (this.api.apiKey) {
      output('ApiKeyId', this.api.apiKey.keyId, 'aws apigateway get-api-key --include-value --api-key <id>');
    }
  }

  #createAepSecret(removalPolicy: RemovalPolicy): ISecret {
    const secret = new Secret(this, 'AepCredentials', {
      secretName: `${this.stackName}/aep-credentials`,
      description:
        'AEP/IMS OAuth server-to-server credentials (keys client_id and client_secret), referenced by connector configs through the secretsmanager config provider',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ client_id: 'REPLACE_ME' }),
        generateStringKey: 'client_secret',
      },
      removalPolicy,
    });
    acknowledgeNag(
      secret,
      'AwsSolutions-SMG4',
      'The value is an Adobe IMS OAuth client secret, rotated in Adobe Developer Console, which Secrets Manager rotation cannot drive. Put the new value after rotating; the sink reads it again within 5 seconds.',
    );
    return secret;
  }

  /** Subnets and security groups by id: no lookup, so synth needs no AWS credentials. */
  #vpcPlacement(props: AepSinkStackProps): VpcPlacement | undefined {
    if (!props.vpcId || !props.subnetIds?.length || !props.securityGroupIds?.length) return undefined;
    // Subnets are selected by id, so the zones only satisfy the import (they are not rendered).
    const vpc = Vpc.fromVpcAttributes(this, 'Vpc', { vpcId: props.vpcId, availabilityZones: Fn.getAzs() });
    return {
      vpc,
      subnets: { subnets: props.subnetIds.map((id) => Subnet.fromSubnetId(this, `Subnet-${id}`, id)) },
      securityGroups: props.securityGroupIds.map((id) =>
        SecurityGroup.fromSecurityGroupId(this, `SecurityGroup-${id}`, id, { mutable: false }),
      ),
    };
  }

  /** What an event source mapping decoding with a Glue registry needs (as CDK's GlueSchemaRegistry grants it). */
  #grantGlueRegistries(role: IRole, registries: readonly string[]): void {
    if (registries.length === 0) return;
    const schemas = registries.map((arn) => arn.replace(':registry/', ':schema/').concat('/*'));
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['glue:GetRegistry'], resources: [...registries] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['glue:GetSchemaVersion'], resources: [...registries, ...schemas] }),
    );
    acknowledgeWildcards(
      role,
      schemas,
      'Event source mappings with esm.schema.registry.url = a Glue registry read any schema version of that registry (the schemas are named by the records).',
    );
  }

  #kafkaAccess(props: AepSinkStackProps): KafkaAccess | undefined {
    const secretArns = [props.kafkaAuthSecretArn, props.kafkaRootCaSecretArn].filter(
      (arn): arn is string => arn !== undefined,
    );
    const authType = props.kafkaAuthType ?? AuthType.NONE;
    if (props.mskClusterArn) {
      return { source: { type: 'msk', clusterArn: props.mskClusterArn }, authType, secretArns, inVpc: false };
    }
    if (props.bootstrapServers?.length) {
      return {
        source: { type: 'self-managed', bootstrapServers: props.bootstrapServers },
        authType,
        secretArns,
        inVpc: Boolean(props.subnetIds?.length),
      };
    }
    return undefined;
  }
}

/**
 * Where the façade reads and changes consumer-group offsets (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SSL`): the
 * self-managed brokers, over TLS when they authenticate or have a private CA (Lambda reaches SASL and mTLS
 * listeners over TLS). MSK brokers are only known at run time: the façade finds the cluster in `MAPPING_DEFAULTS`.
 */
function offsetsBrokers(props: AepSinkStackProps): Record<string, string> {
  if (!props.bootstrapServers?.length) return {};
  const tls = (props.kafkaAuthType ?? AuthType.NONE) !== AuthType.NONE || Boolean(props.kafkaRootCaSecretArn);
  return {
    [ConnectApiEnv.KAFKA_BOOTSTRAP_SERVERS]: props.bootstrapServers.join(','),
    [ConnectApiEnv.KAFKA_SSL]: String(tls),
  };
}

/**
 * Why the façade cannot reach an MSK cluster's consumer groups, if it cannot: it connects with IAM access control
 * only, and MSK brokers listen in the cluster's VPC only (public access aside). Such deployments get
 * `KAFKA_OFFSETS_ENABLED=false`, so the offsets endpoints fail at once instead of timing out on unreachable brokers.
 */
function mskOffsetsUnavailable(kafka: KafkaAccess | undefined, inVpc: boolean): string | undefined {
  if (kafka?.source.type !== 'msk') return undefined;
  if (kafka.authType !== AuthType.NONE) {
    return `the façade reaches MSK with IAM access control only, and kafkaAuthType is ${kafka.authType}`;
  }
  return inVpc
    ? undefined
    : 'MSK brokers are reachable only in the cluster VPC; set vpcId, subnetIds and securityGroupIds';
}

/**
 * Lets the façade manage event source mappings and aliases of the sink function only (Lambda developer guide:
 * "Fine-tuning the Resources and Conditions sections of policies"): create/update/delete are conditional on
 * `lambda:FunctionArn` (the mapping's target: a connector alias `<sink>:<alias>`), get/list have no condition key,
 * and the alias actions name the function. No `iam:PassRole`: mappings use the sink's own role.
 */
export function grantMappingManagement(role: Role, sinkFunction: IFunction): void {
  const sinkFunctionArn = sinkFunction.functionArn;
  const stack = Stack.of(role);
  const mappings = stack.formatArn({
    service: 'lambda',
    resource: 'event-source-mapping',
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const targetsSink = { ArnLike: { 'lambda:FunctionArn': `${sinkFunctionArn}:*` } };
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['lambda:CreateEventSourceMapping'],
      resources: ['*'],
      conditions: targetsSink,
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
      resources: [mappings],
      conditions: targetsSink,
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['lambda:GetEventSourceMapping'], resources: [mappings] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['lambda:ListEventSourceMappings'], resources: ['*'] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['lambda:GetAlias', 'lambda:CreateAlias', 'lambda:UpdateAlias', 'lambda:DeleteAlias'],
      resources: [sinkFunctionArn, `${sinkFunctionArn}:*`],
    }),
  );
  acknowledgeWildcards(
    role,
    ['*'],
    'lambda:CreateEventSourceMapping and lambda:ListEventSourceMappings accept no resource ARN (Service Authorization Reference for AWS Lambda); creating is allowed only with lambda:FunctionArn like <sink function>:*.',
  );
  acknowledgeWildcards(
    role,
    [mappings],
    'Event source mapping UUIDs are generated by Lambda when the façade creates them at run time; update and delete are allowed only with lambda:FunctionArn like <sink function>:*, get only reads.',
  );
  acknowledgeWildcards(
    role,
    [`${sinkFunctionArn}:*`],
    'Each connector gets its own alias of the sink function, created by the façade at run time; the alias actions are limited to that one function.',
  );
}
