// The AWS adapter of MappingRuntime: a connector is one Lambda event source mapping per topic, each invoking the
// connector's alias of the sink function (Lambda API reference: Create/Update/Delete/Get/ListEventSourceMappings,
// CreateAlias/GetAlias/UpdateAlias/DeleteAlias).
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  DeleteAliasCommand,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetAliasCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  type ListEventSourceMappingsCommandOutput,
  UpdateAliasCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { ConfigErrors } from '../../config/index.ts';
import { FrameworkKeys } from '../../connector/index.ts';
import { NotFoundException } from '../../errors/index.ts';
import { connectorAliasName, unqualifiedFunctionArn } from '../../identity/index.ts';
import type { OffsetsPort } from '../../kafka/index.ts';
import type { MappingRef } from '../../store/types.ts';
import { MappingRuntimeError } from '../errors.ts';
import {
  esmConsumerGroupId,
  type MappingSettings,
  resolveMappingSettings,
  uniqueTopics,
} from '../settings.ts';
import type {
  ConnectorIntent,
  ConsumerGroupRef,
  MappingRuntime,
  RestartRequest,
  RuntimeStatus,
} from '../types.ts';
import { isError, LambdaCalls } from './calls.ts';
import { DEFAULT_FUNCTION_VERSION, LAMBDA_TUNING, type LambdaTuning, SETTLED_STATES } from './constants.ts';
import { createRequest, recreateReason, updateRequest } from './requests.ts';
import { mappingStatus } from './status.ts';

/** ListEventSourceMappings returns at most 100 per page; 50 pages bound the listing of one alias. */
const MAX_LIST_PAGES = 50;

/**
 * Where the sink function is and how the adapter behaves.
 */
export interface LambdaMappingRuntimeOptions {
  readonly client: LambdaClient;
  /** The sink function's ARN (a qualifier, if any, is dropped). */
  readonly functionArn: string;
  /** What connector aliases point to; default `$LATEST`. */
  readonly functionVersion?: string;
  /** Deployment defaults of `esm.*` keys (`MAPPING_DEFAULTS`, see {@link mappingDefaultsFromEnv}). */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly tuning?: LambdaTuning;
  /** How to wait between retries and polls; tests pass one that records and returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The cluster's consumer-group offsets. With them, a topic whose ESM group changes because the connector went
   * from one topic to several (`connect-<name>` → `connect-<name>:<topic>`) or back keeps its position: its
   * committed offsets are copied to the new group before the ESM is recreated. Without them the new group starts
   * at the starting position.
   */
  readonly offsets?: OffsetsPort;
}

/**
 * {@link MappingRuntime} on AWS Lambda. `apply` converges idempotently: it finds the connector's ESMs by listing the
 * alias (and checking the stored ids), creates what is missing, updates what changed, recreates an ESM whose
 * create-only fields changed (same consumer group, so offsets continue), and deletes extras. STARTED → enabled ESMs,
 * PAUSED → disabled ESMs, STOPPED → no ESMs (the consumer group and its offsets stay).
 *
 * @example
 * const runtime = new LambdaMappingRuntime({
 *   client: new LambdaClient({}),
 *   functionArn: process.env.SINK_FUNCTION_ARN,
 *   defaults: mappingDefaultsFromEnv(process.env.MAPPING_DEFAULTS),
 * });
 * const mappings = await runtime.apply({ name: 'orders', config, targetState: 'STARTED', mappings: [] });
 */
export class LambdaMappingRuntime implements MappingRuntime {
  readonly #client: LambdaClient;
  readonly #functionArn: string;
  readonly #functionVersion: string;
  readonly #defaults: Readonly<Record<string, string>>;
  readonly #tuning: LambdaTuning;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #offsets: OffsetsPort | undefined;

