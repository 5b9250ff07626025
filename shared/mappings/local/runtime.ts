// The local adapter of the MappingRuntime port: per connector, `tasks.max` kafkajs consumers in the connector's
// group, each behaving like a Lambda Kafka event source mapping poller and invoking the sink handler in-process.

import { type ConfigProviders, resolveConfig } from '../../config-providers/index.ts';
import { FrameworkKeys } from '../../connector/index.ts';
import { connectorAliasArn } from '../../identity/index.ts';
import {
  ClientOverridePrefixes,
  type ClientSettings,
  Kafka,
  logLevel,
  type Producer,
  toClientSettings,
} from '../../kafka/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { MappingRef } from '../../store/types.ts';
import { MappingKeys } from '../constants.ts';
import { consumerGroupId } from '../settings.ts';
import type {
  ConnectorIntent,
  ConsumerGroupRef,
  MappingRuntime,
  RestartRequest,
  RuntimeStatus,
  TaskStatus,
} from '../types.ts';
import { LocalDefaults, MAX_INVOCATION_PAYLOAD_BYTES, RETRY } from './constants.ts';
import type { EventEnvelope } from './event.ts';
import { kafkaOnFailureDestination } from './on-failure.ts';
import { esmSettingsFrom } from './settings.ts';
import { LocalTask, type TaskDeps } from './task.ts';
import type { EsmSettings, MappingListener, SinkInvoker } from './types.ts';

/**
 * @example
 * const options: LocalMappingRuntimeOptions = { invoke: handler, consumer: { 'bootstrap.servers': '127.0.0.1:9092' }, workerId: '127.0.0.1:8083' };
 */
export interface LocalMappingRuntimeOptions {
  /** The sink handler, called exactly as Lambda calls it. */
  readonly invoke: SinkInvoker;
  /** Worker-level consumer client properties (`bootstrap.servers` and the worker's `consumer.*`, unprefixed). */
  readonly consumer: Readonly<Record<string, string>>;
  /** Resolve `${provider:…}` placeholders (e.g. in `consumer.override.sasl.jaas.config`) before use. */
  readonly providers?: ConfigProviders;
  /** Connect's `worker_id` (the advertised `host:port`). */
  readonly workerId: string;
  /** The unqualified ARN of the (pretend) sink function; each connector invokes its own alias of it. */
  readonly functionArn?: string;
  /** The function timeout `getRemainingTimeInMillis()` counts down from. */
  readonly functionTimeoutMs?: number;
  readonly retry?: TaskDeps['retry'];
  readonly limits?: Partial<TaskDeps['limits']>;
  readonly listener?: MappingListener;
  readonly logger?: Logger;
}

/**
 * The local stand-in for a Lambda function ARN (LocalStack's account id).
 *
 * @example
 * connectorAliasArn(LOCAL_FUNCTION_ARN, 'orders'); // '…:function:aep-sink-local:orders-<hash>'
 */
export const LOCAL_FUNCTION_ARN = `arn:aws:lambda:us-east-1:000000000000:function:${LocalDefaults.FUNCTION_NAME}`;
/** `esm.*` keys with no local meaning (AWS networking, auth, pollers) or not imitated locally (filters, bisect). */
const AWS_ONLY_KEYS = [
  MappingKeys.AUTH_TYPE,
  MappingKeys.AUTH_SECRET_ARN,
  MappingKeys.SERVER_ROOT_CA_SECRET_ARN,
  MappingKeys.VPC_SUBNETS,
  MappingKeys.VPC_SECURITY_GROUPS,
  MappingKeys.POLLER_MODE,
  MappingKeys.MINIMUM_POLLERS,
  MappingKeys.MAXIMUM_POLLERS,
  MappingKeys.POLLER_GROUP_NAME,
  MappingKeys.BISECT_BATCH_ON_FUNCTION_ERROR,
  MappingKeys.FILTERS,
];
const LOCAL_MSK_ARN =
  'arn:aws:kafka:us-east-1:000000000000:cluster/local/00000000-0000-0000-0000-000000000000-1';

