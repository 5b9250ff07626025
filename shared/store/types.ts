// The port for connector state (configs verbatim, target state, mapping ids, status, version, and on AWS the partition
// failures the sink function records). Adapters: DynamoDB (lib-dynamodb; AWS and, through an embedded
// DynamoDB-compatible server, the local worker).

/** What the user asked for (Connect's `TargetState`): STARTED shows as RUNNING in `initial_state`. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/** A reference to one runtime mapping (an event source mapping, or the local worker's consumer) of a connector. */
export interface MappingRef {
  /** ESM UUID, or the local runtime's id. */
  readonly id: string;
  readonly topic: string;
}

/**
 * A partition the sink function cannot get past, as it recorded it on the connector's item (AWS: the event source
 * mapping retries the batch meanwhile, and the status shows it). Secrets are hidden before it is written.
 */
export interface StoredPartitionFailure {
  readonly topic: string;
  readonly partition: number;
  /** The first record not delivered: the event source mapping retries from it. */
  readonly offset: number;
  /** Connect's stage (`VALUE_CONVERTER`, `TASK_PUT`, …), or `TASK_START` when the connector could not start. */
  readonly stage: string;
  readonly reason: string;
  /** The error's class and its causes' (`DeliveryRetryError<AepRequestError`), as Connect names exception classes. */
  readonly exception: string;
  /** The HTTP status AEP or IMS answered, when one did. */
  readonly status?: number;
  /** Whether delivering the same record again can succeed without anyone changing anything. */
  readonly healable: boolean;
  /** What to change, for a failure retrying cannot heal. */
  readonly hint?: string;
  /** When the partition started failing (ISO-8601). */
  readonly since: string;
  /** When this failure was last recorded (ISO-8601). */
  readonly recordedAt: string;
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
  /**
   * Partitions the sink function could not get past, by `topic-partition` (AWS only; the local runtime keeps its
   * tasks' state itself). Cleared per partition by the sink once it delivers again, and whole by a config change, a
   * stop and a restart of the tasks.
   */
  readonly failures?: Readonly<Record<string, StoredPartitionFailure>>;
}

export type NewConnector = Pick<StoredConnector, 'name' | 'config' | 'targetState'>;

/** Fields an update sets; a key present with the value `undefined` removes that optional field. */
export type ConnectorChange = Partial<
  Pick<
    StoredConnector,
    'config' | 'targetState' | 'mappings' | 'pending' | 'deleting' | 'applyError' | 'failures'
  >
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
  /**
   * Records partition failures (the sink function, on AWS), each under `topic-partition`, only while the connector is
   * at `expectedVersion` (the config they happened with). Neither `version` nor `updatedAt` changes, so no herder
   * write ever conflicts with it.
   * @returns false when nothing was written: the connector changed since `expectedVersion`, or is gone.
   */
  recordFailures(
    name: string,
    expectedVersion: number,
    failures: readonly StoredPartitionFailure[],
  ): Promise<boolean>;
  /** Removes the recorded failures of these partitions (`topic-partition`); the others, and a missing connector, are a no-op. */
  clearFailures(name: string, partitions: readonly string[]): Promise<void>;
}
