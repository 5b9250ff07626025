// What the REST API shows of a stored connector: its info, its tasks, its status and the restart plan.
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../shared/mappings/types.ts';
import { AEP_SINK_TASK_CLASS } from '../../../shared/rest/index.ts';
import {
  connectorInfo,
  connectorStateInfo,
  restartPlan,
  sameIntent,
  taskInfos,
} from '../../../shared/rest/views.ts';
import type { StoredConnector, StoredPartitionFailure } from '../../../shared/store/index.ts';

const stored = (over: Partial<StoredConnector> = {}): StoredConnector => ({
  name: 'orders',
  config: { name: 'orders', topics: 'a,b' },
  targetState: 'STARTED',
  version: 3,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  mappings: [
    { id: 'm-a', topic: 'a' },
    { id: 'm-b', topic: 'b' },
  ],
  pending: false,
  ...over,
});

const running: RuntimeStatus = {
  connector: { state: 'RUNNING' },
  tasks: [
    { id: 1, state: 'FAILED', trace: 'boom' },
    { id: 0, state: 'RUNNING' },
  ],
  workerId: 'w:8083',
};

describe('connector views', () => {
  it('lists one task per mapping, and none once STOPPED', () => {
    expect(connectorInfo(stored()).tasks).toEqual([
      { connector: 'orders', task: 0 },
      { connector: 'orders', task: 1 },
    ]);
    expect(connectorInfo(stored({ targetState: 'STOPPED' })).tasks).toEqual([]);
  });

  it("gives each task the connector's config with its own topic and the task class", () => {
    expect(taskInfos(stored())).toEqual([
      {
        id: { connector: 'orders', task: 0 },
        config: { name: 'orders', topics: 'a', 'task.class': AEP_SINK_TASK_CLASS },
      },
      {
        id: { connector: 'orders', task: 1 },
        config: { name: 'orders', topics: 'b', 'task.class': AEP_SINK_TASK_CLASS },
      },
    ]);
  });

  it('shows tasks by id with the worker id and traces only where there is one', () => {
    expect(connectorStateInfo(stored(), running)).toEqual({
      name: 'orders',
      connector: { state: 'RUNNING', worker_id: 'w:8083' },
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: 'w:8083' },
        { id: 1, state: 'FAILED', worker_id: 'w:8083', trace: 'boom' },
      ],
      type: 'sink',
    });
  });

  it('shows a connector whose intent failed to apply as FAILED with the reason', () => {
    const info = connectorStateInfo(stored({ pending: true, applyError: 'Throttled' }), running);
    expect(info.connector).toEqual({ state: 'FAILED', worker_id: 'w:8083', trace: 'Throttled' });
  });

  it('plans a restart: everything, or only what FAILED, and tasks only when asked', () => {
    const status = connectorStateInfo(stored(), running);
    const states = (plan: ReturnType<typeof restartPlan>) => [
      plan.connector.state,
      ...plan.tasks.map((t) => t.state),
    ];
    expect(states(restartPlan(status, { includeTasks: true, onlyFailed: false }))).toEqual([
      'RESTARTING',
      'RESTARTING',
      'RESTARTING',
    ]);
    expect(states(restartPlan(status, { includeTasks: true, onlyFailed: true }))).toEqual([
      'RUNNING',
      'RUNNING',
      'RESTARTING',
    ]);
    expect(states(restartPlan(status, { includeTasks: false, onlyFailed: false }))).toEqual([
      'RESTARTING',
      'RUNNING',
      'FAILED',
    ]);
  });

  it('compares intents by config and target state only', () => {
    expect(sameIntent(stored(), stored({ version: 9, pending: true }))).toBe(true);
    expect(sameIntent(stored(), stored({ targetState: 'PAUSED' }))).toBe(false);
    expect(sameIntent(stored(), stored({ config: { name: 'orders', topics: 'a' } }))).toBe(false);
  });
});

/** A partition failure as the sink function records it. */
const failure = (topic: string, partition: number, over: Partial<StoredPartitionFailure> = {}) =>
  ({
    topic,
    partition,
    offset: 42,
    stage: 'TASK_PUT',
    reason: 'IMS token request to https://ims-na1.adobelogin.com failed: IMS answered 400 invalid_client',
    exception: 'ImsTokenError',
    status: 400,
    healable: false,
    hint: 'AEP refused the credentials after a token refresh: check aep.connection.auth.client.secret',
    since: '2024-05-01T12:00:00.000Z',
    recordedAt: '2024-05-01T12:05:00.000Z',
    ...over,
  }) satisfies StoredPartitionFailure;

