// The sink as a Lambda handler: which connector (config source), its task (built once per config version), and
// how long delivery may take (AWS docs: "Lambda context object in Node.js", getRemainingTimeInMillis).
import { withMappingDefaults } from '../mappings/index.ts';
import { topicPartition } from '../records/index.ts';
import type { KafkaBatchResponse } from '../records/types.ts';
import type { StoredConnector } from '../store/types.ts';
import { DeadlineMargin, IDLE_TASK_MS } from './constants.ts';
import {
  eventPartitions,
  failuresOf,
  type PartitionFailureRecorder,
  ReportedFailures,
} from './partition-failures.ts';
import { configSecretsHider, redactConfig } from './redact.ts';
import { createSinkTask } from './task.ts';
import type {
  ConnectorConfigSnapshot,
  ConnectorConfigSource,
  ProcessOptions,
  SinkProgress,
  SinkTask,
  SinkTaskDeps,
} from './types.ts';

/**
 * The parts of Lambda's context the sink reads. The local worker passes the same shape, plus what only a host that
 * commits offsets itself can use (Lambda's context has neither).
 */
export interface InvocationContext {
  readonly invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
  /** Hears each partition's settled offsets as requests are acknowledged, and why a partition stopped. */
  readonly progress?: SinkProgress;
  /** A graceful stop: see {@link ProcessOptions.stop}. */
  readonly stop?: AbortSignal;
}

export interface SinkHandlerDeps extends SinkTaskDeps {
  readonly configSource: ConnectorConfigSource;
  /**
   * Records the partitions an invocation cannot get past on the connector's item (AWS), so the REST API's status
   * shows them while the event source mapping retries; needs a config source that reads the store.
   */
  readonly failureRecorder?: PartitionFailureRecorder;
  /**
   * The deployment's `esm.*` defaults (`MAPPING_DEFAULTS`), applied under each connector's keys exactly as the
   * mappings are created with them, so the sink and its mappings agree on `esm.report.batch.item.failures`.
   */
  readonly mappingDefaults?: Readonly<Record<string, string>>;
}

/** What the handler learns of one invocation as it runs: its connector's config, and the failures reported. */
interface Seen {
  stored?: Promise<StoredConnector>;
  snapshot?: ConnectorConfigSnapshot;
  readonly progress: ReportedFailures;
}

/**
 * `(event, context) => response`, as Lambda invokes it, plus `close()` for hosts that shut down (the local worker):
 * it closes every connector's task (AEP connections, dead letter producers).
 */
export type SinkHandler = ((
  event: unknown,
  context: InvocationContext,
) => Promise<KafkaBatchResponse | undefined>) & { close(): Promise<void> };

/**
 * How long before the Lambda timeout AEP delivery stops, leaving time for dead-letter writes and the answer: 10 % of
 * the remaining time, between 1 s and 30 s, and at most half of it.
 *
 * @example
 * deliveryMargin(60_000); // 6000
 */
export function deliveryMargin(remainingMs: number): number {
  const margin = Math.min(
    Math.max(remainingMs * DeadlineMargin.SHARE, DeadlineMargin.MIN_MS),
    DeadlineMargin.MAX_MS,
  );
  return Math.floor(Math.min(margin, remainingMs / 2));
}

/**
 * The sink handler: resolves the invocation's connector config, reuses the connector's task while the config
 * version stays the same (a new version builds a new task and closes the old one once idle; a connector not invoked
 * for {@link IDLE_TASK_MS} has its task closed), and processes the event
 * with a deadline before the Lambda timeout. A config error fails the invocation and is not cached, so a fixed config
 * applies on the next invocation.
 */