  constructor(options: LambdaMappingRuntimeOptions) {
    this.#client = options.client;
    this.#functionArn = unqualifiedFunctionArn(options.functionArn);
    this.#functionVersion = options.functionVersion ?? DEFAULT_FUNCTION_VERSION;
    this.#defaults = options.defaults ?? {};
    this.#tuning = options.tuning ?? LAMBDA_TUNING;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#offsets = options.offsets;
  }

  async apply(intent: ConnectorIntent): Promise<MappingRef[]> {
    const calls = this.#calls(intent);
    if (intent.targetState === 'STOPPED') {
      // Stopping needs no valid config: it only removes what runs.
      await this.#deleteAll(calls, await this.#discover(calls, intent, this.#aliasArn(intent.name)));
      return [];
    }
    const settings = this.#settings(intent);
    const aliasArn = await this.#ensureAlias(calls, intent.name);
    const existing = await this.#discover(calls, intent, aliasArn);
    const enabled = intent.targetState === 'STARTED';
    for (const esm of existing) {
      if (!settings.topics.includes(topicOf(esm))) await this.#delete(calls, esm);
    }
    const refs: MappingRef[] = [];
    for (const topic of settings.topics) {
      const esm = await this.#converge(calls, settings, aliasArn, enabled, topic, existing);
      refs.push({ id: esm.UUID ?? '', topic });
    }
    return refs;
  }

