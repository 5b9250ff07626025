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
import type { StoredConnector } from '../../../shared/store/index.ts';

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
