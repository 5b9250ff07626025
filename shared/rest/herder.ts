// The herder: Kafka Connect's connector lifecycle (`AbstractHerder`/`DistributedHerder` semantics: create, update,
// patch, delete, pause, resume, stop, restart, status, offsets) over the connector store and a mapping runtime.
// Crash consistency: every change writes its intent first (`pending: true`), then applies it to the runtime, then
// stores what the runtime reported (`pending: false`). Whatever a crash or a failure leaves pending is applied again
// by the next request that touches the connector, or by `reconcileAll()`.
import {
  type ConfigCheck,
  type ConfigInfos,
  type ConfigKeyInfo,
  configErrorsMessage,
  configKeyInfo,
  FrameworkKeys,
  type PluginInfo,
  type PluginRegistry,
  type SubmittedConfig,
  sinkConnectorConfigDef,
  UnknownPluginError,
  validateConnectorConfig,
} from '../connector/index.ts';
import { ConsumerGroupNotEmptyError, type OffsetsPort, type PartitionOffset } from '../kafka/index.ts';
import { type MappingSettingsOptions, UnknownTaskError, validateMappingConfig } from '../mappings/index.ts';
import type { ConnectorIntent, ConsumerGroupRef, MappingRuntime, RestartRequest } from '../mappings/types.ts';
import {
  type ConnectorChange,
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorStore,
  type StoredConnector,
  type TargetState,
} from '../store/index.ts';
import type { OffsetEntry } from './body.ts';
import { AEP_SINK_TASK_CLASS, HERDER_TUNING, Messages, SILENT_LOGGER } from './constants.ts';
import { BadRequestError, ConflictError, NotFoundError, ServerError } from './errors.ts';
import { connectorOffsets, parseSinkOffsets } from './offsets.ts';
import { defaultPluginRegistry } from './plugins.ts';
import type {
  ConnectLogger,
  ConnectorInfo,
  ConnectorOffsets,
  ConnectorStateInfo,
  TaskInfo,
  TaskState,
} from './types.ts';

/**
 * Retry and reconcile settings ({@link HERDER_TUNING} by default).
 *
 * @example
 * const tuning: HerderTuning = { ...HERDER_TUNING, reconcileAfterMs: 0 };
 */
export interface HerderTuning {
  readonly conflictAttempts: number;
  readonly reconcileAfterMs: number;
  readonly maxNameBytes: number;
}

/**
 * The ports and settings of a herder.
 *
 * @example
 * new Herder({ store, runtime, offsets, mapping: { lambda: true, defaults }, checks: [allowedEndpointsCheck(hosts)] });
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
  readonly logger?: ConnectLogger;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
  readonly tuning?: Partial<HerderTuning>;
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

/**
 * What `reconcileAll` did.
 *
 * @example
 * { reconciled: ['orders'], failed: [{ name: 'payments', reason: 'Event source mappings of connector payments: …' }] }
 */
export interface ReconcileReport {
  /** Connectors whose pending intent was applied or whose deletion finished. */
  readonly reconciled: readonly string[];
  /** Connectors still pending, each with the reason. */
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
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
  readonly #plugins: PluginRegistry;
  readonly #checks: readonly ConfigCheck[];
  readonly #logger: ConnectLogger;
  readonly #now: () => number;
  readonly #tuning: HerderTuning;

