// SinkMetrics as CloudWatch embedded metric format through Powertools Metrics.
import type { BatchSummary, SinkMetrics } from './types.ts';

/**
 * Names of the metrics the Powertools adapter writes, one per {@link BatchSummary} field, with dimension
 * `connector`. The AEP sender adds its own (`AepRequests`, `AepRetries`, …) to the same Metrics instance.
 *
 * @example
 * SinkMetricNames.DELIVERED; // 'SinkRecordsDelivered'
 */
export const SinkMetricNames = {
  RECORDS: 'SinkRecords',
  DELIVERED: 'SinkRecordsDelivered',
  FAILED: 'SinkRecordsFailed',
  DEAD_LETTERED: 'SinkRecordsDeadLettered',
  FILTERED: 'SinkRecordsFiltered',
  RETRIED: 'SinkRecordsRetried',
  BYTES: 'SinkBatchBytes',
  DURATION: 'SinkBatchDuration',
} as const;

/** The part of Powertools' `Metrics` the adapter uses (units named as `MetricUnit` values). */
export interface EmfMetrics {
  addDimension(name: string, value: string): void;
  addMetric(name: string, unit: 'Count' | 'Bytes' | 'Milliseconds', value: number): void;
}

/**
 * Reports each invocation to Powertools Metrics; the `logMetrics` middleware flushes them as EMF after the
 * invocation.
 *
 * @example
 * const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });
 * createSinkHandler({ …, metrics: powertoolsSinkMetrics(metrics) });
 */
export function powertoolsSinkMetrics(metrics: EmfMetrics): SinkMetrics {
  return {
    batch(connector: string, s: BatchSummary) {
      metrics.addDimension('connector', connector);
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