  async remove(intent: ConnectorIntent): Promise<void> {
    const calls = this.#calls(intent);
    await this.#deleteAll(calls, await this.#discover(calls, intent, this.#aliasArn(intent.name)));
    try {
      await calls.send(
        new DeleteAliasCommand({ FunctionName: this.#functionArn, Name: connectorAliasName(intent.name) }),
      );
    } catch (e) {
      if (!isError((e as Error).cause, 'ResourceNotFoundException')) throw e;
    }
  }

  async status(intent: ConnectorIntent): Promise<RuntimeStatus> {
    let configError: string | undefined;
    try {
      this.#settings(intent);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      configError = e.message;
    }
    const calls = this.#calls(intent);
    const esms = await this.#discover(calls, intent, this.#aliasArn(intent.name));
    const topics = uniqueTopics(intent.config);
    const region = this.#functionArn.split(':')[3];
    const fn = this.#functionArn.split(':')[6];
    return {
      ...mappingStatus(intent.targetState, topics, esms, configError),
      workerId: `${region}/${fn}:${connectorAliasName(intent.name)}`,
    };
  }

  /**
   * Connect's restart on ESMs. The connector is restarted when `!onlyFailed` or its config is FAILED: that is a
   * full `apply` (missing ESMs recreated, drift undone). A task is restarted when it is the named `task`, or when
   * `includeTasks && (!onlyFailed || FAILED)`: with target STARTED, an Enabled ESM is disabled and enabled again (its
   * pollers reconnect) and a disabled one (e.g. by Lambda after ESM_CONFIG_NOT_VALID) is enabled. With target PAUSED
   * tasks stay disabled, as Connect restarts them paused; with STOPPED nothing runs, so nothing restarts.
   */
  async restart(intent: ConnectorIntent, request: RestartRequest): Promise<void> {
    if (intent.targetState === 'STOPPED') return;
    const before = await this.status(intent);
    if (request.task !== undefined && !before.tasks.some((t) => t.id === request.task)) {
      throw new NotFoundException(`Task ${intent.name}-${request.task} does not exist`);
    }
    if (!request.onlyFailed || before.connector.state === 'FAILED') await this.apply(intent);
    const selected = before.tasks.filter((t) =>
      request.task !== undefined
        ? t.id === request.task
        : request.includeTasks && (!request.onlyFailed || t.state === 'FAILED'),
    );
    if (selected.length === 0 || intent.targetState !== 'STARTED') return;
    const calls = this.#calls(intent);
    const esms = await this.#discover(calls, intent, this.#aliasArn(intent.name));
    const topics = this.#settings(intent).topics;
    for (const task of selected) {
      const esm = esms.find((e) => topicOf(e) === topics[task.id]);
      if (esm?.UUID) await this.#cycle(calls, esm.UUID);
    }
  }

  async activeTopics(intent: ConnectorIntent): Promise<string[]> {
    const esms = await this.#discover(this.#calls(intent), intent, this.#aliasArn(intent.name));
    return [...new Set(esms.filter((e) => e.State !== 'Deleting').map(topicOf))].sort();
  }

  // The topics are the mappings' own: there is no consumption record to forget.
  async resetActiveTopics(): Promise<void> {}

  consumerGroups(intent: ConnectorIntent): ConsumerGroupRef[] {
    const settings = this.#settings(intent);
    if (settings.topics.length <= 1) return [{ groupId: settings.consumerGroupId }];
    return settings.topics.map((topic) => ({ groupId: esmConsumerGroupId(settings, topic), topic }));
  }

  #settings(intent: ConnectorIntent): MappingSettings {
    return resolveMappingSettings(
      { ...intent.config, [FrameworkKeys.NAME]: intent.name },
      { defaults: this.#defaults, lambda: true },
    );
  }

  #calls(intent: ConnectorIntent): LambdaCalls {
    return new LambdaCalls(this.#client, intent.name, this.#tuning, this.#sleep);
  }

  #aliasArn(connector: string): string {
    return `${this.#functionArn}:${connectorAliasName(connector)}`;
  }

  /** Creates the connector's alias, or points it at the configured version; idempotent. */
  async #ensureAlias(calls: LambdaCalls, connector: string): Promise<string> {
    const alias = { FunctionName: this.#functionArn, Name: connectorAliasName(connector) };
    const target = { ...alias, FunctionVersion: this.#functionVersion };
    try {
      const current = await calls.send(new GetAliasCommand(alias));
      if (current.FunctionVersion !== this.#functionVersion) await calls.send(new UpdateAliasCommand(target));
    } catch (e) {
      if (!isError((e as Error).cause, 'ResourceNotFoundException')) throw e;
      const description = `Kafka Connect connector ${connector}`.slice(0, 256);
      try {
        await calls.send(new CreateAliasCommand({ ...target, Description: description }), {
          conflictIsFinal: true,
        });
      } catch (c) {
        // Created meanwhile by a concurrent apply: the alias exists, which is all we need.
        if (!isError((c as Error).cause, 'ResourceConflictException')) throw c;
      }
    }
    return this.#aliasArn(connector);
  }

  /** The connector's ESMs: every page of ListEventSourceMappings for the alias, plus stored ids the list misses. */
  async #discover(
    calls: LambdaCalls,
    intent: ConnectorIntent,
    aliasArn: string,
  ): Promise<EventSourceMappingConfiguration[]> {
    const found = new Map<string, EventSourceMappingConfiguration>();
    let marker: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      let list: ListEventSourceMappingsCommandOutput;
      try {
        list = await calls.send(
          new ListEventSourceMappingsCommand({ FunctionName: aliasArn, Marker: marker }),
        );
      } catch (e) {
        // The alias is created with the first ESM: a connector that never ran (e.g. created STOPPED) has none, and
        // Lambda may answer that the function (alias) does not exist. Then it has no mappings either.
        if (isError((e as Error).cause, 'ResourceNotFoundException')) break;
        throw e;
      }
      for (const esm of list.EventSourceMappings ?? []) {
        if (esm.UUID && esm.FunctionArn === aliasArn) found.set(esm.UUID, esm);
      }
      marker = list.NextMarker;
      if (!marker) break;
    }
    for (const ref of intent.mappings) {
      if (found.has(ref.id)) continue;
      const esm = await calls.get(ref.id);
      if (esm?.UUID && esm.FunctionArn === aliasArn) found.set(esm.UUID, esm);
    }
    return [...found.values()];
  }

  /** Makes the ESM of one topic match: keeps one (deleting duplicates), recreates, updates or creates it. */
  async #converge(
    calls: LambdaCalls,
    settings: MappingSettings,
    aliasArn: string,
    enabled: boolean,
    topic: string,
    existing: readonly EventSourceMappingConfiguration[],
  ): Promise<EventSourceMappingConfiguration> {
    const mine = existing.filter((e) => topicOf(e) === topic);
    const [keep, ...duplicates] = mine.filter((e) => e.State !== 'Deleting');
    for (const esm of duplicates) await this.#delete(calls, esm);
    let current = keep;
    if (keep?.UUID && !SETTLED_STATES.includes(keep.State ?? '')) current = await calls.settled(keep.UUID);
    if (current && recreateReason(settings, current) !== undefined) {
      // Before the delete, so a failure leaves the old ESM running and the next apply tries again.
      await this.#carryOffsets(settings, topic, current);
      await this.#delete(calls, current);
      current = undefined;
    }
    if (current?.UUID) {
      const update = updateRequest(settings, current, enabled);
      return update
        ? calls.send(new UpdateEventSourceMappingCommand(update), { uuid: current.UUID })
        : current;
    }
    // The same consumer group must not be consumed by the old and the new ESM at once.
    for (const esm of mine) if (esm.UUID) await calls.gone(esm.UUID);
    return calls.send(new CreateEventSourceMappingCommand(createRequest(settings, topic, aliasArn, enabled)));
  }