  constructor(options: HerderOptions) {
    this.#store = options.store;
    this.#runtime = options.runtime;
    this.#offsets = options.offsets;
    this.#plugins = options.plugins ?? defaultPluginRegistry();
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#now = options.now ?? Date.now;
    this.#tuning = { ...HERDER_TUNING, ...options.tuning };
    const mapping = options.mapping ?? {};
    this.#checks = [
      (config) => validateMappingConfig(config, mapping),
      ...(options.checks ?? []),
      (config) => this.#nameFits(config),
    ];
  }

  /** Names of the connectors (`GET /connectors`). */
  async connectors(): Promise<string[]> {
    return (await this.#store.list()).filter((c) => !c.deleting).map((c) => c.name);
  }

  /** `GET /connectors/{c}`. */
  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return infoOf(await this.#require(name, Messages.connectorNotFound));
  }

  /** The config exactly as stored (`GET /connectors/{c}/config`). */
  async connectorConfig(name: string): Promise<Readonly<Record<string, string>>> {
    return (await this.#require(name, Messages.connectorNotFound)).config;
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
    return (await this.#put(name, withName(name, config), { allowReplace: false, initialState })).info;
  }

  /** `PUT /connectors/{c}/config`: creates (created: true) or replaces the config, keeping the target state. */
  async putConnectorConfig(name: string, config: SubmittedConfig): Promise<Created> {
    return this.#put(name, withName(name, config), { allowReplace: true });
  }

  /** `PATCH /connectors/{c}/config`: `null` removes a key, other values are set (`ConnectUtils.patchConfig`). */
  async patchConnectorConfig(name: string, patch: SubmittedConfig): Promise<ConnectorInfo> {
    const stored = await this.#change(name, Messages.connectorNotFound, (current) => {
      const patched: Record<string, string | null> = { ...current.config };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete patched[key];
        else patched[key] = value;
      }
      return { config: this.#validated(withName(name, patched)) };
    });
    return infoOf(stored);
  }

  /** `DELETE /connectors/{c}`: marks it deleting (and STOPPED), removes its mappings, then the item. */
  async deleteConnector(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.#store.get(name);
      if (!current) throw new NotFoundError(Messages.connectorNotFound(name));
      try {
        const marked = current.deleting
          ? current
          : await this.#store.update(name, current.version, {
              deleting: true,
              targetState: 'STOPPED',
              pending: true,
            });
        await this.#finishDelete(marked);
        return;
      } catch (e) {
        this.#retryOrThrow(e, attempt, name);
      }
    }
  }

  /** `GET /connectors/{c}/status`. */
  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.#status(await this.#require(name, Messages.noStatus));
  }

  /** `GET /connectors/{c}/tasks/{t}/status`. */
  async taskStatus(name: string, task: number): Promise<TaskState> {
    const stored = await this.#load(name, 'read');
    const state = stored ? (await this.#status(stored)).tasks.find((t) => t.id === task) : undefined;
    if (!state) throw new NotFoundError(Messages.noTaskStatus(name, task));
    return state;
  }

  /** `GET /connectors/{c}/tasks`: one task per mapping (per topic), each with the connector's config. */
  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const stored = await this.#require(name, Messages.connectorNotFound);
    return infoOf(stored).tasks.map((id, i) => ({
      id,
      config: {
        ...stored.config,
        'task.class': AEP_SINK_TASK_CLASS,
        [FrameworkKeys.TOPICS]: stored.mappings[i]?.topic ?? '',
      },
    }));
  }

  /**
   * `POST /connectors/{c}/restart`: with both flags false the connector alone restarts (returns undefined: 204);
   * otherwise returns the restart plan Connect shows with 202 (`AbstractHerder.buildRestartPlan`).
   */
  async restartConnector(
    name: string,
    request: Pick<RestartRequest, 'includeTasks' | 'onlyFailed'>,
  ): Promise<ConnectorStateInfo | undefined> {
    const stored = await this.#applied(name);
    const intent = intentOf(stored);
    if (!request.includeTasks && !request.onlyFailed) {
      await this.#runtime.restart(intent, request);
      return undefined;
    }
    const status = await this.#status(stored);
    const restarting = (state: string) => !request.onlyFailed || state === 'FAILED';
    const plan: ConnectorStateInfo = {
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
    await this.#runtime.restart(intent, request);
    return plan;
  }

  /** `POST /connectors/{c}/tasks/{t}/restart`. */
  async restartTask(name: string, task: number): Promise<void> {
    const stored = await this.#applied(name);
    const { tasks } = await this.#status(stored);
    if (!tasks.some((t) => t.id === task)) throw new NotFoundError(Messages.unknownTask(name, task));
    try {
      await this.#runtime.restart(intentOf(stored), { includeTasks: false, onlyFailed: false, task });
    } catch (e) {
      if (e instanceof UnknownTaskError)
        throw new NotFoundError(Messages.unknownTask(name, task), { cause: e });
      throw e;
    }
  }

  /** `PUT /connectors/{c}/pause` (idempotent). */
  async pauseConnector(name: string): Promise<void> {
    await this.#target(name, 'PAUSED');
  }

  /** `PUT /connectors/{c}/resume`, from PAUSED or STOPPED (idempotent). */
  async resumeConnector(name: string): Promise<void> {
    await this.#target(name, 'STARTED');
  }

  /** `PUT /connectors/{c}/stop`: no mappings run; offsets may then be changed (idempotent). */
  async stopConnector(name: string): Promise<void> {
    await this.#target(name, 'STOPPED');
  }

  /** `GET /connectors/{c}/topics`: no existence check, like Connect (an unknown connector has no topics). */
  async activeTopics(name: string): Promise<string[]> {
    const stored = await this.#load(name, 'read');
    return stored ? this.#runtime.activeTopics(intentOf(stored)) : [];
  }

  /** `GET /connectors/{c}/offsets`: the consumer groups' committed offsets, in any target state. */
  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const stored = await this.#require(name, Messages.connectorNotFound);
    const offsets: PartitionOffset[] = [];
    for (const group of this.#runtime.consumerGroups(intentOf(stored))) {
      const held = await this.#offsetsPort().get(group.groupId);
      offsets.push(...(group.topic === undefined ? held : held.filter((o) => o.topic === group.topic)));
    }
    return connectorOffsets(offsets);
  }

  /** `PATCH /connectors/{c}/offsets` (STOPPED only): each partition's offset goes to the group that consumes it. */
  async alterConnectorOffsets(name: string, entries: readonly OffsetEntry[]): Promise<string> {
    const groups = await this.#stoppedGroups(name);
    const offsets = parseSinkOffsets(entries);
    const byGroup = new Map<string, PartitionOffset[]>();
    for (const offset of offsets) {
      const group = groups.find((g) => g.topic === undefined || g.topic === offset.topic);
      if (!group) {
        throw new BadRequestError(
          `Topic ${offset.topic} is not consumed by connector ${name}, so it has no consumer group whose offsets could be altered`,
        );
      }
      byGroup.set(group.groupId, [...(byGroup.get(group.groupId) ?? []), offset]);
    }
    try {
      for (const [groupId, groupOffsets] of byGroup) await this.#offsetsPort().alter(groupId, groupOffsets);
    } catch (e) {
      throw offsetsFailure(e, name, 'alter');
    }
    return Messages.offsetsModified('altered');
  }

  /** `DELETE /connectors/{c}/offsets` (STOPPED only): the groups are deleted, so consumption restarts from the start position. */
  async resetConnectorOffsets(name: string): Promise<string> {
    const groups = await this.#stoppedGroups(name);
    try {
      for (const group of groups) await this.#offsetsPort().reset(group.groupId);
    } catch (e) {
      throw offsetsFailure(e, name, 'reset');
    }
    return Messages.offsetsModified('reset');
  }

  /** `PUT /connector-plugins/{p}/config/validate`: always the full `ConfigInfos`. */
  validateConnectorConfig(config: SubmittedConfig): ConfigInfos {
    return validateConnectorConfig(config, { registry: this.#plugins, checks: this.#checks });
  }

  /** `GET /connector-plugins`. */
  plugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#plugins.infos(connectorsOnly);
  }

  /** `GET /connector-plugins/{p}/config`: the plugin's keys, then (for connectors) the framework keys it lacks. */
  connectorPluginConfig(plugin: string): ConfigKeyInfo[] {
    const found = this.#plugins.find(plugin);
    if (!found) throw new UnknownPluginError(plugin);
    const keys = new Map(
      found
        .configDef()
        .keys()
        .map((k) => [k.name, k]),
    );
    if (found.type === 'sink')
      for (const k of sinkConnectorConfigDef().keys()) if (!keys.has(k.name)) keys.set(k.name, k);
    return [...keys.values()].map((k) => configKeyInfo(k));
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
    const olderThan = options.olderThanMs ?? this.#tuning.reconcileAfterMs;
    const reconciled: string[] = [];
    const failed: { name: string; reason: string }[] = [];
    for (const stored of await this.#store.list()) {
      if (!(stored.pending || stored.deleting) || !this.#waited(stored, olderThan)) continue;
      try {
        if (stored.deleting) await this.#finishDelete(stored);
        else {
          const after = await this.#apply(stored);
          if (after?.pending) throw new Error(after.applyError ?? 'still pending');
        }
        reconciled.push(stored.name);
      } catch (e) {
        failed.push({ name: stored.name, reason: reasonOf(e) });
      }
    }
    if (reconciled.length + failed.length > 0)
      this.#logger.info('Reconciled connectors', { reconciled, failed });
    return { reconciled, failed };
  }

  // ---- state transitions ----

  async #put(
    name: string,
    config: SubmittedConfig,
    options: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<Created> {
    const checked = this.#validated(config);
    for (let attempt = 1; ; attempt++) {
      const current = await this.#load(name, 'write');
      try {
        if (!current) {
          const created = await this.#store.create({
            name,
            config: checked,
            targetState: options.initialState ?? 'STARTED',
          });
          return { created: true, info: infoOf((await this.#apply(created)) ?? created) };
        }
        if (!options.allowReplace) throw new ConnectorExistsError(name);
        const written = await this.#store.update(name, current.version, { config: checked, pending: true });
        return { created: false, info: infoOf((await this.#apply(written)) ?? written) };
      } catch (e) {
        if (e instanceof ConnectorExistsError && !options.allowReplace) {
          throw new ConflictError(e.message, { retriable: false, cause: e });
        }
        this.#retryOrThrow(e, attempt, name);
      }
    }
  }

  async #target(name: string, targetState: TargetState): Promise<void> {
    await this.#change(name, Messages.unknownConnector, (current) =>
      current.targetState === targetState && !current.pending ? undefined : { targetState },
    );
  }

  /** Re-reads, decides the change and writes it conditionally, retrying when a concurrent write wins; then applies. */
  async #change(
    name: string,
    missing: (name: string) => string,
    decide: (current: StoredConnector) => ConnectorChange | undefined,
  ): Promise<StoredConnector> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.#load(name, 'write');
      if (!current) throw new NotFoundError(missing(name));
      const change = decide(current);
      if (!change) return current;
      let written: StoredConnector;
      try {
        written = await this.#store.update(name, current.version, { ...change, pending: true });
      } catch (e) {
        this.#retryOrThrow(e, attempt, name);
        continue;
      }
      return (await this.#apply(written)) ?? written;
    }
  }

  /** A lost race is retried (re-read) while attempts remain, then becomes Connect's 409; anything else is rethrown. */
  #retryOrThrow(e: unknown, attempt: number, name: string): void {
    const lost =
      e instanceof ConnectorConflictError ||
      e instanceof ConnectorNotFoundError ||
      e instanceof ConnectorExistsError;
    if (!lost) throw e;
    if (attempt >= this.#tuning.conflictAttempts) {
      throw new ConflictError(new ConnectorConflictError(name).message, { retriable: true, cause: e });
    }
  }

  /**
   * Applies a stored intent and records the outcome; a failed apply stays pending with its reason. An apply that
   * finishes after a newer intent was written (and maybe applied) can have undone it in the runtime, so the newest
   * intent is applied again; after a delete, what the late apply made is removed. The last apply to finish thus
   * leaves the runtime matching the stored intent.
   */
  async #apply(stored: StoredConnector): Promise<StoredConnector | undefined> {
    let target = stored;
    for (let round = 1; ; round++) {
      let change: ConnectorChange;
      try {
        change = {
          mappings: await this.#runtime.apply(intentOf(target)),
          pending: false,
          applyError: undefined,
        };
      } catch (e) {
        const reason = reasonOf(e);
        this.#logger.warn(
          `Connector ${target.name}: applying ${target.targetState} failed; it stays pending`,
          {
            connector: target.name,
            reason,
            retriable: (e as { retriable?: unknown }).retriable,
          },
        );
        change = { applyError: reason };
      }
      try {
        return await this.#store.update(target.name, target.version, change);
      } catch (e) {
        if (!(e instanceof ConnectorConflictError || e instanceof ConnectorNotFoundError)) throw e;
      }
      const now = await this.#store.get(target.name);
      if (!now || now.deleting) {
        // Deleted meanwhile: the delete may have emptied the runtime before this apply filled it again.
        await this.#runtime.remove(intentOf(now ?? target)).catch((e) =>
          this.#logger.warn(`Connector ${target.name}: removing mappings after a concurrent delete failed`, {
            connector: target.name,
            reason: reasonOf(e),
          }),
        );
        return undefined;
      }
      if (sameIntent(now, target) || round >= this.#tuning.conflictAttempts) return now;
      target = now;
    }
  }

  /** Removes the mappings and then the item; a failed removal is recorded and rethrown (the item stays deleting). */
  async #finishDelete(stored: StoredConnector): Promise<void> {
    try {
      await this.#runtime.remove(intentOf(stored));
    } catch (e) {
      await this.#writeIfCurrent(stored, { applyError: reasonOf(e) });
      throw e;
    }
    let version = stored.version;
    for (let attempt = 1; attempt <= this.#tuning.conflictAttempts; attempt++) {
      try {
        await this.#store.delete(stored.name, version);
        return;
      } catch (e) {
        if (!(e instanceof ConnectorConflictError)) throw e;
        const again = await this.#store.get(stored.name);
        if (!again?.deleting) return;
        version = again.version;
      }
    }
    throw new ConflictError(new ConnectorConflictError(stored.name).message, { retriable: true });
  }

  /** Writes a change if nobody wrote since `stored`; otherwise returns what is there now (a newer intent wins). */
  async #writeIfCurrent(
    stored: StoredConnector,
    change: ConnectorChange,
  ): Promise<StoredConnector | undefined> {
    try {
      return await this.#store.update(stored.name, stored.version, change);
    } catch (e) {
      if (e instanceof ConnectorConflictError || e instanceof ConnectorNotFoundError) {
        return this.#store.get(stored.name);
      }
      throw e;
    }
  }

  // ---- reads ----

  /**
   * Reads a connector for a request. Reads reconcile a connector left pending or deleting for `reconcileAfterMs`;
   * writes first finish a begun deletion (the name is then free). Deleting connectors are never returned.
   */
  async #load(name: string, purpose: 'read' | 'write'): Promise<StoredConnector | undefined> {
    const stored = await this.#store.get(name);
    if (!stored) return undefined;
    if (stored.deleting) {
      if (purpose === 'write') await this.#finishDelete(stored);
      else if (this.#waited(stored, this.#tuning.reconcileAfterMs)) {
        await this.#finishDelete(stored).catch((e) =>
          this.#logger.warn(`Deleting ${name} failed`, { reason: reasonOf(e) }),
        );
      }
      return undefined;
    }
    if (purpose === 'read' && stored.pending && this.#waited(stored, this.#tuning.reconcileAfterMs)) {
      return this.#apply(stored);
    }
    return stored;
  }

  async #require(name: string, missing: (name: string) => string): Promise<StoredConnector> {
    const stored = await this.#load(name, 'read');
    if (!stored) throw new NotFoundError(missing(name));
    return stored;
  }

  /** For restarts: the connector with its pending intent applied first (restarting a failed apply retries it). */
  async #applied(name: string): Promise<StoredConnector> {
    const stored = await this.#load(name, 'write');
    if (!stored) throw new NotFoundError(Messages.unknownConnectorRestart(name));
    return stored.pending ? ((await this.#apply(stored)) ?? stored) : stored;
  }

  async #status(stored: StoredConnector): Promise<ConnectorStateInfo> {
    const status = await this.#runtime.status(intentOf(stored));
    const workerId = status.workerId;
    const failed = stored.pending && stored.applyError !== undefined;
    const connector = failed ? { state: 'FAILED' as const, trace: stored.applyError } : status.connector;
    return {
      name: stored.name,
      connector: {
        state: connector.state,
        worker_id: workerId,
        ...(connector.trace && { trace: connector.trace }),
      },
      tasks: [...status.tasks]
        .sort((a, b) => a.id - b.id)
        .map((t) => ({ id: t.id, state: t.state, worker_id: workerId, ...(t.trace && { trace: t.trace }) })),
      type: 'sink',
    };
  }

  async #stoppedGroups(name: string): Promise<ConsumerGroupRef[]> {
    const stored = await this.#require(name, Messages.connectorNotFound);
    if (stored.targetState !== 'STOPPED' || stored.pending)
      throw new BadRequestError(Messages.notStopped(name));
    return this.#runtime.consumerGroups(intentOf(stored));
  }

  #offsetsPort(): OffsetsPort {
    if (this.#offsets) return this.#offsets;
    throw new ServerError(
      'Offsets are not available: this deployment has no Kafka offsets adapter configured',
      {
        retriable: false,
      },
    );
  }

  #validated(config: SubmittedConfig): Record<string, string> {
    const message = configErrorsMessage(this.validateConnectorConfig(config));
    if (message) throw new BadRequestError(message);
    return config as Record<string, string>;
  }

  #nameFits(config: Readonly<Record<string, string>>) {
    const bytes = Buffer.byteLength(config[FrameworkKeys.NAME] ?? '', 'utf8');
    if (bytes <= this.#tuning.maxNameBytes) return [];
    return [
      {
        key: FrameworkKeys.NAME,
        message: `Invalid value (a name of ${bytes} bytes) for configuration name: a connector name can have at most ${this.#tuning.maxNameBytes} bytes of UTF-8`,
      },
    ];
  }

  #waited(stored: StoredConnector, ms: number): boolean {
    return this.#now() - Date.parse(stored.updatedAt) >= ms;
  }
}

