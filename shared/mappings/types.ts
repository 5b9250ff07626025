// The port between the Connect herder and whatever actually consumes Kafka for a connector: Lambda event source
// mappings (AWS adapter) or the local worker's kafkajs consumers (local adapter). Both obey the same contract.
import type { MappingRef, TargetState } from '../store/types.ts';

/** A connector's desired state, as stored: the verbatim config (secrets unresolved) and its target state. */
export interface ConnectorIntent {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly targetState: TargetState;
  /** Mappings known from the last apply (may be stale or empty after a crash; adapters also discover their own). */
  readonly mappings: readonly MappingRef[];
}

/** Connect's observable states (`AbstractStatus.State`). */
export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';

export interface TaskStatus {
  readonly id: number;
  readonly state: Exclude<ConnectState, 'STOPPED'>;
  /** Why it failed (FAILED), or why it is retrying. */
  readonly trace?: string;
  /** The one topic the task consumes, when a task is a topic's mapping (Lambda: task i is the ESM of `topics[i]`). */
  readonly topic?: string;
}

/** What is running for a connector right now, in Connect's vocabulary. One task per mapping. */
export interface RuntimeStatus {
  readonly connector: { readonly state: ConnectState; readonly trace?: string };
  readonly tasks: readonly TaskStatus[];
  /** Connect's `worker_id`: the worker's advertised `host:port`, or the AWS region/function for Lambda. */
  readonly workerId: string;
}

export interface RestartRequest {
  readonly includeTasks: boolean;
  readonly onlyFailed: boolean;
  /** Restart only this task (`POST /connectors/{c}/tasks/{t}/restart`). */
  readonly task?: number;
}

/**
 * Turns connector intent into running consumers and reports on them. `apply` is idempotent and converges: calling
 * it again after a crash, a throttle or a partial failure finishes the job (crash consistency).
 *
 * @example
 * const mappings = await runtime.apply({ name: 'aep', config, targetState: 'STARTED', mappings: [] });
 * const status = await runtime.status({ name: 'aep', config, targetState: 'STARTED', mappings });
 */
export interface MappingRuntime {
  /** Creates, updates, enables, disables or deletes mappings until they match the intent; returns what exists. */
  apply(intent: ConnectorIntent): Promise<MappingRef[]>;
  /** Removes every mapping of the connector (delete). */
  remove(intent: ConnectorIntent): Promise<void>;
  status(intent: ConnectorIntent): Promise<RuntimeStatus>;
  restart(intent: ConnectorIntent, request: RestartRequest): Promise<void>;
  /**
   * The connector's active topics (`GET /connectors/{c}/topics`): locally, the topics its tasks consumed records
   * from since creation or the last reset, as Connect tracks them; on Lambda, the topics of its mappings.
   */
  activeTopics(intent: ConnectorIntent): Promise<string[]>;
  /** Forgets the active topics (`PUT /connectors/{c}/topics/reset`); nothing to forget on Lambda. */
  resetActiveTopics(intent: ConnectorIntent): Promise<void>;
  /**
   * The consumer groups holding the connector's offsets: Connect's single `connect-<name>` locally; on Lambda one
   * group per event source mapping when the connector has several topics.
   */
  consumerGroups(intent: ConnectorIntent): ConsumerGroupRef[];
}

/** A consumer group holding (part of) a connector's offsets; `topic`, when set, is the only topic it consumes. */
export interface ConsumerGroupRef {
  readonly groupId: string;
  readonly topic?: string;
}
