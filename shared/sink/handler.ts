// The sink as a Lambda handler: which connector (config source), its task (built once per config version), and
// how long delivery may take (AWS docs: "Lambda context object in Node.js", getRemainingTimeInMillis).
import { withMappingDefaults } from '../mappings/index.ts';
import type { KafkaBatchResponse } from '../records/types.ts';
import { DeadlineMargin, IDLE_TASK_MS } from './constants.ts';
import { redactConfig } from './redact.ts';
import { createSinkTask } from './task.ts';
import type { ConnectorConfigSource, ProcessOptions, SinkProgress, SinkTask, SinkTaskDeps } from './types.ts';

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
   * The deployment's `esm.*` defaults (`MAPPING_DEFAULTS`), applied under each connector's keys exactly as the
   * mappings are created with them, so the sink and its mappings agree on `esm.report.batch.item.failures`.
   */
  readonly mappingDefaults?: Readonly<Record<string, string>>;
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
  const handle = async (event: unknown, context: InvocationContext) => {
    const remaining = context.getRemainingTimeInMillis();
    const start = Date.now();
    let task: SinkTask;
    try {
      const { name, config, version } = await deps.configSource.get(context);
      task = taskFor(name, version, { name, ...withMappingDefaults(config, deps.mappingDefaults ?? {}) });
    } catch (e) {
      if (context.progress) reportStartFailure(event, e, context.progress);
      throw e;
    }
    closeIdle();
    const deadline = start + remaining - deliveryMargin(remaining);
    const options: ProcessOptions = {
      deadline,
      finishBy: start + remaining - Math.floor(Math.min(DeadlineMargin.MIN_MS, remaining / 10)),
      signal: AbortSignal.timeout(Math.max(0, deadline - Date.now())),
      ...(context.progress ? { progress: context.progress } : {}),
      ...(context.stop ? { stop: context.stop } : {}),
    };
    return task.process(event, options);
  };
  const close = async () => {
    const entries = [...tasks.values()];
    tasks.clear();
    await Promise.allSettled(entries.map((entry) => entry.task.close()));
  };
  return Object.assign(handle, { close });
}

/**
 * The connector could not be started for this invocation (its config is invalid, names a host outside the
 * allowlist, or cannot be read): every partition of the event stops at its first record, healable only when the
 * error says it is retriable (a config store outage, a connector being created).
 */
function reportStartFailure(event: unknown, e: unknown, progress: SinkProgress): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const groups = (event as { records?: unknown } | null)?.records;
  if (typeof groups !== 'object' || groups === null) return;
  for (const list of Object.values(groups)) {
    if (!Array.isArray(list)) continue;
    const records = list as Array<Record<string, unknown> | null>;
    const offsets = records.map((r) => r?.offset).filter((o): o is number => typeof o === 'number');
    const { topic, partition } = records[0] ?? {};
    if (typeof topic !== 'string' || typeof partition !== 'number' || offsets.length === 0) continue;
    const offset = Math.min(...offsets);
    progress.failed({
      topic,
      partition,
      offset,
      stage: 'TASK_START',
      reason: error.message,
      healable: (error as { retriable?: unknown }).retriable === true,
      error,
    });
  }
}