/** `checkAndPutConnectorConfigName`: the config's `name` must equal the URL's, and is added when absent. */
function withName(name: string, config: SubmittedConfig): SubmittedConfig {
  const included = config[FrameworkKeys.NAME];
  if (included === undefined || included === null) return { ...config, [FrameworkKeys.NAME]: name };
  if (included !== name) throw new BadRequestError(Messages.nameMismatch(included, name));
  return config;
}

/** Whether two stored versions ask the runtime for the same thing (same config and target state). */
function sameIntent(a: StoredConnector, b: StoredConnector): boolean {
  return a.targetState === b.targetState && JSON.stringify(a.config) === JSON.stringify(b.config);
}

function intentOf(stored: StoredConnector): ConnectorIntent {
  return {
    name: stored.name,
    config: stored.config,
    targetState: stored.targetState,
    mappings: stored.mappings,
  };
}

/** `ConnectorInfo`: a STOPPED connector has no tasks; otherwise one per mapping the runtime reported. */
function infoOf(stored: StoredConnector): ConnectorInfo {
  const tasks =
    stored.targetState === 'STOPPED'
      ? []
      : stored.mappings.map((_, task) => ({ connector: stored.name, task }));
  return { name: stored.name, config: stored.config, tasks, type: 'sink' };
}

function offsetsFailure(e: unknown, name: string, verb: 'alter' | 'reset'): unknown {
  return e instanceof ConsumerGroupNotEmptyError
    ? new ServerError(Messages.groupNotEmpty(name, verb), { retriable: true, cause: e })
    : e;
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
