// The herder: Kafka Connect's connector lifecycle (`AbstractHerder`/`DistributedHerder` semantics: create, update,
// patch, delete, pause, resume, stop, restart, status, offsets) over the connector store and a mapping runtime. It
// composes the pieces that each do one job: the crash-consistent lifecycle (lifecycle.ts), config validation
// (validator.ts), the views of a stored connector (views.ts) and the offsets rules (offsets.ts).
import type {
  ConfigCheck,
  ConfigInfos,
  ConfigKeyInfo,
  PluginInfo,
  PluginRegistry,
  SubmittedConfig,
} from '../connector/index.ts';
import { secretsHider } from '../connector/index.ts';
import { SINK_CONVERTER_DEFAULTS } from '../converters/index.ts';
import { NotFoundException } from '../errors/index.ts';
import { ConsumerGroupNotEmptyError, type OffsetsPort } from '../kafka/index.ts';
import { type Logger, SILENT_LOGGER } from '../logging/index.ts';
import type { MappingSettingsOptions } from '../mappings/index.ts';
import type { MappingRuntime, RestartRequest, RuntimeStatus } from '../mappings/types.ts';
import type { ConnectorStore, StoredConnector, TargetState } from '../store/index.ts';
import type { OffsetEntry } from './body.ts';
import { HERDER_TUNING, Messages, REQUEST_LIMITS } from './constants.ts';
import { ConnectRestError } from './errors.ts';
import { ConnectorLifecycle, type HerderTuning, type ReconcileReport } from './lifecycle.ts';
import { consumedTopics, offsetsByGroup, parseSinkOffsets, readConnectorOffsets } from './offsets.ts';
import { defaultPluginRegistry } from './plugins.ts';
import type { ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, TaskInfo, TaskState } from './types.ts';
import { ConnectorConfigValidator, withName } from './validator.ts';
import { connectorInfo, connectorStateInfo, intentOf, restartPlan, taskInfos } from './views.ts';

/**
 * The ports and settings of a herder.
 */
export interface HerderOptions {
  readonly store: ConnectorStore;
  readonly runtime: MappingRuntime;
  /** The consumer-group offsets; without it the offsets endpoints answer 500 saying so. */
  readonly offsets?: OffsetsPort;
  /** Default: {@link defaultPluginRegistry}. */
  readonly plugins?: PluginRegistry;
  /** How the `esm.*` keys are checked: the host's mapping defaults, and whether Lambda's limits apply. */
  readonly mapping?: MappingSettingsOptions;
  /** More checks of the deployment (e.g. the AEP host allowlist). */
  readonly checks?: readonly ConfigCheck[];
  /**
   * The converter classes a connector gets when its config names none: the worker's (local worker), else the
   * sink's (`SINK_CONVERTER_DEFAULTS`, the default). Validate shows them, as Connect shows its worker's.
   */
  readonly converterDefaults?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** Told of each connector created (`POST /connectors`, or `PUT /connectors/{c}/config` of a new name). */
  readonly metrics?: ConnectorMetrics;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
  readonly tuning?: Partial<HerderTuning>;
}

/**
 * Where a connector's metric series start. On AWS the sink publishes them only when it is invoked, so the façade
 * starts them at creation (`powertoolsConnectorSeries`); the local worker's registry has them already.
 */
export interface ConnectorMetrics {
  created(name: string): void;
}

/**
 * The outcome of `PUT /connectors/{c}/config` (Connect's `Herder.Created`).
 *
 * @example
 * const { created, info } = await herder.putConnectorConfig('orders', config); // created → 201, else 200
 */
export interface Created {
  readonly created: boolean;
  readonly info: ConnectorInfo;
}

/** Never a connector name (names may not contain control characters), so reading it only probes the store. */
const HEALTH_PROBE = '\u0000health';

/**
 * Kafka Connect's herder for sink connectors, over a {@link ConnectorStore}, a {@link MappingRuntime} and an
 * {@link OffsetsPort}. Methods throw `ConnectRestError`s with Connect's status codes and messages, or domain errors
 * (store, runtime, plugins) that `toRestError` maps.
 *
 * @example
 * const herder = new Herder({ store, runtime, offsets });
 * const { info } = await herder.putConnectorConfig('orders', config);
 * await herder.pauseConnector('orders');
 * setInterval(() => void herder.reconcileAll(), 60_000);
 */
