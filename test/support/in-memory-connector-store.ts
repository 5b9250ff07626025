// An in-memory ConnectorStore for unit tests of code that reads or writes connector state (same errors and
// versioning rules as the port describes). Counts reads so tests can observe caching.
import {
  type ConnectorChange,
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorStore,
  type NewConnector,
  type StoredConnector,
  type StoredPartitionFailure,
} from '../../shared/store/index.ts';

export class InMemoryConnectorStore implements ConnectorStore {
  readonly #items = new Map<string, StoredConnector>();
  reads = { get: 0, list: 0 };

  async get(name: string): Promise<StoredConnector | undefined> {
    this.reads.get++;
    return this.#items.get(name);
  }

  async list(): Promise<StoredConnector[]> {
    this.reads.list++;
    return [...this.#items.values()];
  }

  async create(connector: NewConnector): Promise<StoredConnector> {
    if (this.#items.has(connector.name)) throw new ConnectorExistsError(connector.name);
    const now = new Date().toISOString();
    const stored: StoredConnector = {
      ...connector,
      version: 1,
      createdAt: now,
      updatedAt: now,
      mappings: [],
      pending: true,
    };
    this.#items.set(connector.name, stored);
    return stored;
  }

  async update(name: string, expectedVersion: number, change: ConnectorChange): Promise<StoredConnector> {
    const current = this.#items.get(name);
    if (!current) throw new ConnectorNotFoundError(name);
    if (current.version !== expectedVersion) throw new ConnectorConflictError(name);
    const next = { ...current, ...change, version: current.version + 1, updatedAt: new Date().toISOString() };
    this.#items.set(name, next);
    return next;
  }

  async delete(name: string, expectedVersion?: number): Promise<void> {
    const current = this.#items.get(name);
    if (current && expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConnectorConflictError(name);
    }
    this.#items.delete(name);
  }

  async recordFailures(
    name: string,
    expectedVersion: number,
    failures: readonly StoredPartitionFailure[],
  ): Promise<boolean> {
    const current = this.#items.get(name);
    if (!current || current.version !== expectedVersion) return false;
    const recorded = { ...current.failures };
    for (const f of failures) recorded[`${f.topic}-${f.partition}`] = f;
    this.#items.set(name, { ...current, failures: recorded });
    return true;
  }

  async clearFailures(name: string, partitions: readonly string[]): Promise<void> {
    const current = this.#items.get(name);
    if (!current?.failures || !partitions.some((p) => current.failures?.[p])) return;
    const { failures, ...rest } = current;
    const left = Object.fromEntries(Object.entries(failures).filter(([p]) => !partitions.includes(p)));
    this.#items.set(name, { ...rest, failures: left });
  }
}

/** A store whose next `losses` updates lose to a concurrent writer (a conditional write that fails). */
export class ContendedStore extends InMemoryConnectorStore {
  losses = 0;
  override async update(name: string, version: number, change: ConnectorChange): Promise<StoredConnector> {
    if (this.losses > 0) {
      this.losses--;
      throw new ConnectorConflictError(name);
    }
    return super.update(name, version, change);
  }
}