/** A Lambda connector of topics a and b: task i is the mapping of topics[i]. */
const lambdaStatus = (
  a: RuntimeStatus['tasks'][number]['state'] = 'RUNNING',
  b: RuntimeStatus['tasks'][number]['state'] = 'RUNNING',
): RuntimeStatus => ({
  connector: { state: 'RUNNING' },
  tasks: [
    { id: 0, state: a, topic: 'a' },
    { id: 1, state: b, topic: 'b' },
  ],
  workerId: 'eu-west-1/aep-sink:orders-1a2b',
});

describe('the partition failures the sink recorded, in the status (AWS)', () => {
  it('fails the task of a topic whose partition cannot heal, with a trace naming the record, the cause, since when and what to change', () => {
    const info = connectorStateInfo(stored({ failures: { 'a-0': failure('a', 0) } }), lambdaStatus());

    expect(info.connector.state).toBe('RUNNING');
    expect(info.tasks[1]).toEqual({ id: 1, state: 'RUNNING', worker_id: 'eu-west-1/aep-sink:orders-1a2b' });
    const task = info.tasks[0];
    expect(task?.state).toBe('FAILED');
    const lines = (task?.trace ?? '').split('\n');
    expect(lines[0]).toBe(
      'Task orders-0 failed at record a-0@42 (stage TASK_PUT) since 2024-05-01T12:00:00.000Z: IMS token request to https://ims-na1.adobelogin.com failed: IMS answered 400 invalid_client',
    );
    expect(lines[1]).toBe(
      'To recover: AEP refused the credentials after a token refresh: check aep.connection.auth.client.secret',
    );
    expect(task?.trace).toContain('esm.maximum.retry.attempts');
    expect(lines.at(-1)).toBe(
      'Failing partitions: a-0@42 since 2024-05-01T12:00:00.000Z (cannot heal; recorded 2024-05-01T12:05:00.000Z)',
    );
  });

  it('keeps a retrying task RUNNING, with a trace of what it retries since when and every failing partition', () => {
    const failures = {
      'b-3': failure('b', 3, {
        healable: true,
        since: '2024-05-01T12:01:00.000Z',
        reason: 'AEP answered 503',
      }),
      'b-1': failure('b', 1, { healable: true, offset: 7, reason: 'AEP answered 503' }),
    };
    const task = connectorStateInfo(stored({ failures }), lambdaStatus()).tasks[1];

    expect(task?.state).toBe('RUNNING');
    expect(task?.trace?.split('\n')[0]).toBe(
      'Task orders-1 is retrying since 2024-05-01T12:00:00.000Z: record b-1@7 (stage TASK_PUT) could not be delivered: AEP answered 503',
    );
    expect(task?.trace).toContain('Failing partitions: b-1@7 since 2024-05-01T12:00:00.000Z (retrying');
    expect(task?.trace).toContain('b-3@42 since 2024-05-01T12:01:00.000Z (retrying');
  });

  it('fails the task when any of its partitions cannot heal, naming that one first', () => {
    const failures = {
      'a-0': failure('a', 0, { healable: true, since: '2024-05-01T11:00:00.000Z' }),
      'a-1': failure('a', 1, { offset: 9 }),
    };
    const task = connectorStateInfo(stored({ failures }), lambdaStatus()).tasks[0];
    expect(task?.state).toBe('FAILED');
    expect(task?.trace).toMatch(/^Task orders-0 failed at record a-1@9 /);
    expect(task?.trace).toContain('a-0@42 since 2024-05-01T11:00:00.000Z (retrying');
  });

  it("leaves what the runtime says of PAUSED and FAILED tasks, and tasks without a topic (the local runtime's)", () => {
    const failures = { 'a-0': failure('a', 0), 'b-0': failure('b', 0) };
    const paused = connectorStateInfo(stored({ failures }), lambdaStatus('PAUSED', 'FAILED'));
    expect(paused.tasks.map((t) => [t.state, t.trace])).toEqual([
      ['PAUSED', undefined],
      ['FAILED', undefined],
    ]);
    expect(connectorStateInfo(stored({ failures }), running).tasks[0]).toEqual({
      id: 0,
      state: 'RUNNING',
      worker_id: 'w:8083',
    });
  });

  it("hides the connector's secrets in the trace", () => {
    const secret = 'very-secret-token';
    const info = connectorStateInfo(
      stored({
        config: { name: 'orders', topics: 'a,b', 'aep.connection.auth.token': secret },
        failures: { 'a-0': failure('a', 0, { reason: `token ${secret} refused` }) },
      }),
      lambdaStatus(),
      (text) => text.replaceAll(secret, '[hidden]'),
    );
    expect(info.tasks[0]?.trace).toContain('token [hidden] refused');
    expect(JSON.stringify(info)).not.toContain(secret);
  });
});