export class Herder {
  readonly #store: ConnectorStore;
  readonly #runtime: MappingRuntime;
  readonly #offsets: OffsetsPort | undefined;
  readonly #tuning: HerderTuning;
  readonly #lifecycle: ConnectorLifecycle;
  readonly #validator: ConnectorConfigValidator;
  readonly #metrics: ConnectorMetrics | undefined;

  constructor(options: HerderOptions) {
    this.#store = options.store;
    this.#metrics = options.metrics;
    this.#runtime = options.runtime;
    this.#offsets = options.offsets;
    this.#tuning = { ...HERDER_TUNING, ...options.tuning };
    this.#validator = new ConnectorConfigValidator({
      plugins: options.plugins ?? defaultPluginRegistry(),
      mapping: options.mapping ?? {},
      checks: options.checks ?? [],
      maxNameBytes: this.#tuning.maxNameBytes,
      maxConfigBytes: REQUEST_LIMITS.maxConfigBytes,
      converterDefaults: options.converterDefaults ?? SINK_CONVERTER_DEFAULTS,
    });
    this.#lifecycle = new ConnectorLifecycle({
      store: options.store,
      runtime: options.runtime,
      logger: options.logger ?? SILENT_LOGGER,
      now: options.now ?? Date.now,
      tuning: this.#tuning,
      hider: (config) => secretsHider(config, this.#validator.typeOf),
    });
  }

  /** Names of the connectors (`GET /connectors`). */
  async connectors(): Promise<string[]> {
    return this.#lifecycle.names();
  }

  /** `GET /connectors/{c}`. */
  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return connectorInfo(await this.#lifecycle.require(name, Messages.connectorNotFound));
  }

  /** The config exactly as stored (`GET /connectors/{c}/config`). */
  async connectorConfig(name: string): Promise<Readonly<Record<string, string>>> {
    return (await this.#lifecycle.require(name, Messages.connectorNotFound)).config;
  }

  /**
   * `POST /connectors`: validates, then creates (409 if the name is taken). `config.name` must match `name` and is
   * added when absent.
   */
  async createConnector(
    name: string,
    config: SubmittedConfig,
    initialState?: TargetState,
  ): Promise<ConnectorInfo> {
    const { info } = await this.#put(name, config, { allowReplace: false, initialState });
    return info;
  }

  /** `PUT /connectors/{c}/config`: creates (created: true) or replaces the config, keeping the target state. */
  async putConnectorConfig(name: string, config: SubmittedConfig): Promise<Created> {
    return this.#put(name, config, { allowReplace: true });
  }

  /** Validates, then creates or replaces; a connector created starts its metric series. */
  async #put(
    name: string,
    config: SubmittedConfig,
    options: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<Created> {
    const checked = this.#validator.validated(withName(name, config));
    const { created, stored } = await this.#lifecycle.put(name, checked, options);
    if (created) this.#metrics?.created(name);
    return { created, info: connectorInfo(stored) };
  }

  /** `PATCH /connectors/{c}/config`: `null` removes a key, other values are set (`ConnectUtils.patchConfig`). */
  async patchConnectorConfig(name: string, patch: SubmittedConfig): Promise<ConnectorInfo> {
    const stored = await this.#lifecycle.change(name, Messages.connectorNotFound, (current) => {
      const patched: Record<string, string | null> = { ...current.config };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete patched[key];
        else patched[key] = value;
      }
      return { config: this.#validator.validated(withName(name, patched)) };
    });
    return connectorInfo(stored);
  }

  /** `DELETE /connectors/{c}`: marks it deleting (and STOPPED), removes its mappings, then the item. */
  async deleteConnector(name: string): Promise<void> {
    await this.#lifecycle.delete(name, Messages.connectorNotFound);
  }

  /** `GET /connectors/{c}/status`. */
  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.#status(await this.#lifecycle.require(name, Messages.noStatus));
  }

  /** `GET /connectors/{c}/tasks/{t}/status`. */
  async taskStatus(name: string, task: number): Promise<TaskState> {
    const stored = await this.#lifecycle.load(name, 'read');
    const state = stored ? (await this.#status(stored)).tasks.find((t) => t.id === task) : undefined;
    if (!state) throw ConnectRestError.notFound(Messages.noTaskStatus(name, task));
    return state;
  }

  /** `GET /connectors/{c}/tasks`: one task per mapping (per topic), each with the connector's config. */
  async taskConfigs(name: string): Promise<TaskInfo[]> {
    return taskInfos(await this.#lifecycle.require(name, Messages.connectorNotFound));
  }

  /**
   * `POST /connectors/{c}/restart`: with both flags false the connector alone restarts (returns undefined: 204);
   * otherwise returns the restart plan Connect shows with 202 (`AbstractHerder.buildRestartPlan`).
   */
  async restartConnector(
    name: string,
    request: Pick<RestartRequest, 'includeTasks' | 'onlyFailed'>,
  ): Promise<ConnectorStateInfo | undefined> {
    const stored = await this.#lifecycle.applied(name, Messages.unknownConnectorRestart);
    const intent = intentOf(stored);
    if (!request.includeTasks && !request.onlyFailed) {
      await this.#runtime.restart(intent, request);
      return undefined;
    }
    const { runtime, info } = await this.#observe(stored);
    const plan = restartPlan(info, request);
    await this.#runtime.restart(intent, request);
    const restarted = new Set(plan.tasks.filter((t) => t.state === 'RESTARTING').map((t) => t.id));
    await this.#forgetFailures(stored, runtime, (id) => restarted.has(id));
    return plan;
  }

  /** `POST /connectors/{c}/tasks/{t}/restart`. */
  async restartTask(name: string, task: number): Promise<void> {
    const stored = await this.#lifecycle.applied(name, Messages.unknownConnectorRestart);
    const { runtime, info } = await this.#observe(stored);
    if (!info.tasks.some((t) => t.id === task))
      throw ConnectRestError.notFound(Messages.unknownTask(name, task));
    try {
      await this.#runtime.restart(intentOf(stored), { includeTasks: false, onlyFailed: false, task });
    } catch (e) {
      if (e instanceof NotFoundException)
        throw ConnectRestError.notFound(Messages.unknownTask(name, task), { cause: e });
      throw e;
    }
    await this.#forgetFailures(stored, runtime, (id) => id === task);
  }

  /** `PUT /connectors/{c}/pause` (idempotent). */
  async pauseConnector(name: string): Promise<void> {
    await this.#lifecycle.target(name, 'PAUSED', Messages.unknownConnector);
  }

  /** `PUT /connectors/{c}/resume`, from PAUSED or STOPPED (idempotent). */
  async resumeConnector(name: string): Promise<void> {
    await this.#lifecycle.target(name, 'STARTED', Messages.unknownConnector);
  }

  /** `PUT /connectors/{c}/stop`: no mappings run; offsets may then be changed (idempotent). */
  async stopConnector(name: string): Promise<void> {
    await this.#lifecycle.target(name, 'STOPPED', Messages.unknownConnector);
  }

  /** `PUT /connectors/{c}/topics/reset`: no existence check either (202 for an unknown connector). */
  async resetActiveTopics(name: string): Promise<void> {
    const stored = await this.#lifecycle.load(name, 'read');
    if (stored) await this.#runtime.resetActiveTopics(intentOf(stored));
  }

  /** `GET /connectors/{c}/topics`: no existence check, like Connect (an unknown connector has no topics). */
  async activeTopics(name: string): Promise<string[]> {
    const stored = await this.#lifecycle.load(name, 'read');
    return stored ? this.#runtime.activeTopics(intentOf(stored)) : [];
  }

  /** `GET /connectors/{c}/offsets`: the consumer groups' committed offsets, in any target state. */
  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const stored = await this.#lifecycle.require(name, Messages.connectorNotFound);
    return readConnectorOffsets(this.#offsetsPort(), this.#runtime.consumerGroups(intentOf(stored)));
  }

  /**
   * `PATCH /connectors/{c}/offsets` (STOPPED only): the entries are checked against the connector's topics before
   * the broker is asked; each partition's offset goes to the group that consumes it.
   */
  async alterConnectorOffsets(name: string, entries: readonly OffsetEntry[]): Promise<string> {
    const stored = await this.#stopped(name);
    const groups = this.#runtime.consumerGroups(intentOf(stored));
    const byGroup = offsetsByGroup(name, groups, parseSinkOffsets(entries, consumedTopics(stored.config)));
    try {
      for (const [groupId, groupOffsets] of byGroup) await this.#offsetsPort().alter(groupId, groupOffsets);
    } catch (e) {
      throw offsetsFailure(e, name, 'alter');
    }
    return Messages.offsetsModified('altered');
  }

  /** `DELETE /connectors/{c}/offsets` (STOPPED only): the groups are deleted, so consumption restarts from the start position. */
  async resetConnectorOffsets(name: string): Promise<string> {
    const stored = await this.#stopped(name);
    try {
      for (const group of this.#runtime.consumerGroups(intentOf(stored)))
        await this.#offsetsPort().reset(group.groupId);
    } catch (e) {
      throw offsetsFailure(e, name, 'reset');
    }
    return Messages.offsetsModified('reset');
  }

  /** `PUT /connector-plugins/{p}/config/validate`: always the full `ConfigInfos`. */
  validateConnectorConfig(config: SubmittedConfig): ConfigInfos {
    return this.#validator.validate(config);
  }

  /** `GET /connector-plugins`. */
  plugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#validator.plugins(connectorsOnly);
  }

  /** `GET /connector-plugins/{p}/config`: the plugin's keys, then (for connectors) the framework keys it lacks. */
  connectorPluginConfig(plugin: string): ConfigKeyInfo[] {
    return this.#validator.pluginConfig(plugin);
  }

  /** Whether the store answers (`GET /health`); throws what it throws. */
  async healthCheck(): Promise<void> {
    await this.#store.get(HEALTH_PROBE);
  }

  /**
   * Applies every pending intent and finishes every begun deletion that has waited `olderThanMs` (default: the
   * tuning's `reconcileAfterMs`; 0 for all). Hosts call it periodically (the local worker on a timer, AWS on a
   * schedule). Never throws for one connector's failure; it reports it.
   */
  async reconcileAll(options: { olderThanMs?: number } = {}): Promise<ReconcileReport> {
    return this.#lifecycle.reconcileAll(options.olderThanMs ?? this.#tuning.reconcileAfterMs);
  }

  async #status(stored: StoredConnector): Promise<ConnectorStateInfo> {
    return (await this.#observe(stored)).info;
  }

  /** What the runtime reports, and what the API shows of it. */
  async #observe(stored: StoredConnector): Promise<{ runtime: RuntimeStatus; info: ConnectorStateInfo }> {
    const runtime = await this.#runtime.status(intentOf(stored));
    const info = connectorStateInfo(
      stored,
      runtime,
      secretsHider(stored.config, this.#validator.typeOf),
      this.#validator.connectorVersion(stored.config),
    );
    return { runtime, info };
  }

  /** A restarted task starts afresh, as in Connect: the failures the sink recorded for its topic are forgotten. */
  async #forgetFailures(
    stored: StoredConnector,
    runtime: RuntimeStatus,
    restarted: (task: number) => boolean,
  ): Promise<void> {
    if (!stored.failures) return;
    const topics = runtime.tasks.flatMap((t) => (restarted(t.id) && t.topic !== undefined ? [t.topic] : []));
    if (topics.length > 0) await this.#lifecycle.forgetFailures(stored.name, topics);
  }

  async #stopped(name: string): Promise<StoredConnector> {
    const stored = await this.#lifecycle.require(name, Messages.connectorNotFound);
    if (stored.targetState !== 'STOPPED' || stored.pending)
      throw ConnectRestError.badRequest(Messages.notStopped(name));
    return stored;
  }

  #offsetsPort(): OffsetsPort {
    if (this.#offsets) return this.#offsets;
    throw ConnectRestError.server(
      'Offsets are not available: this deployment has no Kafka offsets adapter configured',
      { retriable: false },
    );
  }
}

function offsetsFailure(e: unknown, name: string, verb: 'alter' | 'reset'): unknown {
  return e instanceof ConsumerGroupNotEmptyError
    ? ConnectRestError.server(Messages.groupNotEmpty(name, verb), { retriable: true, cause: e })
    : e;
}
