// The custom resource provider that writes connectors declared in CDK to the connector store: one per stack and
// table, created by the first AepSinkConnector that needs it.
import { CustomResource, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { SINK_SERVICE_NAME_ENV } from '../../shared/sink/index.ts';
import { CONNECTOR_TABLE_ENV, type MappingRef, type TargetState } from '../../shared/store/index.ts';
import { BundledFunction } from './bundled-function.ts';
import type { ConnectorStateProperties } from './connector-state-handler.ts';
import { PowertoolsEnv, ServiceNames } from './constants.ts';
import { acknowledgeWildcards } from './nag.ts';

/** What one connector's stored state resource writes. */
export interface ConnectorStateProps {
  readonly table: ITableV2;
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly targetState: TargetState;
  readonly mappings: readonly MappingRef[];
  /** The sink's `POWERTOOLS_METRICS_NAMESPACE`, where a connector created here starts its series. */
  readonly metricsNamespace: string;
}

/**
 * The stored state of one connector declared as code (`Custom::AepSinkConnector`). Its physical id is the
 * connector name.
 */
export class ConnectorState extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ConnectorStateProps) {
    super(scope, id);
    const properties: ConnectorStateProperties = {
      Name: props.name,
      Config: { ...props.config },
      TargetState: props.targetState,
      Mappings: props.mappings,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: ConnectorStateProvider.of(this, props.table, props.metricsNamespace).serviceToken,
      resourceType: 'Custom::AepSinkConnector',
      properties,
    });
  }
}

/**
 * The Provider framework over a handler that uses the connector store adapter itself. Both functions only write
 * their own log groups (the handler's EMF metrics included); the handler may read and write the table.
 */
class ConnectorStateProvider extends Construct {
  static of(scope: Construct, table: ITableV2, metricsNamespace: string): ConnectorStateProvider {
    const stack = Stack.of(scope);
    const id = `AepSinkConnectorState${Names.nodeUniqueId(table.node)}`;
    return (
      (stack.node.tryFindChild(id) as ConnectorStateProvider | undefined) ??
      new this(stack, id, table, metricsNamespace)
    );
  }

  readonly serviceToken: string;

  private constructor(scope: Construct, id: string, table: ITableV2, metricsNamespace: string) {
    super(scope, id);
    const handler = new BundledFunction(this, 'Handler', {
      entry: 'cdk/lib/connector-state-handler.ts',
      description: 'Writes connectors declared in CDK to the connector store',
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        [CONNECTOR_TABLE_ENV]: table.tableName,
        [PowertoolsEnv.METRICS_NAMESPACE]: metricsNamespace,
        [SINK_SERVICE_NAME_ENV]: ServiceNames.SINK,
      },
      logRetention: RetentionDays.ONE_MONTH,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    });
    table.grantReadWriteData(handler.role);

    const frameworkLogs = new LogGroup(this, 'FrameworkLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const frameworkRole = new Role(this, 'FrameworkRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Custom resource framework of connectors declared in CDK',
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: handler.function,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    this.serviceToken = provider.serviceToken;
    acknowledgeWildcards(
      frameworkRole,
      [`${handler.function.functionArn}:*`],
      'The Provider construct grants its framework function lambda:InvokeFunction on the connector state handler and its versions (<handler>:*).',
    );
  }
}
