import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import type { AepMetrics } from '../../../shared/aep/index.ts';
import type { Logger } from '../../../shared/logging/index.ts';

describe('observability hooks', () => {
  it('take the Powertools Logger and Metrics as they are', () => {
    // These assignments are the test: the file is type-checked with the rest of the suite.
    const logger: Logger = new PowertoolsLogger({ serviceName: 'aep-sink-test', logLevel: 'SILENT' });
    const metrics: AepMetrics = new Metrics({ namespace: 'AepSinkTest', serviceName: 'aep-sink-test' });
    expect(typeof logger.warn).toBe('function');
    expect(typeof metrics.addMetric).toBe('function');
  });
});
