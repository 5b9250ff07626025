// Texts, defaults and names of the Connect REST API, copied from Kafka Connect where Connect has them
// (`ConnectorsResource`, `AbstractHerder`, `DistributedHerder`, `Worker`, `LoggingResource`, `RootResource`).
import { KAFKA_VERSION } from '../converters/index.ts';

/**
 * Connect's error and response texts.
 *
 * @example
 * Messages.connectorNotFound('orders'); // 'Connector orders not found'
 */
export const Messages = {
  connectorNotFound: (c: string) => `Connector ${c} not found`,
  connectorExists: (c: string) => `Connector ${c} already exists`,
  noStatus: (c: string) => `No status found for connector ${c}`,
  noTaskStatus: (c: string, t: number) => `No status found for task ${c}-${t}`,
  /** pause, resume and stop (no colon). */
  unknownConnector: (c: string) => `Unknown connector ${c}`,
  /** restarts (with a colon). */
  unknownConnectorRestart: (c: string) => `Unknown connector: ${c}`,
  unknownTask: (c: string, t: number) => `Unknown task: ${c}-${t}`,
  nameMismatch: (inConfig: string, inUrl: string) =>
    `Connector name configuration (${inConfig}) doesn't match connector name in the URL (${inUrl})`,
  notStopped: (c: string) =>
    `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${c}/stop' endpoint`,
  noOffsets: 'Partitions / offsets need to be provided for an alter offsets request',
  offsetsModified: (kind: 'altered' | 'reset') =>
    `The Connect framework-managed offsets for this connector have been ${kind} successfully. However, if this connector manages offsets externally, they will need to be manually ${kind} in the system that the connector uses.`,
  groupNotEmpty: (c: string, verb: 'alter' | 'reset') =>
    `Failed to ${verb} consumer group offsets for connector ${c} either because its tasks haven't stopped completely yet or the connector was resumed before the request to ${verb} its offsets could be successfully completed. If the connector is in a stopped state, this operation can be safely retried. If it doesn't eventually succeed, the Connect cluster may need to be restarted to get rid of the zombie sink tasks.`,
  includedTypeMismatch: (included: string, requested: string) =>
    `Included connector type ${included} does not match request type ${requested}`,
  loggerNotFound: (l: string) => `Logger ${l} not found.`,
  noLevel: "Desired 'level' parameter was not specified in request.",
  invalidLevel: (level: string) => `invalid log level '${level}'.`,
  notFound: 'HTTP 404 Not Found',
  badPathName: 'The connector name in the path is not percent-encoded UTF-8',
  healthy: 'Worker has completed startup and is ready to handle requests.',
  unhealthy: 'Worker was unable to handle this request and may be unable to handle other requests.',
} as const;

/**
 * What the root endpoint reports unless the host says otherwise: the Kafka Connect release whose REST API this
 * façade follows.
 */
export const ConnectDefaults = {
  VERSION: KAFKA_VERSION,
  KAFKA_CLUSTER_ID: 'unknown',
  /** Connect's standard port, for `serveConnectApp`. */
  PORT: 8083,
  /**
   * Connectors looked up at once by `GET /connectors?expand=…` (each status lists the connector's event source
   * mappings): Kafka UI polls it, and a burst of one Lambda call per connector would be throttled.
   */
  EXPAND_CONCURRENCY: 8,
} as const;

/**
 * Retry and reconcile tuning of the herder, in one place.
 */
export const HERDER_TUNING = {
  /** Attempts of a write that loses to concurrent writers (re-read, re-apply the change) before answering 409. */
  conflictAttempts: 5,
  /** A connector pending (or deleting) this long is reconciled by the next request that reads it. */
  reconcileAfterMs: 60_000,
  /** DynamoDB's sort-key limit, which bounds connector names in the store. */
  maxNameBytes: 1024,
} as const;

/**
 * What the REST API accepts, in one place (docs/rest-api.md lists them). A config must fit one DynamoDB item (400 KB
 * with the connector's other attributes), and a name a DynamoDB sort key (1024 bytes).
 */
export const REQUEST_LIMITS = {
  /** The largest request body, in bytes (413 beyond). */
  maxBodyBytes: 256 * 1024,
  /** The deepest nesting of arrays and objects in a body (Connect's bodies need 4). */
  maxDepth: 32,
  /** The largest connector config, as the JSON the store keeps, in UTF-8 bytes. */
  maxConfigBytes: 256 * 1024,
} as const;

/**
 * The task class Connect would report for the AEP sink's tasks (`task.class` in `GET /connectors/{c}/tasks`).
 *
 * @example
 * taskConfig['task.class']; // 'com.adobe.platform.streaming.sink.impl.AEPSinkTask'
 */
export const AEP_SINK_TASK_CLASS = 'com.adobe.platform.streaming.sink.impl.AEPSinkTask';

/**
 * Log4j level names `PUT /admin/loggers/{l}` accepts (`Level.toLevel`).
 */
export const LOG_LEVELS: readonly string[] = [
  'OFF',
  'FATAL',
  'ERROR',
  'WARN',
  'INFO',
  'DEBUG',
  'TRACE',
  'ALL',
];

/**
 * The root logger's name (`Loggers.ROOT_LOGGER_NAME`).
 */
export const ROOT_LOGGER = 'root';