interface ConnectorRun {
  readonly configKey: string;
  targetState: ConnectorIntent['targetState'];
  tasks: LocalTask[];
  settings?: EsmSettings;
  /** Why the connector itself could not start (a config the local runtime cannot apply). */
  failure?: string;
  /** The on-failure destination's producer, connected on first use and shared by the connector's tasks. */
  producer?: Promise<Producer>;
  newTask?: (id: number) => LocalTask;
}

/**
 * Runs connectors on this machine: `apply` starts, pauses, resumes, reconfigures or stops a connector's
 * consumers; `status` reports what they really do. Offsets are the consumer group's (`connect-<name>`).
 *
 * @example
 * const runtime = new LocalMappingRuntime({ invoke: handler, consumer: { 'bootstrap.servers': '127.0.0.1:9092' }, workerId: '127.0.0.1:8083' });
 * await runtime.apply({ name: 'aep', config, targetState: 'STARTED', mappings: [] });
 * await runtime.close();
 */
export class LocalMappingRuntime implements MappingRuntime {
  readonly #options: LocalMappingRuntimeOptions;
  readonly #limits: TaskDeps['limits'];
  readonly #logger: Logger;
  readonly #runs = new Map<string, ConnectorRun>();
  /** Topics each connector's tasks consumed records from since it was created or its topics were reset. */
  readonly #consumedTopics = new Map<string, Set<string>>();
  /** The tail of each connector's queue of apply/remove/restart calls (see `#serial`). */
  readonly #queues = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(options: LocalMappingRuntimeOptions) {
    this.#options = options;
    this.#logger = options.logger ?? console;
    this.#limits = {
      maxPayloadBytes: MAX_INVOCATION_PAYLOAD_BYTES,
      maxConcurrentBatches: LocalDefaults.MAX_CONCURRENT_BATCHES,
      bufferedBytesPerPartition: LocalDefaults.BUFFERED_BYTES_PER_PARTITION,
      bufferedBytesPerTask: LocalDefaults.BUFFERED_BYTES_PER_TASK,
      reconnectDelayMs: LocalDefaults.RECONNECT_DELAY_MS,
      stopGraceMs: LocalDefaults.STOP_GRACE_MS,
      ...options.limits,
    };
  }

  apply(intent: ConnectorIntent): Promise<MappingRef[]> {
    return this.#serial(intent.name, () => this.#apply(intent));
  }

  async #apply(intent: ConnectorIntent): Promise<MappingRef[]> {
    const configKey = JSON.stringify(intent.config);
    const run = this.#runs.get(intent.name);
    if (
      run &&
      run.configKey === configKey &&
      run.targetState !== 'STOPPED' &&
      intent.targetState !== 'STOPPED'
    ) {
      run.targetState = intent.targetState;
      for (const task of run.tasks) {
        if (intent.targetState === 'PAUSED') task.pause();
        else task.resume();
      }
      return refs(intent.name, run);
    }
    if (run) await this.#stop(run);
    const next: ConnectorRun = { configKey, targetState: intent.targetState, tasks: [] };
    this.#runs.set(intent.name, next);
    this.#options.listener?.registered?.(intent.name);
    if (intent.targetState === 'STOPPED' || this.#closed) return [];
    try {
      const config = this.#options.providers
        ? await resolveConfig(intent.config, this.#options.providers)
        : intent.config;
      this.#start(intent.name, config, intent.targetState, next);
    } catch (e) {
      next.failure = e instanceof Error ? (e.stack ?? e.message) : String(e);
      this.#logger.error(`[${intent.name}] cannot start: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    return refs(intent.name, next);
  }

  remove(intent: ConnectorIntent): Promise<void> {
    return this.#serial(intent.name, () => this.#remove(intent));
  }

  async #remove(intent: ConnectorIntent): Promise<void> {
    const run = this.#runs.get(intent.name);
    this.#runs.delete(intent.name);
    this.#consumedTopics.delete(intent.name);
    if (run) await this.#stop(run);
    this.#options.listener?.removed?.(intent.name);
  }

  async status(intent: ConnectorIntent): Promise<RuntimeStatus> {
    const workerId = this.#options.workerId;
    const run = this.#runs.get(intent.name);
    if (intent.targetState === 'STOPPED') return { connector: { state: 'STOPPED' }, tasks: [], workerId };
    if (!run || run.configKey !== JSON.stringify(intent.config)) {
      return { connector: { state: 'UNASSIGNED' }, tasks: [], workerId };
    }
    if (run.failure) return { connector: { state: 'FAILED', trace: run.failure }, tasks: [], workerId };
    const tasks: TaskStatus[] = run.tasks.map((t) => ({
      id: t.id,
      state: t.state,
      ...(t.trace ? { trace: t.trace } : {}),
    }));
    return { connector: { state: intent.targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING' }, tasks, workerId };
  }

  restart(intent: ConnectorIntent, request: RestartRequest): Promise<void> {
    return this.#serial(intent.name, () => this.#restart(intent, request));
  }

  async #restart(intent: ConnectorIntent, request: RestartRequest): Promise<void> {
    const run = this.#runs.get(intent.name);
    // Connect restarts the connector iff !onlyFailed || it FAILED; here the connector is its parsed config, so
    // restarting it re-applies the config (and so every task) only when it failed.
    if (!run || run.failure) {
      if (run) this.#runs.delete(intent.name);
      await this.#apply(intent);
      return;
    }
    const newTask = run.newTask;
    if (!newTask) return;
    run.tasks = await Promise.all(
      run.tasks.map(async (task) => {
        const selected =
          request.task !== undefined
            ? request.task === task.id
            : request.includeTasks && (!request.onlyFailed || task.state === 'FAILED');
        if (!selected) return task;
        await task.stop();
        const fresh = newTask(task.id);
        fresh.start(run.targetState === 'PAUSED');
        return fresh;
      }),
    );
  }

  /** One group for all topics, as in Connect: `connect-<name>` or `consumer.override.group.id`. */
  consumerGroups(intent: ConnectorIntent): ConsumerGroupRef[] {
    return [{ groupId: consumerGroupId({ ...intent.config, [FrameworkKeys.NAME]: intent.name }) }];
  }

  /** Topics a task consumed records from (Connect's topic tracking: a topic is listed once a task read from it). */
  async activeTopics(intent: ConnectorIntent): Promise<string[]> {
    return [...(this.#consumedTopics.get(intent.name) ?? [])].sort();
  }

  async resetActiveTopics(intent: ConnectorIntent): Promise<void> {
    this.#consumedTopics.get(intent.name)?.clear();
  }

  /** Records not yet delivered in the partitions a connector's consumers hold (for progress lines). */
  lag(connector: string): number {
    return this.#runs.get(connector)?.tasks.reduce((sum, t) => sum + t.lag, 0) ?? 0;
  }

  /** Stops every connector's consumers gracefully (in-flight batches finish or are abandoned uncommitted). */
  async close(): Promise<void> {
    this.#closed = true;
    // Let calls already under way finish (a later apply starts nothing), then stop whatever they left running.
    await Promise.all([...this.#queues.values()].map((queued) => queued.catch(() => {})));
    const runs = [...this.#runs.values()];
    this.#runs.clear();
    await Promise.all(runs.map((run) => this.#stop(run)));
  }

  /**
   * Runs the calls for one connector one after the other. Each may stop consumers and start new ones across
   * awaits; two racing calls (a REST change and the herder's reconcile) would otherwise both replace the same run
   * and leave one set of consumers running that nothing can stop.
   */
  #serial<T>(name: string, call: () => Promise<T>): Promise<T> {
    const result = (this.#queues.get(name) ?? Promise.resolve()).then(call, call);
    const tail = result.catch(() => {});
    this.#queues.set(name, tail);
    void tail.then(() => {
      if (this.#queues.get(name) === tail) this.#queues.delete(name);
    });
    return result;
  }

  #start(
    name: string,
    config: Readonly<Record<string, string>>,
    targetState: ConnectorIntent['targetState'],
    run: ConnectorRun,
  ): void {
    const settings = esmSettingsFrom(config, this.#options.consumer);
    const client = toClientSettings(settings.clientProperties);
    const ignored = [
      ...client.ignored.map((k) => `${ClientOverridePrefixes.CONSUMER}${k}`),
      ...AWS_ONLY_KEYS.filter((k) => config[k] !== undefined),
    ];
    if (ignored.length > 0) {
      this.#logger.warn(`[${name}] settings the local worker does not apply: ${ignored.join(', ')}`);
    }
    run.settings = settings;
    const functionArn = this.#options.functionArn ?? LOCAL_FUNCTION_ARN;
    const deps: Omit<TaskDeps, 'id'> = {
      connector: name,
      settings,
      client,
      envelope: envelopeFor(settings, client),
      identity: {
        functionName: functionArn.split(':')[6] ?? LocalDefaults.FUNCTION_NAME,
        invokedFunctionArn: connectorAliasArn(functionArn, name),
        timeoutMs: this.#options.functionTimeoutMs ?? LocalDefaults.FUNCTION_TIMEOUT_MS,
      },
      invoke: this.#options.invoke,
      onFailure: settings.onFailureDestination
        ? async (records, reason, attempts) => {
            // One producer for all batches: batches giving up together must not each connect (and leak) one.
            run.producer ??= connectedProducer(client).catch((e) => {
              run.producer = undefined;
              throw e;
            });
            await kafkaOnFailureDestination(await run.producer, settings.onFailureDestination as string)(
              records,
              reason,
              attempts,
            );
          }
        : undefined,
      retry: this.#options.retry ?? RETRY,
      limits: this.#limits,
      listener: this.#options.listener ?? {},
      consumedTopics: this.#consumed(name),
      logger: this.#logger,
      beforeConnect:
        settings.startingPosition === 'AT_TIMESTAMP'
          ? once(() => seedTimestampOffsets(settings, client))
          : undefined,
    };
    const newTask = (id: number) => new LocalTask({ ...deps, id });
    run.newTask = newTask;
    run.tasks = Array.from({ length: settings.tasks }, (_, id) => newTask(id));
    for (const task of run.tasks) task.start(targetState === 'PAUSED');
  }

  #consumed(name: string): Set<string> {
    let topics = this.#consumedTopics.get(name);
    if (!topics) {
      topics = new Set();
      this.#consumedTopics.set(name, topics);
    }
    return topics;
  }

  async #stop(run: ConnectorRun): Promise<void> {
    await Promise.all(run.tasks.map((t) => t.stop()));
    await run.producer?.then((producer) => producer.disconnect()).catch(() => {});
  }
}

function refs(name: string, run: ConnectorRun): MappingRef[] {
  const topic = run.settings?.topicsRegex?.source ?? run.settings?.topics.join(',') ?? '';
  return run.tasks.map((t) => ({ id: `local:${name}:${t.id}`, topic }));
}

function envelopeFor(settings: EsmSettings, client: ClientSettings): EventEnvelope {
  const brokers = client.kafka.brokers;
  const bootstrapServers = Array.isArray(brokers) ? brokers.join(',') : '';
  return settings.source === 'msk'
    ? { eventSource: 'aws:kafka', eventSourceArn: settings.eventSourceArn ?? LOCAL_MSK_ARN, bootstrapServers }
    : { eventSource: 'SelfManagedKafka', bootstrapServers };
}

async function connectedProducer(client: ClientSettings): Promise<Producer> {
  const producer = new Kafka({ ...client.kafka, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  return producer;
}

/**
 * AT_TIMESTAMP: before the group's first consumer joins, commits the offset of `startingPositionTimestamp` for
 * every partition the group has no offset for (Lambda ignores the starting position once the group has offsets).
 */
async function seedTimestampOffsets(settings: EsmSettings, client: ClientSettings): Promise<void> {
  const admin = new Kafka({ ...client.kafka, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const all = settings.topicsRegex ? await admin.listTopics() : settings.topics;
    const topics = settings.topicsRegex ? all.filter((t) => settings.topicsRegex?.test(t)) : all;
    for (const topic of topics) {
      const [committed] = await admin.fetchOffsets({ groupId: settings.groupId, topics: [topic] });
      const missing = (committed?.partitions ?? [])
        .filter((p) => Number(p.offset) < 0)
        .map((p) => p.partition);
      if (missing.length === 0) continue;
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, settings.startingPositionTimestamp);
      await admin.setOffsets({
        groupId: settings.groupId,
        topic,
        partitions: byTime.filter((p) => missing.includes(p.partition)),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Runs `fn` once for all callers; a failed run is forgotten so the next caller tries again. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= fn().catch((e) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
