// A connector declared as code: the same `{name, config}` a `POST /connectors` takes, deployed as the connector's
// alias of the sink function, one event source mapping per topic (built by the same code as the REST façade's) and
// the stored connector state the façade lists and manages.
import { Duration, Token } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Alias, CfnEventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ConfigErrors, ConfigException, type ConfigProblem } from '../../shared/config/index.ts';
import { type ConfigCheck, FrameworkKeys, validateConnectorConfig } from '../../shared/connector/index.ts';
import { connectorAliasName } from '../../shared/identity/index.ts';
import {
  type MappingSettings,
  resolveMappingSettings,
  validateMappingConfig,
} from '../../shared/mappings/index.ts';
import { createRequest } from '../../shared/mappings/lambda/index.ts';
import { allowedEndpointsCheck, defaultPluginRegistry } from '../../shared/rest/index.ts';
import { SinkMetricNames } from '../../shared/sink/index.ts';
import type { TargetState } from '../../shared/store/index.ts';
import { ConnectorState } from './connector-state.ts';
import { ServiceNames } from './constants.ts';
import { cfnMappingProps } from './esm-properties.ts';

/**
 * Connect's `initial_state` of `POST /connectors` (KIP-980): RUNNING, PAUSED or STOPPED.
 */
export type ConnectorInitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

/**
 * A connector as the REST API takes it: its name, its config (string values, `${secretsmanager:…}` placeholders
 * allowed) and an optional initial state.
 */
export interface ConnectorDeclaration {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  /** @default 'RUNNING' */
  readonly initialState?: ConnectorInitialState;
}

/**
 * What a connector needs from the deployment; `AepSinkStack` provides it.
 */
export interface AepSinkDeployment {
  readonly sinkFunction: IFunction;
  readonly table: ITableV2;
  /** The façade's `MAPPING_DEFAULTS`, applied under the connector's own `esm.*` keys. */
  readonly mappingDefaults: Readonly<Record<string, string>>;
  /** `AEP_ALLOWED_HOSTS`: hosts `aep.endpoint` and the IMS endpoint may name. */
  readonly aepAllowedHosts: readonly string[];
  /** Where the sink writes its EMF metrics (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly metricsNamespace: string;
}

export interface AepSinkConnectorProps extends ConnectorDeclaration {
  readonly deployment: AepSinkDeployment;
}

const TARGET_STATES: Record<ConnectorInitialState, TargetState> = {
  RUNNING: 'STARTED',
  PAUSED: 'PAUSED',
  STOPPED: 'STOPPED',
};

/**
 * Deploys one connector: the alias `connectorAliasName(name)` of the sink function (to `$LATEST`, like the façade),
 * one `AWS::Lambda::EventSourceMapping` per topic (consumer group `connect-<name>` or `consumer.override.group.id`,
 * batch, poller, retry and auth settings from the `esm.*` keys over the deployment defaults; none when STOPPED,
 * disabled when PAUSED) and the connector's item in the store. The config is checked at synth time with the
 * façade's own validation, host allowlist included; every problem names its key.
 *
 * Connectors declared here are owned by CloudFormation: change them in code. Changes made through the REST API
 * stay until the next deployment that changes the declaration.
 *
 * @throws {ConfigErrors} when the config cannot become event source mappings.
 * @example
 * new AepSinkConnector(stack, 'Orders', {
 *   deployment: stack,
 *   name: 'orders',
 *   config: { 'connector.class': 'AEPSinkConnector', topics: 'orders', 'aep.endpoint': 'https://dcs.adobedc.net/collection/…' },
 * });
 */
export class AepSinkConnector extends Construct {
  readonly alias: Alias;
  readonly mappings: readonly CfnEventSourceMapping[];
  readonly settings: MappingSettings;
  readonly state: ConnectorState;
  /** The connector's name, as the REST API and the `connector` metric dimension know it. */
  readonly name: string;
  readonly #metricsNamespace: string;