export function createSinkHandler(deps: SinkHandlerDeps): SinkHandler {
  const tasks = new Map<string, { readonly version: number; readonly task: SinkTask; usedAt: number }>();
  const taskFor = (name: string, version: number, config: Readonly<Record<string, string>>): SinkTask => {
    const current = tasks.get(name);
    if (current && current.version === version) {
      current.usedAt = Date.now();
      return current.task;
    }
    deps.logger?.info(`Starting connector ${name} (config version ${version})`, {
      connector: name,
      config: redactConfig(config),
    });
    const task = createSinkTask(config, deps);
    tasks.set(name, { version, task, usedAt: Date.now() });
    void current?.task.close();
    return task;
  };
  // A connector that is deleted or stopped is never invoked again: close its task (sender connections, dead letter
  // producers) once it has been idle for a while, instead of keeping it for the container's lifetime.
  const closeIdle = () => {
    const now = Date.now();
    for (const [name, entry] of tasks) {
      if (now - entry.usedAt <= IDLE_TASK_MS) continue;
      tasks.delete(name);
      deps.logger?.info(`Closing connector ${name}: no invocation for ${IDLE_TASK_MS / 60_000} minutes`, {
        connector: name,
      });
      void entry.task.close();
    }
  };
  const run = async (event: unknown, context: InvocationContext, seen: Seen) => {
    const remaining = context.getRemainingTimeInMillis();
    const start = Date.now();
    let task: SinkTask;
    // The item as read together with the config (the same cached read), for what the invocation records on it.
    seen.stored = deps.configSource.stored?.(context);
    seen.stored?.catch(() => undefined);
    try {
      seen.snapshot = await deps.configSource.get(context);
      const { name, config, version } = seen.snapshot;
      task = taskFor(name, version, { name, ...withMappingDefaults(config, deps.mappingDefaults ?? {}) });
    } catch (e) {
      for (const failure of failuresOf(event, e, 'TASK_START')) seen.progress.failed(failure);
      throw e;
    }
    closeIdle();
    const deadline = start + remaining - deliveryMargin(remaining);
    const options: ProcessOptions = {
      deadline,
      finishBy: start + remaining - Math.floor(Math.min(DeadlineMargin.MIN_MS, remaining / 10)),
      signal: AbortSignal.timeout(Math.max(0, deadline - Date.now())),
      progress: seen.progress,
      ...(context.stop ? { stop: context.stop } : {}),
    };
    return task.process(event, options);
  };
  // What only the invocation knows, for hosts that have no other source of it (Lambda): the partitions it could not
  // get past, recorded for the status, and whether it failed or retried a failing batch, for the metrics.
  const observe = async (
    event: unknown,
    { progress, snapshot, stored: read }: Seen,
    outcome: { response?: KafkaBatchResponse; error?: unknown },
  ) => {
    const recorder = deps.failureRecorder;
    if (!recorder && !deps.metrics?.invocation) return;
    const stored = await read?.catch(() => undefined);
    const name = snapshot?.name ?? stored?.name;
    if (name === undefined) return;
    const partitions = eventPartitions(event);
    const failed =
      outcome.error !== undefined && progress.failures.length === 0
        ? failuresOf(event, outcome.error, 'TASK_PUT')
        : progress.failures;
    deps.metrics?.invocation?.(name, {
      failed: outcome.error !== undefined || (outcome.response?.batchItemFailures.length ?? 0) > 0,
      retry: (stored && recorder?.retries(stored, partitions)) ?? false,
      at: Date.now(),
    });
    if (!recorder || !stored) return;
    const failing = new Set(failed.map((f) => topicPartition(f.topic, f.partition)));
    const delivered = partitions
      .map((p) => topicPartition(p.topic, p.partition))
      .filter((key) => !failing.has(key));
    await recorder.record(
      stored,
      { failed, delivered },
      configSecretsHider(snapshot?.config ?? stored.config),
    );
  };
  const handle = async (event: unknown, context: InvocationContext) => {
    const seen: Seen = { progress: new ReportedFailures(context.progress) };
    let response: KafkaBatchResponse | undefined;
    try {
      response = await run(event, context, seen);
    } catch (error) {
      await observe(event, seen, { error });
      throw error;
    }
    await observe(event, seen, response ? { response } : {});
    return response;
  };
  const close = async () => {
    const entries = [...tasks.values()];
    tasks.clear();
    await Promise.allSettled(entries.map((entry) => entry.task.close()));
  };
  return Object.assign(handle, { close });
}
