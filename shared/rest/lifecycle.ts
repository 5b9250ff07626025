// The connector lifecycle under crash consistency (`DistributedHerder`'s config-topic-then-apply, over a store):
// every change writes its intent first (`pending: true`), then applies it to the runtime, then stores what the
// runtime reported (`pending: false`). Whatever a crash or a failure leaves pending is applied again by the next
// request that touches the connector, or by `reconcileAll()`. Writes are conditional on the version read; a write
// that loses to a concurrent one is re-read and retried, then answered with Connect's 409.

import type { Logger } from '../logging/index.ts';
import type { MappingRuntime } from '../mappings/types.ts';
import {
  type ConnectorChange,
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorStore,
  type StoredConnector,
  type TargetState,
} from '../store/index.ts';
import { ConnectRestError } from './errors.ts';
import { isConnectorName } from './names.ts';
import { intentOf, sameIntent } from './views.ts';

/**
 * Retry and reconcile settings ({@link HERDER_TUNING} by default).
 */
export interface HerderTuning {
  readonly conflictAttempts: number;
  readonly reconcileAfterMs: number;
  readonly maxNameBytes: number;
}

/**
 * What `reconcileAll` did.
 */
export interface ReconcileReport {
  /** Connectors whose pending intent was applied or whose deletion finished. */
  readonly reconciled: readonly string[];
  /** Connectors still pending, each with the reason. */
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

/** The message of a 404 for a connector name (Connect words it differently per endpoint). */
export type MissingMessage = (name: string) => string;

/** The ports the lifecycle drives. */
export interface LifecycleOptions {
  readonly store: ConnectorStore;
  readonly runtime: MappingRuntime;
  readonly logger: Logger;
  readonly now: () => number;
  readonly tuning: HerderTuning;
  /** Hides a connector's secrets in a text (what a runtime failure quotes is stored, shown and logged). */
  readonly hider: (config: Readonly<Record<string, string>>) => (text: string) => string;
}

/**
 * Intent-first writes of connectors to a {@link ConnectorStore}, applied to a {@link MappingRuntime}. Configs reach it
 * validated; it throws `ConnectRestError`s (404, 409) or what the store and runtime throw.
 *
 * @example
 * const lifecycle = new ConnectorLifecycle({ store, runtime, logger, now: Date.now, tuning: HERDER_TUNING });
 * await lifecycle.put('orders', config, { allowReplace: true });
 */
export class ConnectorLifecycle {
  readonly #store: ConnectorStore;
  readonly #runtime: MappingRuntime;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #tuning: HerderTuning;
  readonly #hider: LifecycleOptions['hider'];

  constructor(options: LifecycleOptions) {
    this.#hider = options.hider;
    this.#store = options.store;
    this.#runtime = options.runtime;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#tuning = options.tuning;
  }

  /** Names of the connectors not being deleted. */
  async names(): Promise<string[]> {
    return (await this.#store.list()).filter((c) => !c.deleting).map((c) => c.name);
  }

  /**
   * Creates the connector, or replaces its config (keeping its target state) when `allowReplace`; `created` says
   * which. Returns what is stored after the apply.
   *
   * @throws {ConnectRestError} 409 when the name is taken and replacing is not allowed, or when concurrent writes keep
   * winning.
   */
  async put(
    name: string,
    config: Readonly<Record<string, string>>,
    options: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<{ created: boolean; stored: StoredConnector }> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(name, 'write');
      try {
        if (!current) {
          const created = await this.#store.create({
            name,
            config,
            targetState: options.initialState ?? 'STARTED',
          });
          return { created: true, stored: (await this.#apply(created)) ?? created };
        }
        if (!options.allowReplace) throw new ConnectorExistsError(name);
        const written = await this.#store.update(name, current.version, {
          config,
          pending: true,
          failures: undefined,
        });
        return { created: false, stored: (await this.#apply(written)) ?? written };
      } catch (e) {
        if (e instanceof ConnectorExistsError && !options.allowReplace) {
          throw ConnectRestError.conflict(e.message, { retriable: false, cause: e });
        }
        this.#retryOrThrow(e, attempt, name);
      }
    }
  }

