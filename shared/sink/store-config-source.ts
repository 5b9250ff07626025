// Resolves the connector of a sink invocation from the alias in `context.invokedFunctionArn` (AWS docs: "Lambda
// context object in Node.js", `invokedFunctionArn`) and reads its config from the connector store.
import type { ConfigProviders } from '../config-providers/index.ts';
import { resolveConfig } from '../config-providers/index.ts';
import { aliasFromInvokedArn, connectorAliasName } from '../identity/index.ts';
import type { ConnectorStore, StoredConnector } from '../store/types.ts';
import { CONFIG_TTL_MS } from './constants.ts';
import { ConnectorIdentityError, ConnectorUnavailableError } from './errors.ts';
import type { ConnectorConfigSnapshot, ConnectorConfigSource, InvocationIdentity } from './types.ts';

/**
 * What {@link StoreConfigSource} reads from.
 */
export interface StoreConfigSourceOptions {
  /** Only `get` and `list` are used. */
  readonly store: Pick<ConnectorStore, 'get' | 'list'>;
  /** Config providers for `${provider:reference}` placeholders; create once per container. */
  readonly providers: ConfigProviders;
  /** How long a container reuses a config; default {@link CONFIG_TTL_MS}. */
  readonly ttlMs?: number;
  /** Clock (milliseconds), for tests. */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly expiresAt: number;
  /** The stored connector: kept for the TTL once read, dropped when the read fails (missing, STOPPED, store error). */
  readonly stored: Promise<StoredConnector>;
  /** Its config with placeholders resolved: dropped when resolving fails, so the next invocation resolves again. */
  snapshot?: Promise<ConnectorConfigSnapshot>;
}

/**
 * The sink's {@link ConnectorConfigSource} on AWS: alias → connector name → stored config, with placeholders
 * resolved. Each container caches a connector's item for `ttlMs`, so an update applies within seconds; concurrent
 * calls share one read. A missing or STOPPED connector is a retriable {@link ConnectorUnavailableError}.
 *
 * @example
 * const source = new StoreConfigSource({ store, providers: defaultConfigProviders() }); // module scope
 * const { name, config, version } = await source.get(context);                          // per invocation
 */
export class StoreConfigSource implements ConnectorConfigSource {
  readonly #store: Pick<ConnectorStore, 'get' | 'list'>;
  readonly #providers: ConfigProviders;
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** alias → connector name; stable, because the alias is a function of the name. */
  readonly #names = new Map<string, string>();
  readonly #cache = new Map<string, CacheEntry>();

  constructor(options: StoreConfigSourceOptions) {
    this.#store = options.store;
    this.#providers = options.providers;
    this.#ttlMs = options.ttlMs ?? CONFIG_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  get(context: InvocationIdentity): Promise<ConnectorConfigSnapshot> {
    let entry: CacheEntry;
    try {
      entry = this.#entry(context);
    } catch (e) {
      return Promise.reject(e);
    }
    if (entry.snapshot) return entry.snapshot;
    const snapshot = entry.stored.then(async (connector) => ({
      name: connector.name,
      config: await resolveConfig(connector.config, this.#providers),
      version: connector.version,
    }));
    entry.snapshot = snapshot;
    snapshot.catch(() => {
      if (entry.snapshot === snapshot) entry.snapshot = undefined;
    });
    return snapshot;
  }

  /** The invoked alias's connector as stored (placeholders unresolved), from the same cached read as {@link get}. */
  stored(context: InvocationIdentity): Promise<StoredConnector> {
    try {
      return this.#entry(context).stored;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  #entry(context: InvocationIdentity): CacheEntry {
    const alias = aliasFromInvokedArn(context.invokedFunctionArn);
    if (alias === undefined) throw new ConnectorIdentityError(context.invokedFunctionArn);
    const now = this.#now();
    const cached = this.#cache.get(alias);
    if (cached && cached.expiresAt > now) return cached;
    const entry: CacheEntry = { expiresAt: now + this.#ttlMs, stored: this.#load(alias) };
    this.#cache.set(alias, entry);
    // A failed read is not cached: the next invocation (the ESM's retry) reads again.
    entry.stored.catch(() => {
      if (this.#cache.get(alias) === entry) this.#cache.delete(alias);
    });
    return entry;
  }

  async #load(alias: string): Promise<StoredConnector> {
    const connector = await this.#find(alias);
    if (!connector) throw new ConnectorUnavailableError(alias, 'no connector has this alias (deleted?)');
    if (connector.targetState === 'STOPPED') {
      throw new ConnectorUnavailableError(alias, `connector ${connector.name} is STOPPED`);
    }
    return connector;
  }

  async #find(alias: string): Promise<StoredConnector | undefined> {
    const known = this.#names.get(alias);
    if (known !== undefined) return this.#store.get(known);
    const all = await this.#store.list();
    for (const c of all) this.#names.set(connectorAliasName(c.name), c.name);
    return all.find((c) => connectorAliasName(c.name) === alias);
  }
}
