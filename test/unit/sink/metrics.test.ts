import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { powertoolsSinkMetrics } from '../../../shared/sink/index.ts';

describe('powertoolsSinkMetrics', () => {
  it('writes one EMF metric per summary field, with and without the connector dimension', () => {
    const metrics = new Metrics({ namespace: 'AepStreamingSink', serviceName: 'aep-sink' });

    powertoolsSinkMetrics(metrics).batch('orders', {
      records: 10,
      delivered: 7,
      failed: 1,
      deadLettered: 1,
      filtered: 1,
      retried: 1,
      bytes: 2048,
      durationMs: 12.5,
    });
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
    });
  });
});
