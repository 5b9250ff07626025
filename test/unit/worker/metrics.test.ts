import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from '../../../shared/worker/index.ts';

describe('WorkerMetrics', () => {
  it('serves per-connector counters and lag in the Prometheus text format', () => {
    const metrics = new WorkerMetrics();
    metrics.delivered('aep', 1200);
    metrics.delivered('aep', 300);
    metrics.deadLettered('aep', 2);
    metrics.batch('aep', {
      records: 10,
      delivered: 7,
      failed: 3,
      deadLettered: 3,
      filtered: 0,
      retried: 0,
      bytes: 1,
      durationMs: 1,
    });
    metrics.delivered('we"ird', 1);
    const text = metrics.prometheus((name) => (name === 'aep' ? 40 : 0));
    expect(text).toContain('# TYPE aep_sink_records_delivered_total counter');
    expect(text).toContain('aep_sink_records_delivered_total{connector="aep"} 1500');
    expect(text).toContain('aep_sink_records_dead_lettered_total{connector="aep"} 5');
    expect(text).toContain('aep_sink_consumer_lag{connector="aep"} 40');
    expect(text).toContain('aep_sink_records_delivered_total{connector="we\\"ird"} 1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints a progress line only for connectors that moved or lag, with their rate', () => {
    const metrics = new WorkerMetrics();
    const start = Date.now();
    metrics.progressLines(() => 0, start);
    metrics.delivered('busy', 5000);
    metrics.delivered('idle', 10);
    metrics.progressLines(() => 0, start + 1000);
    metrics.delivered('busy', 2000);
    const lines = metrics.progressLines((name) => (name === 'busy' ? 700 : 0), start + 3000);
    expect(lines).toEqual(['busy: 1000 records/s, lag 700, delivered 7000, dead-lettered 0']);
  });

  it('has every series of a connector from its registration, and counts failures, retries and the last error time', () => {
    const metrics = new WorkerMetrics();
    metrics.registered('quiet');
    const zero = metrics.prometheus(() => 0);
    for (const metric of [
      'aep_sink_records_delivered_total',
      'aep_sink_invocations_failed_total',
      'aep_sink_retries_total',
      'aep_sink_consumer_lag',
      'aep_sink_last_error_timestamp_seconds',
    ]) {
      expect(zero).toContain(`${metric}{connector="quiet"} 0`);
    }
    metrics.failed('quiet', 10, new Error('AEP answered 503'), 1_800_000_000_500);
    metrics.retried('quiet');
    const text = metrics.prometheus(() => 0);
    expect(text).toContain('aep_sink_invocations_failed_total{connector="quiet"} 1');
    expect(text).toContain('aep_sink_retries_total{connector="quiet"} 1');
    expect(text).toContain('aep_sink_last_error_timestamp_seconds{connector="quiet"} 1800000000');
  });
});
