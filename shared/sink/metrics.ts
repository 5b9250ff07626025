// SinkMetrics as CloudWatch embedded metric format through Powertools Metrics.
import type { BatchSummary, InvocationSummary, SinkMetrics } from './types.ts';

/**
 * Names of the metrics the Powertools adapter writes, one per {@link BatchSummary} field. The AEP sender adds its
 * own (`AepRequests`, `AepRetries`, …) to the same Metrics instance.
 */
export const SinkMetricNames = {
  RECORDS: 'RecordsReceived',
  DELIVERED: 'RecordsDelivered',
  FAILED: 'RecordsFailed',
  DEAD_LETTERED: 'RecordsDeadLettered',
  FILTERED: 'RecordsFiltered',
  RETRIED: 'RecordsRetried',
  BYTES: 'BatchBytes',
  DURATION: 'BatchDuration',
  /** 1 for an invocation that threw or left records to retry, else 0 (local: `aep_sink_invocations_failed_total`). */
  INVOCATIONS_FAILED: 'InvocationsFailed',
  /** 1 for an invocation that delivers a batch known to fail again, else 0 (local: `aep_sink_retries_total`). */
  INVOCATION_RETRIES: 'InvocationRetries',
  /** Unix time of a failed invocation; its Maximum is when the connector last failed (local: `aep_sink_last_error_timestamp_seconds`). */
  LAST_ERROR_TIME: 'LastErrorTime',
} as const;

/**
 * The variable that names, for the functions that create connectors (the REST façade, the custom resource of
 * connectors declared in CDK), the sink's `POWERTOOLS_SERVICE_NAME`: the `service` dimension of the series they
 * start (see {@link powertoolsConnectorSeries}). Unset: they start none.
 */
export const SINK_SERVICE_NAME_ENV = 'SINK_SERVICE_NAME';

/** The part of Powertools' `Metrics` the adapter uses (units named as `MetricUnit` values). */
export interface EmfMetrics {
  addDimensions(dimensions: Record<string, string>): unknown;
  addMetric(name: string, unit: 'Count' | 'Bytes' | 'Milliseconds' | 'Seconds', value: number): unknown;
}

/** The metrics a connector's invocations count, each a Sum; a zero is a true value of each. */
const CONNECTOR_COUNTS = [
  SinkMetricNames.RECORDS,
  SinkMetricNames.DELIVERED,
  SinkMetricNames.FAILED,
  SinkMetricNames.DEAD_LETTERED,
  SinkMetricNames.FILTERED,
  SinkMetricNames.RETRIED,
  SinkMetricNames.INVOCATIONS_FAILED,
  SinkMetricNames.INVOCATION_RETRIES,
] as const;

/**
 * The dimension sets of a connector's metrics: `{service, connector}` (per-connector graphs) and `{service}` alone
 * (what the stack's alarms read).
 */
function perConnector(metrics: EmfMetrics, connector: string): void {
  metrics.addDimensions({ connector });
  metrics.addDimensions({}); // a second dimension set: the default dimensions alone
}

/**
 * Reports each invocation to Powertools Metrics; the `logMetrics` middleware flushes them as EMF after the
 * invocation. Every metric of the invocation (the sender's too) is published twice: with the default dimensions
 * only (`service`, what the stack's alarms read) and with `connector` added (per-connector graphs). The dimension
 * sets are added by `invocation`, the last call of every invocation whose connector is known.
 *
 * @example
 * const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });
 * createSinkHandler({ …, metrics: powertoolsSinkMetrics(metrics) });
 */
export function powertoolsSinkMetrics(metrics: EmfMetrics): SinkMetrics {
  return {
    batch(_connector: string, s: BatchSummary) {
      metrics.addMetric(SinkMetricNames.RECORDS, 'Count', s.records);
      metrics.addMetric(SinkMetricNames.DELIVERED, 'Count', s.delivered);
      metrics.addMetric(SinkMetricNames.FAILED, 'Count', s.failed);
      metrics.addMetric(SinkMetricNames.DEAD_LETTERED, 'Count', s.deadLettered);
      metrics.addMetric(SinkMetricNames.FILTERED, 'Count', s.filtered);
      metrics.addMetric(SinkMetricNames.RETRIED, 'Count', s.retried);
      metrics.addMetric(SinkMetricNames.BYTES, 'Bytes', s.bytes);
      metrics.addMetric(SinkMetricNames.DURATION, 'Milliseconds', s.durationMs);
    },
    invocation(connector: string, s: InvocationSummary) {
      perConnector(metrics, connector);
      metrics.addMetric(SinkMetricNames.INVOCATIONS_FAILED, 'Count', s.failed ? 1 : 0);
      metrics.addMetric(SinkMetricNames.INVOCATION_RETRIES, 'Count', s.retry ? 1 : 0);
      if (s.failed) metrics.addMetric(SinkMetricNames.LAST_ERROR_TIME, 'Seconds', Math.floor(s.at / 1000));
    },
  };
}

/**
 * Starts a new connector's series: publishes at once one EMF record with the sink's counts of the connector at 0 and
 * `LastErrorTime` 0 (never failed), under the same dimension sets as the sink's, so that per-connector graphs and
 * alarms have data from creation rather than from the first invocation. `BatchBytes` and `BatchDuration` are left
 * out: a zero would lower their averages. `metrics` must carry the sink's namespace and service name.
 *
 * @example
 * const series = powertoolsConnectorSeries(new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' }));
 * series.created('orders');
 */
export function powertoolsConnectorSeries(metrics: EmfMetrics & { publishStoredMetrics(): unknown }): {
  created(connector: string): void;
} {
  return {
    created(connector: string) {
      perConnector(metrics, connector);
      for (const name of CONNECTOR_COUNTS) metrics.addMetric(name, 'Count', 0);
      metrics.addMetric(SinkMetricNames.LAST_ERROR_TIME, 'Seconds', 0);
      metrics.publishStoredMetrics();
    },
  };
}
