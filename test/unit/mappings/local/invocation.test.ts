// ESM retry settings and the Lambda-like invocation, without a broker.
import { describe, expect, it } from 'vitest';
import { InvocationError } from '../../../../shared/mappings/local/index.ts';
import { invokeSink, retriesExhausted, retryDelay } from '../../../../shared/mappings/local/invocation.ts';
import type { KafkaEvent } from '../../../../shared/records/types.ts';

const event: KafkaEvent = { eventSource: 'SelfManagedKafka', bootstrapServers: 'b:9092', records: {} };
const identity = {
  functionName: 'f',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:a',
  timeoutMs: 50,
};

describe('retriesExhausted', () => {
  const records = [{ timestamp: 1_000 }];
  it('retries forever by default (no limit, no destination)', () => {
    expect(
      retriesExhausted({ maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1 }, 1_000_000, records),
    ).toBe(false);
  });

  it('allows esm.maximum.retry.attempts retries after the first invocation', () => {
    const settings = { maximumRetryAttempts: 2, maximumRecordAgeSeconds: -1 };
    expect(retriesExhausted(settings, 2, records)).toBe(false);
    expect(retriesExhausted(settings, 3, records)).toBe(true);
  });

  it('applies 10 retries when retries are infinite and an on-failure destination is set, as Lambda does', () => {
    const settings = {
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: -1,
      onFailureDestination: 'kafka://dlq',
    };
    expect(retriesExhausted(settings, 10, records)).toBe(false);
    expect(retriesExhausted(settings, 11, records)).toBe(true);
  });

  it('gives up once the oldest record is older than esm.maximum.record.age.seconds', () => {
    const settings = { maximumRetryAttempts: -1, maximumRecordAgeSeconds: 60 };
    expect(retriesExhausted(settings, 1, records, 61_000)).toBe(false);
    expect(retriesExhausted(settings, 1, records, 61_001)).toBe(true);
  });
});

describe('retryDelay', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const retry = { initialDelayMs: 1_000, maxDelayMs: 30_000 };
    expect([1, 2, 3, 5, 6, 10].map((a) => retryDelay(retry, a))).toEqual([
      1_000, 2_000, 4_000, 16_000, 30_000, 30_000,
    ]);
  });
});

describe('invokeSink', () => {
  it('passes the event and a Lambda context counting down from the function timeout', async () => {
    let remaining = -1;
    const response = await invokeSink(
      async (e, context) => {
        expect(e).toBe(event);
        remaining = context.getRemainingTimeInMillis();
        return { batchItemFailures: [] };
      },
      event,
      identity,
      'aep',
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(50);
  });

  it('fails an invocation that runs past the function timeout, as Lambda reports it', async () => {
    const never = invokeSink(() => new Promise(() => {}), event, identity, 'aep');
    await expect(never).rejects.toThrow(InvocationError);
    await expect(never).rejects.toThrow('Task timed out after 0.05 seconds');
  });

  it('turns a thrown error into an InvocationError naming the connector, keeping the cause', async () => {
    const cause = new Error('AEP is down');
    const failed = invokeSink(
      async () => {
        throw cause;
      },
      event,
      identity,
      'aep',
    );
    await expect(failed).rejects.toMatchObject({ name: 'InvocationError', cause });
    await expect(failed).rejects.toThrow('Invocation of the sink for connector aep failed: AEP is down');
  });
});
