import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { powertoolsSinkMetrics } from '../../../shared/sink/index.ts';

const summary = {
  records: 10,
  delivered: 7,
  failed: 1,
  deadLettered: 1,
  filtered: 1,
  retried: 1,
  bytes: 2048,
  durationMs: 12.5,
};

describe('powertoolsSinkMetrics', () => {
  it('writes one EMF metric per summary field, with and without the connector dimension', () => {
    const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });
    const sink = powertoolsSinkMetrics(metrics);

    sink.batch('orders', summary);
    sink.invocation?.('orders', { failed: false, retry: false, at: Date.parse('2024-05-01T12:00:00Z') });
    const emf = metrics.serializeMetrics();

    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'connector'], ['service']]);
    expect(emf).toMatchObject({
      service: 'aep-sink',
      connector: 'orders',
      RecordsReceived: 10,
      RecordsDelivered: 7,
      RecordsFailed: 1,
      RecordsDeadLettered: 1,
      RecordsFiltered: 1,
      RecordsRetried: 1,
      BatchBytes: 2048,
      BatchDuration: 12.5,
      InvocationsFailed: 0,
      InvocationRetries: 0,
    });
    // No error: no last error time.
    expect(emf).not.toHaveProperty('LastErrorTime');
  });

  it('counts a failed invocation that retries a failing batch, with the Unix time of the failure', () => {
    const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });

    powertoolsSinkMetrics(metrics).invocation?.('orders', {
      failed: true,
      retry: true,
      at: Date.parse('2024-05-01T12:00:00.900Z'),
    });
    const emf = metrics.serializeMetrics();

    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'connector'], ['service']]);
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics).toContainEqual({ Name: 'LastErrorTime', Unit: 'Seconds' });
    expect(emf).toMatchObject({
      connector: 'orders',
      InvocationsFailed: 1,
      InvocationRetries: 1,
      LastErrorTime: 1714564800,
    });
  });
});