  /**
   * Re-reads, decides the change and writes it conditionally, retrying when a concurrent write wins; then applies.
   * `decide` returning undefined changes nothing (the connector is returned as it is).
   *
   * @throws {ConnectRestError} with `missing(name)` when there is no such connector.
   */
  async change(
    name: string,
    missing: MissingMessage,
    decide: (current: StoredConnector) => ConnectorChange | undefined,
  ): Promise<StoredConnector> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(name, 'write');
      if (!current) throw ConnectRestError.notFound(missing(name));
      const change = decide(current);
      if (!change) return current;
      let written: StoredConnector;
      try {
        written = await this.#store.update(name, current.version, {
          ...change,
          ...(restartsTasks(change) && { failures: undefined }),
          pending: true,
        });
      } catch (e) {
        this.#retryOrThrow(e, attempt, name);
        continue;
      }
      return (await this.#apply(written)) ?? written;
    }
  }

  /** Sets the target state (idempotent: an applied connector already there is not touched). */
  async target(name: string, targetState: TargetState, missing: MissingMessage): Promise<void> {
    await this.change(name, missing, (current) =>
      current.targetState === targetState && !current.pending ? undefined : { targetState },
    );
  }

  /**
   * Forgets the partition failures the sink recorded for these topics' tasks (all of them without `topics`), as
   * restarting those tasks does in Connect: they show their runtime state until the sink fails again.
   */
  async forgetFailures(name: string, topics?: readonly string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.#get(name);
      if (!current?.failures) return;
      const kept = Object.entries(current.failures).filter(([, f]) => topics && !topics.includes(f.topic));
      if (kept.length === Object.keys(current.failures).length) return;
      try {
        await this.#store.update(name, current.version, {
          failures: kept.length > 0 ? Object.fromEntries(kept) : undefined,
        });
        return;
      } catch (e) {
        this.#retryOrThrow(e, attempt, name);
      }
    }
  }

  /** Marks the connector deleting (and STOPPED), removes its mappings, then the item. */
  async delete(name: string, missing: MissingMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.#get(name);
      if (!current) throw ConnectRestError.notFound(missing(name));
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

  /**
   * Reads a connector for a request. Reads reconcile a connector left pending or deleting for `reconcileAfterMs`;
   * writes first finish a begun deletion (the name is then free). Deleting connectors are never returned.
   */
  async load(name: string, purpose: 'read' | 'write'): Promise<StoredConnector | undefined> {
    const stored = await this.#get(name);
    if (!stored) return undefined;
    if (stored.deleting) {
      if (purpose === 'write') await this.#finishDelete(stored);
      else if (this.#waited(stored, this.#tuning.reconcileAfterMs)) {
        await this.#finishDelete(stored).catch((e) =>
          this.#logger.warn(`Deleting ${name} failed`, { reason: this.#reason(e, stored) }),
        );
      }
      return undefined;
    }
    if (purpose === 'read' && stored.pending && this.#waited(stored, this.#tuning.reconcileAfterMs)) {
      return this.#apply(stored);
    }
    return stored;
  }

  /** {@link load} for reading, or a 404 with `missing(name)`. */
  async require(name: string, missing: MissingMessage): Promise<StoredConnector> {
    const stored = await this.load(name, 'read');
    if (!stored) throw ConnectRestError.notFound(missing(name));
    return stored;
  }

  /** For restarts: the connector with its pending intent applied first (restarting a failed apply retries it). */
  async applied(name: string, missing: MissingMessage): Promise<StoredConnector> {
    const stored = await this.load(name, 'write');
    if (!stored) throw ConnectRestError.notFound(missing(name));
    return stored.pending ? ((await this.#apply(stored)) ?? stored) : stored;
  }

  /**
   * Applies every pending intent and finishes every begun deletion that has waited `olderThanMs`. Never throws for
   * one connector's failure; it reports it.
   */
  async reconcileAll(olderThanMs: number): Promise<ReconcileReport> {
    const reconciled: string[] = [];
    const failed: { name: string; reason: string }[] = [];
    for (const stored of await this.#store.list()) {
      if (!(stored.pending || stored.deleting) || !this.#waited(stored, olderThanMs)) continue;
      try {
        if (stored.deleting) await this.#finishDelete(stored);
        else {
          const after = await this.#apply(stored);
          if (after?.pending) throw new Error(after.applyError ?? 'still pending');
        }
        reconciled.push(stored.name);
      } catch (e) {
        failed.push({ name: stored.name, reason: this.#reason(e, stored) });
      }
    }
    if (reconciled.length + failed.length > 0)
      this.#logger.info('Reconciled connectors', { reconciled, failed });
    return { reconciled, failed };
  }

  /** A lost race is retried (re-read) while attempts remain, then becomes Connect's 409; anything else is rethrown. */
  #retryOrThrow(e: unknown, attempt: number, name: string): void {
    const lost =
      e instanceof ConnectorConflictError ||
      e instanceof ConnectorNotFoundError ||
      e instanceof ConnectorExistsError;
    if (!lost) throw e;
    if (attempt >= this.#tuning.conflictAttempts) {
      throw ConnectRestError.conflict(new ConnectorConflictError(name).message, {
        retriable: true,
        cause: e,
      });
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
        const reason = this.#reason(e, target);
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
            reason: this.#reason(e, target),
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
      await this.#writeIfCurrent(stored, { applyError: this.#reason(e, stored) });
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
    throw ConnectRestError.conflict(new ConnectorConflictError(stored.name).message, { retriable: true });
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

  /** The stored connector; a name no connector can have is not looked up (it could fail the store's key rules). */
  async #get(name: string): Promise<StoredConnector | undefined> {
    return isConnectorName(name, this.#tuning.maxNameBytes) ? this.#store.get(name) : undefined;
  }

  /** A failure's message with the connector's secrets hidden. */
  #reason(e: unknown, stored: StoredConnector): string {
    return this.#hider(stored.config)(e instanceof Error ? e.message : String(e));
  }

  #waited(stored: StoredConnector, ms: number): boolean {
    return this.#now() - Date.parse(stored.updatedAt) >= ms;
  }
}

/**
 * Whether a change gives the connector new tasks, as Connect's config update and stop do: the failures the sink
 * recorded belong to the old ones.
 */
function restartsTasks(change: ConnectorChange): boolean {
  return change.config !== undefined || change.targetState === 'STOPPED';
}
