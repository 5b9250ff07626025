// CloudWatch alarms and a dashboard for the sink: Lambda's own metrics (AWS/Lambda, including the Kafka event source
// mapping's OffsetLag), the sink's EMF metrics (Powertools Metrics), the DLQ depth and the REST API's 5xx; the
// dashboard also shows each connector's lag, deliveries and failures.
import { Duration, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AepMetricNames } from '../../shared/aep/index.ts';
import { SinkMetricNames } from '../../shared/sink/index.ts';
import { ServiceNames } from './constants.ts';

export interface SinkMonitoringProps {
  readonly sinkFunction: IFunction;
  readonly connectApiFunction: IFunction;
  readonly apiStage: Stage;
  readonly deadLetterQueue: IQueue;
  /** `POWERTOOLS_METRICS_NAMESPACE` of the sink. */
  readonly metricsNamespace: string;
  /** Records behind (OffsetLag, maximum over the sink's mappings) that raise the lag alarm. */
  readonly offsetLagThreshold: number;
  /** @default - no subscription */
  readonly alarmEmail?: string;
  /** @default - a topic is created when `alarmEmail` is set; otherwise alarms have no action */
  readonly alarmTopicArn?: string;
}

const PERIOD = Duration.minutes(5);

/** CloudWatch dynamic labels: the value of a series' dimension (literal `${…}` text, read by CloudWatch). */
export const DynamicLabels = {
  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: CloudWatch's dynamic label syntax, not a template
  CONNECTOR: "${PROP('Dim.connector')}",
  RESOURCE: "${PROP('Dim.Resource')}",
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: CloudWatch's dynamic label syntax
} as const;

/**
 * One alarm per failure a sink operator must act on, all sending to one SNS topic, and a dashboard of the same
 * metrics plus throughput.
 */
export class SinkMonitoring extends Construct {
  readonly alarms: readonly Alarm[];
  readonly dashboard: Dashboard;
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, props: SinkMonitoringProps) {
    super(scope, id);
    const sink = props.sinkFunction;
    const emf = (metricName: string) =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: ServiceNames.SINK },
        statistic: 'Sum',
        period: PERIOD,
      });
    // Lambda: "OffsetLag … the difference in offset between the last record written to a topic and the last
    // record that your function's consumer group processed" (event source mapping metrics).
    const offsetLag = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'OffsetLag',
      dimensionsMap: { FunctionName: sink.functionName },
      statistic: 'Maximum',
      period: PERIOD,
    });
    // The sink's metrics carry the dimension sets {service} and {service, connector}; alarms use the first.
    const failed = emf(SinkMetricNames.FAILED);
    const aepRetries = emf(AepMetricNames.RETRIES);
    const deadLettered = emf(SinkMetricNames.DEAD_LETTERED);
    const delivered = emf(SinkMetricNames.DELIVERED);
    const sinkErrors = sink.metricErrors({ period: PERIOD, statistic: 'Sum' });
    const dlqDepth = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: PERIOD,
      statistic: 'Maximum',
    });
    const api5xx = props.apiStage.metricServerError({ period: PERIOD, statistic: 'Sum' });
    const facadeErrors = props.connectApiFunction.metricErrors({ period: PERIOD, statistic: 'Sum' });

    const alarm = (name: string, metric: IMetric, threshold: number, periods: number, description: string) =>
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.alarms = [
      alarm(
        'SinkErrors',
        sinkErrors,
        1,
        3,
        'The sink function failed invocations for 15 minutes: its Kafka partitions are blocked and retried.',
      ),
      alarm(
        'OffsetLag',
        offsetLag,
        props.offsetLagThreshold,
        3,
        `A connector's consumer group is ${props.offsetLagThreshold} or more records behind for 15 minutes.`,
      ),
      alarm(
        'RecordsFailed',
        failed,
        1,
        3,
        'Records could not be delivered to AEP (retriable failures handed back to the event source mapping) for 15 minutes.',
      ),
      alarm(
        'RecordsDeadLettered',
        deadLettered,
        1,
        1,
        'The sink dead-lettered records (errors.tolerance=all or a DLQ destination).',
      ),
      alarm(
        'DeadLetterQueueNotEmpty',
        dlqDepth,
        1,
        1,
        'The dead-letter queue holds records or failed batches to inspect and replay.',
      ),
      alarm('ConnectApi5xx', api5xx, 1, 1, 'The Connect REST API answered 5xx.'),
      alarm(
        'ConnectApiErrors',
        facadeErrors,
        1,
        1,
        'The Connect REST façade failed (an API request or the scheduled reconcile).',
      ),
    ];

    this.topic = this.#topic(props);
    if (this.topic) {
      const action = new SnsAction(this.topic);
      for (const a of this.alarms) a.addAlarmAction(action);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-sink`,
      defaultInterval: Duration.hours(6),
    });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12 });
    this.dashboard.addWidgets(
      graph('Records delivered to AEP', [delivered], [offsetLag]),
      graph('Failed records and AEP retries', [failed, aepRetries]),
      graph(
        'Sink invocations',
        [sink.metricInvocations({ period: PERIOD }), sinkErrors, sink.metricThrottles({ period: PERIOD })],
        [sink.metricDuration({ period: PERIOD, statistic: 'p99' })],
      ),
      graph('Dead-lettered', [deadLettered], [dlqDepth]),
      graph(
        'Connect REST API',
        [
          props.apiStage.metricCount({ period: PERIOD }),
          props.apiStage.metricClientError({ period: PERIOD }),
          api5xx,
        ],
        [props.apiStage.metricLatency({ period: PERIOD, statistic: 'p99' })],
      ),
      graph('Connect REST façade', [facadeErrors]),
    );
    // One line per connector, whether declared here or created through the REST API: search expressions find the
    // series of every connector alias (`Resource` = <sink>:<alias>) and every `connector` dimension.
    // Each series is labelled with its own dimension value (CloudWatch dynamic labels).
    const search = (query: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('${query}', '${statistic}', ${PERIOD.toSeconds()})`,
        usingMetrics: {},
        label,
      });
    const perConnector = (metricName: string, statistic: string) =>
      search(
        `{${props.metricsNamespace},connector,service} MetricName="${metricName}"`,
        statistic,
        `${metricName} ${DynamicLabels.CONNECTOR}`,
      );
    this.dashboard.addWidgets(
      graph('Offset lag per connector (records behind, by alias)', [
        search(
          `{AWS/Lambda,FunctionName,Resource} MetricName="OffsetLag" FunctionName="${sink.functionName}"`,
          'Maximum',
          DynamicLabels.RESOURCE,
        ),
      ]),
      graph('Records delivered per connector', [perConnector(SinkMetricNames.DELIVERED, 'Sum')]),
      graph('Failed invocations and retries per connector', [
        perConnector(SinkMetricNames.INVOCATIONS_FAILED, 'Sum'),
        perConnector(SinkMetricNames.INVOCATION_RETRIES, 'Sum'),
      ]),
      graph('Last error per connector (Unix time)', [
        perConnector(SinkMetricNames.LAST_ERROR_TIME, 'Maximum'),
      ]),
    );
  }

  /** The alarm topic: the given one, or an encrypted topic with the e-mail subscription. */
  #topic(props: SinkMonitoringProps): ITopic | undefined {
    if (props.alarmTopicArn) return Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
    if (!props.alarmEmail) return undefined;
    // CloudWatch can publish to an encrypted topic only with a customer managed key whose policy lets it.
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the AEP sink alarm topic',
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    topic.addSubscription(new EmailSubscription(props.alarmEmail));
    return topic;
  }
}
