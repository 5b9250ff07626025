// When a failed batch is retried, given up or fails the task, and what a FAILED task's trace says.
import { describe, expect, it } from 'vitest';
import { AepRequestError, ImsTokenError } from '../../../../shared/aep/index.ts';
import { decide, type FailureSettings, TaskFailedError } from '../../../../shared/mappings/local/failures.ts';

const connect: FailureSettings = {
  esmRetries: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  retryTimeoutMs: 0,
  retryMaxDelayMs: 60_000,
};
const backoff = { initialDelayMs: 300, maxDelayMs: 30_000 };
const records = [{ timestamp: 0 }];
const attempt = (healable: boolean, n = 1, failingSince = 1_000) => ({
  healable,
  attempt: n,
  failingSince,
  records,
});

describe('decide, with Connect rules (no esm.* retry control set)', () => {
  it('fails the task at once on a failure that cannot heal, whatever errors.retry.timeout allows', () => {
    expect(decide({ ...connect, retryTimeoutMs: -1 }, attempt(false), backoff, 1_000)).toEqual({
      action: 'fail',
    });
  });

  it('does not retry a failure that can heal by default (errors.retry.timeout=0)', () => {
    expect(decide(connect, attempt(true), backoff, 1_000)).toEqual({ action: 'fail' });
  });

  it('retries for errors.retry.timeout with a doubling delay that never passes the deadline', () => {
    const settings = { ...connect, retryTimeoutMs: 10_000 };
    expect(decide(settings, attempt(true, 1), backoff, 1_000)).toEqual({ action: 'retry', delayMs: 300 });
    expect(decide(settings, attempt(true, 3), backoff, 2_000)).toEqual({ action: 'retry', delayMs: 1_200 });
    expect(decide(settings, attempt(true, 6), backoff, 10_500)).toEqual({ action: 'retry', delayMs: 500 });
    expect(decide(settings, attempt(true, 7), backoff, 11_000)).toEqual({ action: 'fail' });
  });

  it('waits a random delay below errors.retry.delay.max.ms once the doubling passes it, and retries for ever with -1', () => {
    const settings = { ...connect, retryTimeoutMs: -1, retryMaxDelayMs: 1_000 };
    expect(decide(settings, attempt(true, 10), backoff, 1e12, () => 0.5)).toEqual({
      action: 'retry',
      delayMs: 500,
    });
  });
});

describe('decide, with the ESM rules (a retry control set)', () => {
  const esm: FailureSettings = { ...connect, esmRetries: true, maximumRetryAttempts: 2 };

  it('retries up to esm.maximum.retry.attempts, then gives up (destination or discard), never failing the task', () => {
    expect(decide(esm, attempt(true, 2), backoff)).toEqual({ action: 'retry', delayMs: 600 });
    expect(decide(esm, attempt(true, 3), backoff)).toEqual({ action: 'give-up' });
  });

  it('gives up at once on a failure that cannot heal', () => {
    expect(decide(esm, attempt(false, 1), backoff)).toEqual({ action: 'give-up' });
  });
});

describe('TaskFailedError', () => {
  const context = { connector: 'orders', task: 0, retryTimeoutMs: 0, failingForMs: 1_200 };
  const record = { topic: 'orders', partition: 2, offset: 41 };

  it('names the record, the stage and how to skip it for a record that cannot be delivered', () => {
    const error = TaskFailedError.from(
      { error: new Error('Unrecognized token'), healable: false, stage: 'VALUE_CONVERTER', record },
      context,
    );
    expect(error.message).toContain(
      'Task orders-0 failed at record orders-2@41 (stage VALUE_CONVERTER): Unrecognized token',
    );
    expect(error.message).toContain('errors.tolerance=all');
    expect(error.message).toContain(
      'PATCH /connectors/orders/offsets {"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":2},"offset":{"kafka_offset":42}}]}',
    );
    expect(error.retriable).toBe(false);
    expect(error.trace).toMatch(
      /^TaskFailedError: Task orders-0 failed[\s\S]*\nCaused by: Error: Unrecognized token/,
    );
  });

  it('names the worker setting for a host the allowlist refuses', () => {
    const refused = new Error(
      "Invalid value https://evil.test/collection/x for configuration aep.endpoint: host evil.test is not in the deployment's allowed hosts (aep.allowed.hosts: *.adobedc.net)",
    );
    const error = TaskFailedError.from(
      { error: refused, healable: false, stage: 'TASK_START', record },
      context,
    );
    expect(error.message).toContain(
      "add its host to the worker's aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS)",
    );
  });

  it('points at the credentials when AEP or IMS refuses them', () => {
    for (const cause of [
      new AepRequestError('AEP answered 403: Forbidden', { status: 403, retriable: false, attempts: 1 }),
      new ImsTokenError('https://ims.example', 'IMS answered 400 invalid_client', {
        status: 400,
        retriable: false,
      }),
    ]) {
      const error = TaskFailedError.from(
        { error: cause, healable: false, stage: 'TASK_PUT', record },
        context,
      );
      expect(error.message).toContain('aep.connection.auth.client.secret');
    }
  });

  it('says how long it retried and which setting allows more, for a failure that could have healed', () => {
    const cause = new AepRequestError('AEP answered 503 after 3 attempts', {
      status: 503,
      retriable: true,
      attempts: 3,
    });
    const error = TaskFailedError.from({ error: cause, healable: true, stage: 'TASK_PUT', record }, context);
    expect(error.message).toContain('retried for 1200 ms and errors.retry.timeout=0 allows no more');
  });
});
