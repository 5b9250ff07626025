// The port for connector state (configs verbatim, target state, mapping ids, status, version). Adapters: DynamoDB
// (lib-dynamodb; AWS and, through an embedded DynamoDB-compatible server, the local worker).

/** What the user asked for (Connect's `TargetState`): STARTED shows as RUNNING in `initial_state`. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/** A reference to one runtime mapping (an event source mapping, or the local worker's consumer) of a connector. */
export interface MappingRef {
  /** ESM UUID, or the local runtime's id. */
  readonly id: string;
  readonly topic: string;
}

/** A connector as stored. `config` is exactly what the user submitted (plus `name`), never normalised. */
export interface StoredConnector {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly targetState: TargetState;
  /** Increases by one on every write; updates are conditional on it (optimistic concurrency). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Mappings the runtime reported after the last successful apply. */
  readonly mappings: readonly MappingRef[];
  /** True while the stored intent has not been applied to the runtime yet (crash consistency: reconcile it). */
  readonly pending: boolean;
  /** True once a delete has begun: the runtime is being emptied, then the item goes (reconcile finishes it). */
  readonly deleting?: boolean;
  /** Why the last apply of the intent failed; cleared by the next successful one (the connector's FAILED trace). */
  readonly applyError?: string;
}

export type NewConnector = Pick<StoredConnector, 'name' | 'config' | 'targetState'>;

/** Fields an update sets; a key present with the value `undefined` removes that optional field. */
export type ConnectorChange = Partial<
  Pick<StoredConnector, 'config' | 'targetState' | 'mappings' | 'pending' | 'deleting' | 'applyError'>
>;

/**
 * Connector state. Implementations translate backend errors into `ConnectorExistsError`, `ConnectorNotFoundError`,
 * `ConnectorConflictError` and `ConnectorStoreError` (errors.ts) so nothing above knows the backend.
 *
 * @example
 * const c = await store.create({ name: 'aep', config: { ... }, targetState: 'STARTED' });
 * await store.update('aep', c.version, { targetState: 'PAUSED' });
 */
export interface ConnectorStore {
  get(name: string): Promise<StoredConnector | undefined>;
  list(): Promise<StoredConnector[]>;
  /**
   * Writes a new connector with `version: 1`, `pending: true` and no mappings.
   * @throws ConnectorExistsError when the name is taken (two racing creates: one wins).
   */
  create(connector: NewConnector): Promise<StoredConnector>;
  /** @throws ConnectorConflictError when `expectedVersion` is stale; ConnectorNotFoundError when gone. */
  update(name: string, expectedVersion: number, change: ConnectorChange): Promise<StoredConnector>;
  /** @throws ConnectorConflictError when `expectedVersion` is given and stale. Deleting a missing name is a no-op. */
  delete(name: string, expectedVersion?: number): Promise<void>;
}
