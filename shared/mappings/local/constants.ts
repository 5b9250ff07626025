// Defaults of the local mapping runtime, taken from Lambda's Kafka event source mapping where one exists
// (AWS docs: "Using Lambda with Amazon MSK", "Kafka event source mapping retry configurations").

/**
 * Lambda's payload limit for a synchronous invocation: a batch is split so its JSON stays within it.
 */
export const MAX_INVOCATION_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * What the local runtime does when the connector does not say otherwise (Kafka ESM defaults).
 */
export const EsmDefaults = {
  /** Kafka ESMs wait up to 500 ms to fill a batch unless `MaximumBatchingWindowInSeconds` is set. */
  BATCHING_WINDOW_MS: 500,
  /** -1: retry until the record expires from the topic. */
  MAXIMUM_RETRY_ATTEMPTS: -1,
  MAXIMUM_RECORD_AGE_SECONDS: -1,
  /** "When you configure both infinite retries and an on-failure destination, Lambda automatically applies a maximum of 10 retry attempts." */
  RETRIES_WITH_DESTINATION: 10,
} as const;

/**
 * Retry tuning in one place: the delay before retrying a failed batch doubles from `initialDelayMs` up to
 * `maxDelayMs`. `FAST_RETRY` is for tests.
 */
export const RETRY = { initialDelayMs: 1_000, maxDelayMs: 30_000 } as const;
/**
 * @example
 * new LocalMappingRuntime({ ...options, retry: FAST_RETRY });
 */
export const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 200 } as const;

/**
 * Local runtime tuning: defaults that differ from an ESM's where the connector leaves a key unset, and tuning with no
 * ESM counterpart.
 */
export const LocalDefaults = {
  /**
   * Records per invocation when `esm.batch.size` is unset: the ESM maximum (Lambda's default is 100), so a backlog
   * goes in large batches (cut at the 6 MB payload) while a trickle still goes at once.
   */
  BATCH_SIZE: 10_000,
  /**
   * The batching window when `esm.maximum.batching.window.seconds` is unset (Lambda's Kafka default is 500 ms): long
   * enough to gather what arrives together, short enough that nobody waits. A backlog never waits on it: records
   * gather while a partition's previous batch is in flight.
   */
  BATCHING_WINDOW_MS: 50,
  /** The function timeout `getRemainingTimeInMillis()` counts down from (our CDK stack's sink function timeout). */
  FUNCTION_TIMEOUT_MS: 300_000,
  FUNCTION_NAME: 'aep-sink-local',
  /**
   * Invocations of one consumer in flight at once (a provisioned ESM poller runs up to 5); each locks its
   * partitions, so order per partition holds.
   */
  MAX_CONCURRENT_BATCHES: 5,
  /**
   * A partition stops fetching once this many bytes of its records (as event JSON) wait in memory: two full events,
   * so the next batch is ready when one ends. A task's partitions share {@link LocalDefaults.BUFFERED_BYTES_PER_TASK}.
   */
  BUFFERED_BYTES_PER_PARTITION: 2 * MAX_INVOCATION_PAYLOAD_BYTES,
  /** What all the partitions of one task may hold waiting, at most (divided between them). */
  BUFFERED_BYTES_PER_TASK: 64 * 1024 * 1024,
  /** How long to wait before reconnecting a consumer that could not reach the brokers. */
  RECONNECT_DELAY_MS: 5_000,
  /** How long a stop waits for in-flight batches before abandoning them (their offsets stay uncommitted). */
  STOP_GRACE_MS: 10_000,
} as const;

/**
 * Lambda's `timestampType` names, indexed by Kafka's timestamp-type attribute (-1, 0, 1).
 */
export const TIMESTAMP_TYPES = {
  '-1': 'NO_TIMESTAMP_TYPE',
  '0': 'CREATE_TIME',
  '1': 'LOG_APPEND_TIME',
} as const;
