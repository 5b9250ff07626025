// The JSON entities of Kafka Connect's REST API (org.apache.kafka.connect.runtime.rest.entities), field names exactly
// as Connect serialises them, and the small structural ports the REST application needs.
import type { ConnectState } from '../mappings/types.ts';
import type { TargetState } from '../store/types.ts';

/** `ServerInfo` (`GET /`). @example { version: '4.1.1', commit: 'aep-streaming-sink@0.1.0', kafka_cluster_id: 'abc' } */
export interface ServerInfo {
  readonly version: string;
  readonly commit: string;
  readonly kafka_cluster_id: string;
}

/** `WorkerStatus` (`GET /health`). @example { status: 'healthy', message: 'Worker has completed startup …' } */
export interface WorkerStatus {
  readonly status: 'healthy' | 'starting' | 'unhealthy';
  readonly message: string;
}

/** `ConnectorTaskId`. @example { connector: 'orders', task: 0 } */
export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

/** `ConnectorInfo`. @example { name: 'orders', config: { … }, tasks: [{ connector: 'orders', task: 0 }], type: 'sink' } */
export interface ConnectorInfo {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly tasks: readonly ConnectorTaskId[];
  readonly type: 'sink' | 'source' | 'unknown';
}

/** `TaskInfo` (`GET /connectors/{c}/tasks`). @example { id: { connector: 'orders', task: 0 }, config: { … } } */
export interface TaskInfo {
  readonly id: ConnectorTaskId;
  readonly config: Readonly<Record<string, string>>;
}

/** `ConnectorStateInfo.ConnectorState`; `trace` only when there is one. @example { state: 'RUNNING', worker_id: 'eu-west-1/aep-sink:orders' } */
export interface ConnectorState {
  readonly state: ConnectState;
  readonly worker_id: string;
  /** The connector plugin's version (KIP-891, Connect 4.1). */
  readonly version?: string;
  readonly trace?: string;
}

/** `ConnectorStateInfo.TaskState`. @example { id: 0, state: 'FAILED', worker_id: '…', trace: 'PROBLEM: …' } */
export interface TaskState {
  readonly id: number;
  readonly state: ConnectState;
  readonly worker_id: string;
  readonly version?: string;
  readonly trace?: string;
}

/** `ConnectorStateInfo` (`GET /connectors/{c}/status`). @example { name: 'orders', connector: { … }, tasks: [], type: 'sink' } */
export interface ConnectorStateInfo {
  readonly name: string;
  readonly connector: ConnectorState;
  readonly tasks: readonly TaskState[];
  readonly type: 'sink' | 'source' | 'unknown';
}

/** One sink offset (`ConnectorOffset`). @example { partition: { kafka_topic: 't', kafka_partition: 0 }, offset: { kafka_offset: 42 } } */
export interface ConnectorOffset {
  readonly partition: { readonly kafka_topic: string; readonly kafka_partition: number };
  readonly offset: { readonly kafka_offset: number } | null;
}

/** `ConnectorOffsets`. @example { offsets: [] } */
export interface ConnectorOffsets {
  readonly offsets: readonly ConnectorOffset[];
}

/** `LoggerLevel`. @example { level: 'INFO', last_modified: null } */
export interface LoggerLevel {
  readonly level: string;
  readonly last_modified: number | null;
}

/** `initial_state` of `POST /connectors` (RUNNING is the target state STARTED). @example 'PAUSED' */
export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

/** A create request after parsing (`CreateConnectorRequest`). @example { name: 'orders', config: {}, initialState: 'STARTED' } */
export interface CreateConnectorRequest {
  readonly name: string;
  readonly config: Record<string, string | null>;
  readonly initialState?: TargetState;
}

/**
 * What `GET /` reports. Defaults: the Kafka Connect release the façade follows (4.1.1), this project's name and
 * version as the commit, cluster id `unknown`. The cluster id may be looked up (the local worker asks its broker);
 * a lookup that fails or answers nothing reports `unknown` and is tried again on the next request.
 */
export interface WorkerInfo {
  readonly version?: string;
  readonly commit?: string;
  readonly kafkaClusterId?: string | (() => Promise<string | undefined>);
}
