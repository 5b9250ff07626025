import { LocalDefaults } from '../mappings/local/index.ts';

/**
 * Worker key names, so code never spells them twice (Connect's names where Connect has the key).
 */
export const WorkerKeys = {
  BOOTSTRAP_SERVERS: 'bootstrap.servers',
  LISTENERS: 'listeners',
  REST_ADVERTISED_HOST_NAME: 'rest.advertised.host.name',
  REST_ADVERTISED_PORT: 'rest.advertised.port',
  REST_ADVERTISED_LISTENER: 'rest.advertised.listener',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  PLUGIN_PATH: 'plugin.path',
  TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS: 'task.shutdown.graceful.timeout.ms',
  DATA_DIR: 'data.dir',
  AEP_ALLOWED_HOSTS: 'aep.allowed.hosts',
  REST_BASIC_AUTH_FILE: 'rest.basic.auth.credentials.file',
  FUNCTION_TIMEOUT_MS: 'function.timeout.ms',
  PROGRESS_INTERVAL_MS: 'progress.interval.ms',
  /** Confluent's images set the root log level with `CONNECT_LOG4J_ROOT_LOGLEVEL`, i.e. this key. */
  LOG4J_ROOT_LOGLEVEL: 'log4j.root.loglevel',
} as const;

/**
 * Defaults of the worker keys: safe for a laptop (loopback only) and matching the broker `scripts/kafka.sh` starts.
 */
export const WorkerDefaults = {
  BOOTSTRAP_SERVERS: '127.0.0.1:9092',
  LISTENERS: 'http://127.0.0.1:8083',
  DATA_DIR: '.data/worker',
  FUNCTION_TIMEOUT_MS: LocalDefaults.FUNCTION_TIMEOUT_MS,
  /** Connect's default for `task.shutdown.graceful.timeout.ms`. */
  TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS: 5_000,
  PROGRESS_INTERVAL_MS: 5_000,
  LOG4J_ROOT_LOGLEVEL: 'INFO',
} as const;

/**
 * The DynamoDB table of the embedded store (inside `data.dir`).
 */
export const EMBEDDED_TABLE = 'connectors';

/**
 * How often the herder finishes what a crash left half done (pending intents, begun deletions).
 */
export const RECONCILE_INTERVAL_MS = 30_000;