  /**
   * When the ESM of `topic` moves between the connector's own groups (`<group>` ↔ `<group>:<topic>`, as the number
   * of topics changes), copies the topic's committed offsets to the new group, so the new ESM resumes there
   * (Lambda ignores StartingPosition for a group with offsets) instead of re-reading or skipping the topic. The
   * old group may still be consuming: the copy can only be behind, which redelivers a little (at least once).
   */
  async #carryOffsets(
    settings: MappingSettings,
    topic: string,
    esm: EventSourceMappingConfiguration,
  ): Promise<void> {
    const from =
      esm.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId ??
      esm.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId;
    const to = esmConsumerGroupId(settings, topic);
    const own = [settings.consumerGroupId, `${settings.consumerGroupId}:${topic}`];
    if (!this.#offsets || from === undefined || from === to || !own.includes(from)) return;
    try {
      const held = (await this.#offsets.get(from)).filter((o) => o.topic === topic);
      if (held.length > 0) await this.#offsets.alter(to, held);
    } catch (e) {
      throw new MappingRuntimeError(
        settings.connector,
        `copying the committed offsets of topic ${topic} from consumer group ${from} to ${to} failed: ${(e as Error).message}`,
        { retriable: true, cause: e },
      );
    }
  }

  async #delete(calls: LambdaCalls, esm: EventSourceMappingConfiguration): Promise<void> {
    if (!esm.UUID || esm.State === 'Deleting') return;
    try {
      await calls.send(new DeleteEventSourceMappingCommand({ UUID: esm.UUID }), { uuid: esm.UUID });
    } catch (e) {
      if (!isError((e as Error).cause, 'ResourceNotFoundException')) throw e;
    }
  }

  /** Deletes every ESM and waits until they are gone, so the consumer group has no members left. */
  async #deleteAll(calls: LambdaCalls, esms: readonly EventSourceMappingConfiguration[]): Promise<void> {
    for (const esm of esms) await this.#delete(calls, esm);
    for (const esm of esms) if (esm.UUID) await calls.gone(esm.UUID);
  }

  /** Restarts one task: disable (when enabled), wait, enable. */
  async #cycle(calls: LambdaCalls, uuid: string): Promise<void> {
    const esm = await calls.settled(uuid);
    if (!esm) return;
    if (esm.State === 'Enabled') {
      await calls.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }), { uuid });
      await calls.settled(uuid);
    }
    await calls.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }), { uuid });
  }
}

function topicOf(esm: EventSourceMappingConfiguration): string {
  return esm.Topics?.[0] ?? '';
}
