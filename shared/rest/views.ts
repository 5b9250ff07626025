// What the REST API shows of a stored connector: `ConnectorInfo`, `TaskInfo`s, `ConnectorStateInfo` and the restart
// plan (`AbstractHerder.connectorInfo`, `tasksConfig`, `connectorStatus`, `buildRestartPlan`), as pure functions of
// the stored connector and what the mapping runtime reports.
import { FrameworkKeys } from '../connector/index.ts';
import type { ConnectorIntent, RestartRequest, RuntimeStatus } from '../mappings/types.ts';
import type { StoredConnector } from '../store/index.ts';
import { AEP_SINK_TASK_CLASS } from './constants.ts';
import { withPartitionFailures } from './task-failures.ts';
import type { ConnectorInfo, ConnectorStateInfo, TaskInfo } from './types.ts';

/** What the runtime is asked to make of a stored connector. */
export function intentOf(stored: StoredConnector): ConnectorIntent {
  return {
    name: stored.name,
    config: stored.config,
    targetState: stored.targetState,
    mappings: stored.mappings,
  };
}

/** Whether two stored versions ask the runtime for the same thing (same config and target state). */
export function sameIntent(a: StoredConnector, b: StoredConnector): boolean {
  return a.targetState === b.targetState && JSON.stringify(a.config) === JSON.stringify(b.config);
}

/** `ConnectorInfo`: a STOPPED connector has no tasks; otherwise one per mapping the runtime reported. */
export function connectorInfo(stored: StoredConnector): ConnectorInfo {
  const tasks =
    stored.targetState === 'STOPPED'
      ? []
      : stored.mappings.map((_, task) => ({ connector: stored.name, task }));
  return { name: stored.name, config: stored.config, tasks, type: 'sink' };
}

/** `GET /connectors/{c}/tasks`: one task per mapping (per topic), each with the connector's config. */
export function taskInfos(stored: StoredConnector): TaskInfo[] {
  return connectorInfo(stored).tasks.map((id, i) => ({
    id,
    config: {
      ...stored.config,
      'task.class': AEP_SINK_TASK_CLASS,
      [FrameworkKeys.TOPICS]: stored.mappings[i]?.topic ?? '',
    },
  }));
}

/**
 * `ConnectorStateInfo`: the runtime's states with its worker id and the connector plugin's version (KIP-891), tasks
 * by id; a connector whose intent failed to apply is FAILED with the reason as its trace, and a task shows the
 * partition failures the sink recorded for its topic (`withPartitionFailures`). Every trace goes through `hide` (the
 * connector's secrets).
 */
export function connectorStateInfo(
  stored: StoredConnector,
  status: RuntimeStatus,
  hide: (text: string) => string = (text) => text,
  version?: string,
): ConnectorStateInfo {
  const workerId = status.workerId;
  const v = version === undefined ? {} : { version };
  const failed = stored.pending && stored.applyError !== undefined;
  const connector = failed ? { state: 'FAILED' as const, trace: stored.applyError } : status.connector;
  return {
    name: stored.name,
    connector: {
      state: connector.state,
      worker_id: workerId,
      ...v,
      ...(connector.trace && { trace: hide(connector.trace) }),
    },
    tasks: [...status.tasks]
      .sort((a, b) => a.id - b.id)
      .map((task) => withPartitionFailures(task, stored.failures, stored.name))
      .map((t) => ({
        id: t.id,
        state: t.state,
        worker_id: workerId,
        ...v,
        ...(t.trace && { trace: hide(t.trace) }),
      })),
    type: 'sink',
  };
}

/** `AbstractHerder.buildRestartPlan`: what will restart shows RESTARTING (all, or only the FAILED ones). */
export function restartPlan(
  status: ConnectorStateInfo,
  request: Pick<RestartRequest, 'includeTasks' | 'onlyFailed'>,
): ConnectorStateInfo {
  const restarting = (state: string) => !request.onlyFailed || state === 'FAILED';
  return {
    ...status,
    connector: {
      ...status.connector,
      state: restarting(status.connector.state) ? 'RESTARTING' : status.connector.state,
    },
    tasks: status.tasks.map((t) => ({
      ...t,
      state: request.includeTasks && restarting(t.state) ? 'RESTARTING' : t.state,
    })),
  };
}
