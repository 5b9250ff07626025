// Test doubles of the MappingRuntime and OffsetsPort ports (shared/mappings/types.ts, shared/kafka/types.ts), in memory: one mapping per
// topic, states that follow the target state at once, and switches to inject failures. The real adapters (Lambda
// event source mappings, the local kafkajs runtime, KafkaOffsets) have their own tests.
import { parseType } from '../../shared/config/index.ts';
import { NotFoundException } from '../../shared/errors/index.ts';
import {
  ConsumerGroupNotEmptyError,
  type OffsetsPort,
  type PartitionOffset,
} from '../../shared/kafka/index.ts';
import { consumerGroupId, esmConsumerGroupId, MappingRuntimeError } from '../../shared/mappings/index.ts';
import type {
  ConnectorIntent,
  ConsumerGroupRef,
  MappingRuntime,
  RestartRequest,
  RuntimeStatus,
  TaskStatus,
} from '../../shared/mappings/types.ts';
import type { MappingRef, TargetState } from '../../shared/store/types.ts';

interface Run {
  targetState: TargetState;
  mappings: MappingRef[];
  failedTasks: Map<number, string>;
}

export class InMemoryMappingRuntime implements MappingRuntime {
  readonly workerId = 'in-memory:8083';
  readonly runs = new Map<string, Run>();
  readonly restarts: { connector: string; request: RestartRequest }[] = [];
  /** Failures to throw from the next calls of `apply` / `remove` (each used once). */
  readonly failNext: { apply: Error[]; remove: Error[] } = { apply: [], remove: [] };
  applyCalls = 0;

  async apply(intent: ConnectorIntent): Promise<MappingRef[]> {
    this.applyCalls++;
    const failure = this.failNext.apply.shift();
    if (failure) throw failure;
    const topics = parseType('topics', intent.config.topics ?? '', 'LIST') as string[];
    const mappings =
      intent.targetState === 'STOPPED'
        ? []
        : topics.map((topic) => ({ id: `${intent.name}/${topic}`, topic }));
    const failedTasks = this.runs.get(intent.name)?.failedTasks ?? new Map();
    this.runs.set(intent.name, { targetState: intent.targetState, mappings, failedTasks });
    return mappings;
  }

  async remove(intent: ConnectorIntent): Promise<void> {
    const failure = this.failNext.remove.shift();
    if (failure) throw failure;
    this.runs.delete(intent.name);
  }

  async status(intent: ConnectorIntent): Promise<RuntimeStatus> {
    const run = this.runs.get(intent.name);
    if (!run) return { connector: { state: 'UNASSIGNED' }, tasks: [], workerId: this.workerId };
    const running = run.targetState === 'STARTED' ? 'RUNNING' : 'PAUSED';
    const tasks: TaskStatus[] = run.mappings.map(({ topic }, id) => {
      const trace = run.failedTasks.get(id);
      return trace === undefined ? { id, state: running, topic } : { id, state: 'FAILED', trace, topic };
    });
    const connector = run.targetState === 'STOPPED' ? 'STOPPED' : running;
    return { connector: { state: connector }, tasks, workerId: this.workerId };
  }

  async restart(intent: ConnectorIntent, request: RestartRequest): Promise<void> {
    const run = this.runs.get(intent.name);
    if (request.task !== undefined && !run?.mappings[request.task])
      throw new NotFoundException(`Task ${intent.name}-${request.task} does not exist`);
    this.restarts.push({ connector: intent.name, request });
    if (request.task !== undefined) run?.failedTasks.delete(request.task);
    else if (request.includeTasks) run?.failedTasks.clear();
  }

  /** Like the Lambda adapter: one group per mapping when the connector has several topics. */
  consumerGroups(intent: ConnectorIntent): ConsumerGroupRef[] {
    const config = { ...intent.config, name: intent.name };
    const group = consumerGroupId(config);
    const topics = (intent.config.topics ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (topics.length <= 1) return [{ groupId: group }];
    return topics.map((topic) => ({
      groupId: esmConsumerGroupId({ consumerGroupId: group, topics }, topic),
      topic,
    }));
  }

  async activeTopics(intent: ConnectorIntent): Promise<string[]> {
    const run = this.runs.get(intent.name);
    return run?.targetState === 'STARTED' ? run.mappings.map((m) => m.topic) : [];
  }

  async resetActiveTopics(): Promise<void> {}

  /** Makes task `id` of `connector` FAILED with `trace` until it is restarted. */
  failTask(connector: string, id: number, trace: string): void {
    this.runs.get(connector)?.failedTasks.set(id, trace);
  }
}

/** A retriable runtime failure, as the Lambda adapter throws when Lambda throttles. */
export function throttled(connector: string): MappingRuntimeError {
  return new MappingRuntimeError(connector, 'TooManyRequestsException: Rate exceeded', { retriable: true });
}

export class InMemoryOffsets implements OffsetsPort {
  readonly groups = new Map<string, Map<string, PartitionOffset>>();
  /** Groups that still have members: alter and reset fail like Kafka's GroupNotEmpty. */
  readonly busy = new Set<string>();

  async get(groupId: string): Promise<PartitionOffset[]> {
    return [...(this.groups.get(groupId)?.values() ?? [])];
  }

  async alter(groupId: string, offsets: readonly PartitionOffset[]): Promise<void> {
    if (this.busy.has(groupId)) throw new ConsumerGroupNotEmptyError(groupId, 'Stable');
    const group = this.groups.get(groupId) ?? new Map<string, PartitionOffset>();
    for (const o of offsets) {
      const key = `${o.topic}-${o.partition}`;
      if (o.offset === null) group.delete(key);
      else group.set(key, o);
    }
    this.groups.set(groupId, group);
  }

  async reset(groupId: string): Promise<void> {
    if (this.busy.has(groupId)) throw new ConsumerGroupNotEmptyError(groupId, 'Stable');
    this.groups.delete(groupId);
  }
}