  constructor(scope: Construct, id: string, props: AepSinkConnectorProps) {
    super(scope, id);
    const config = { ...props.config, [FrameworkKeys.NAME]: props.name };
    const defaults = props.deployment.mappingDefaults;
    const problems = [
      ...declarationProblems(props),
      ...configProblems(config, [
        (c) => validateMappingConfig(c, { lambda: true, defaults }),
        allowedEndpointsCheck(props.deployment.aepAllowedHosts),
      ]),
    ];
    if (problems.length > 0) {
      throw new ConfigErrors(
        problems.map((p) => ({ ...p, message: `Connector ${props.name}: ${p.message}` })),
      );
    }
    this.settings = resolveMappingSettings(config, { defaults, lambda: true });
    const targetState = TARGET_STATES[props.initialState ?? 'RUNNING'];
    const sink = props.deployment.sinkFunction;
    this.alias = new Alias(this, 'Alias', {
      aliasName: connectorAliasName(props.name),
      version: sink.latestVersion,
      description: `Kafka Connect connector ${props.name}`.slice(0, 256),
    });
    this.mappings =
      targetState === 'STOPPED'
        ? []
        : this.settings.topics.map(
            (topic) =>
              new CfnEventSourceMapping(
                this,
                `Mapping-${topic}`,
                cfnMappingProps(
                  createRequest(this.settings, topic, this.alias.functionArn, targetState === 'STARTED'),
                ),
              ),
          );
    this.name = props.name;
    this.#metricsNamespace = props.deployment.metricsNamespace;
    this.state = new ConnectorState(this, 'State', {
      table: props.deployment.table,
      name: props.name,
      config,
      targetState,
      mappings: this.mappings.map((m, i) => ({ id: m.attrId, topic: this.settings.topics[i] ?? '' })),
      metricsNamespace: this.#metricsNamespace,
    });
  }

  /**
   * How many records this connector's consumer groups are behind: Lambda's `OffsetLag` of the connector's alias
   * (`FunctionName`, `Resource` = `<sink>:<alias>`), the Maximum over 5 minutes.
   *
   * @example
   * connector.metricOffsetLag().createAlarm(stack, 'OrdersLag', { threshold: 10_000, evaluationPeriods: 3 });
   */
  metricOffsetLag(props: MetricOptions = {}): Metric {
    return this.alias.metric('OffsetLag', { statistic: 'Maximum', period: Duration.minutes(5), ...props });
  }

  /**
   * The sink's invocations of this connector that failed (threw, or left records to retry): its EMF
   * `InvocationsFailed` with the `connector` dimension, the Sum over 5 minutes.
   */
  metricInvocationsFailed(props: MetricOptions = {}): Metric {
    return new Metric({
      namespace: this.#metricsNamespace,
      metricName: SinkMetricNames.INVOCATIONS_FAILED,
      dimensionsMap: { service: ServiceNames.SINK, connector: this.name },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }
}

/**
 * What `POST /connectors` would refuse, from the same validation the façade runs on AWS (`validateConnectorConfig`
 * with the default plugins, the Lambda mapping checks over the deployment defaults and the AEP host allowlist), one
 * problem per message.
 */
function configProblems(
  config: Readonly<Record<string, string>>,
  checks: readonly ConfigCheck[],
): ConfigProblem[] {
  try {
    const infos = validateConnectorConfig(config, { registry: defaultPluginRegistry(), checks });
    return infos.configs.flatMap(({ value }) =>
      value ? value.errors.map((message) => ({ key: value.name, message })) : [],
    );
  } catch (e) {
    if (e instanceof ConfigException && e.key === FrameworkKeys.CONNECTOR_CLASS) {
      return [{ key: e.key, message: e.message }];
    }
    throw e;
  }
}

/** What the declaration itself gets wrong: a name that differs from `config.name`, and unresolved CDK tokens. */
function declarationProblems(props: AepSinkConnectorProps): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const own = props.config[FrameworkKeys.NAME];
  if (own !== undefined && own !== props.name) {
    problems.push({
      key: FrameworkKeys.NAME,
      message: `Connector name configuration (${own}) doesn't match connector name (${props.name})`,
    });
  }
  for (const [key, value] of [['name', props.name] as const, ...Object.entries(props.config)]) {
    if (Token.isUnresolved(value)) {
      problems.push({
        key,
        message: `${key} must be a literal string: connector configs are stored and compared verbatim, so CDK tokens (resolved only at deploy time) cannot be used`,
      });
    }
  }
  return problems;
}
