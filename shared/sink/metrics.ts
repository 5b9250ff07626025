// SinkMetrics as CloudWatch embedded metric format through Powertools Metrics.
import type { BatchSummary, SinkMetrics } from './types.ts';

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
} as const;

/** The part of Powertools' `Metrics` the adapter uses (units named as `MetricUnit` values). */
export interface EmfMetrics {
  addDimensions(dimensions: Record<string, string>): unknown;
  addMetric(name: string, unit: 'Count' | 'Bytes' | 'Milliseconds', value: number): unknown;
}

/**
 * Reports each invocation to Powertools Metrics; the `logMetrics` middleware flushes them as EMF after the
 * invocation. Every metric of the invocation (the sender's too) is published twice: with the default dimensions
 * only (`service`, what the stack's alarms read) and with `connector` added (per-connector graphs).
 *
 * @example
 * const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });
 * createSinkHandler({ …, metrics: powertoolsSinkMetrics(metrics) });
 */
export function powertoolsSinkMetrics(metrics: EmfMetrics): SinkMetrics {
  return {
    batch(connector: string, s: BatchSummary) {
      metrics.addDimensions({ connector });
      metrics.addDimensions({}); // a second dimension set: the default dimensions alone
      metrics.addMetric(SinkMetricNames.RECORDS, 'Count', s.records);
      metrics.addMetric(SinkMetricNames.DELIVERED, 'Count', s.delivered);
      metrics.addMetric(SinkMetricNames.FAILED, 'Count', s.failed);
      metrics.addMetric(SinkMetricNames.DEAD_LETTERED, 'Count', s.deadLettered);
      metrics.addMetric(SinkMetricNames.FILTERED, 'Count', s.filtered);
      metrics.addMetric(SinkMetricNames.RETRIED, 'Count', s.retried);
      metrics.addMetric(SinkMetricNames.BYTES, 'Bytes', s.bytes);
      metrics.addMetric(SinkMetricNames.DURATION, 'Milliseconds', s.durationMs);
    },
  };
}
