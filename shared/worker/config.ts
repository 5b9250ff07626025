// The local worker's settings: Kafka Connect's worker keys where one exists (`WorkerConfig`,
// `StandaloneConfig`, `RestServerConfig`), plus ours. Read from an optional worker .properties file, then
// overridden by `CONNECT_*` environment variables the way Confluent's images translate them.
import { readFileSync } from 'node:fs';
import { getProperties } from 'properties-file';
import { parseAllowedHosts } from '../aep/index.ts';
import { ConfigDef, ConfigErrors, lambdaValidator, Range } from '../config/index.ts';
import { LOG_LEVELS } from '../rest/constants.ts';
import { WorkerDefaults, WorkerKeys } from './constants.ts';

const K = WorkerKeys;
const GROUP = 'Worker';

const httpListener = lambdaValidator('http://host:port', (value) => {
  for (const listener of value as string[]) {
    const problem = listenerProblem(listener);
    if (problem) return problem;
  }
  return undefined;
});

function listenerProblem(listener: string): string | undefined {
  let url: URL;
  try {
    url = new URL(listener.replace('://:', '://0.0.0.0:'));
  } catch {
    return `${listener} is not a URL such as http://127.0.0.1:8083`;
  }
  if (url.protocol !== 'http:') {
    return `${listener}: the local worker serves plain HTTP only; put a TLS proxy in front of it for HTTPS`;
  }
  return undefined;
}

/**
 * Every worker key, documented once: parsing, `docs/local-worker.md` and the start-up report use it.
 *
 * @example
 * const parsed = workerConfigDef().parse({ 'bootstrap.servers': '127.0.0.1:9092' });
 * parsed['listeners']; // ['http://127.0.0.1:8083']
 */
export function workerConfigDef(): ConfigDef {
  const d = (key: Parameters<ConfigDef['define']>[0]) => ({ group: GROUP, ...key });
  return new ConfigDef()
    .define(
      d({
        name: K.BOOTSTRAP_SERVERS,
        type: 'LIST',
        defaultValue: WorkerDefaults.BOOTSTRAP_SERVERS,
        importance: 'HIGH',
        documentation:
          'Kafka brokers the connectors consume from (host:port, comma separated). Client settings for them go in consumer.* keys.',
      }),
    )
    .define(
      d({
        name: K.LISTENERS,
        type: 'LIST',
        defaultValue: WorkerDefaults.LISTENERS,
        importance: 'HIGH',
        documentation:
          'Where the Kafka Connect REST API (and GET /metrics) listens: http://host:port, comma separated. The default binds the loopback interface only; http://:8083 binds every interface (then set rest.basic.auth.credentials.file).',
        validator: httpListener,
      }),
    )
    .define(
      d({
        name: K.REST_ADVERTISED_HOST_NAME,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          "Host name in the worker_id that status responses show (Connect's worker id is the advertised host:port). Defaults to the first listener's host.",
      }),
    )
    .define(
      d({
        name: K.REST_ADVERTISED_PORT,
        type: 'INT',
        defaultValue: null,
        importance: 'LOW',
        documentation: "Port in the worker_id. Defaults to the first listener's bound port.",
        validator: Range.between(0, 65535),
      }),
    )
    .define(
      d({
        name: K.REST_ADVERTISED_LISTENER,
        type: 'STRING',
        defaultValue: null,
        importance: 'LOW',
        documentation: 'Accepted for compatibility; only http exists locally, so it has no effect.',
      }),
    )
    .define(
      d({
        name: K.KEY_CONVERTER,
        type: 'CLASS',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          "Key converter of connectors that do not set key.converter; worker keys key.converter.* come along with it. Empty: the sink's default (docs/sink.md).",
      }),
    )
    .define(
      d({
        name: K.VALUE_CONVERTER,
        type: 'CLASS',
        defaultValue: null,
        importance: 'HIGH',
        documentation:
          "Value converter of connectors that do not set value.converter; worker keys value.converter.* come along with it. Empty: the sink's default (docs/sink.md).",
      }),
    )
    .define(
      d({
        name: K.HEADER_CONVERTER,
        type: 'CLASS',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          "Header converter of connectors that do not set header.converter; worker keys header.converter.* come along with it. Empty: the sink's default.",
      }),
    )
    .define(
      d({
        name: K.PLUGIN_PATH,
        type: 'LIST',
        defaultValue: null,
        importance: 'LOW',
        documentation:
          'Ignored: the AEP sink, its converters and transforms are built in; nothing is loaded from plugin directories.',
      }),
    )
    .define(
      d({
        name: K.DATA_DIR,
        type: 'STRING',
        defaultValue: WorkerDefaults.DATA_DIR,
        importance: 'HIGH',
        documentation:
          'Directory of the embedded DynamoDB-compatible store that keeps connector configs and target states across restarts. Offsets are not here: they are the consumer groups on the brokers.',
      }),
    )
    .define(
      d({
        name: K.AEP_ALLOWED_HOSTS,
        type: 'LIST',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          "Host patterns aep.endpoint and aep.connection.auth.endpoint may name (the sink's allowlist). Empty: Adobe's hosts (*.adobedc.net, *.adobe.io, ims-*.adobelogin.com). A list replaces them: 127.0.0.1 alone allows only the AEP emulator; append Adobe's patterns to keep both.",
        validator: {
          ensureValid: (_key, value) => void parseAllowedHosts(value as string[] | null),
        },
      }),
    )
    .define(
      d({
        name: K.REST_BASIC_AUTH_FILE,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation:
          "A properties file of user: password lines. When set, every REST request (and /metrics) needs HTTP basic auth with one of them, as with Connect's BasicAuthSecurityRestExtension and a PropertyFileLoginModule file.",
      }),
    )
    .define(
      d({
        name: K.FUNCTION_TIMEOUT_MS,
        type: 'LONG',
        defaultValue: WorkerDefaults.FUNCTION_TIMEOUT_MS,
        importance: 'LOW',
        documentation:
          'The Lambda timeout the sink handler sees through context.getRemainingTimeInMillis(); an invocation running longer fails and its batch is retried.',
        validator: Range.between(1_000, 900_000),
      }),
    )
    .define(
      d({
        name: K.TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS,
        type: 'LONG',
        defaultValue: WorkerDefaults.TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS,
        importance: 'LOW',
        documentation:
          'How long stopping a task (stop, delete, restart, shutdown) waits for in-flight invocations; what is still running then is abandoned and its offsets stay uncommitted.',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      d({
        name: K.PROGRESS_INTERVAL_MS,
        type: 'LONG',
        defaultValue: WorkerDefaults.PROGRESS_INTERVAL_MS,
        importance: 'LOW',
        documentation:
          'How often a progress line per active connector is printed (records/s, lag, delivered, dead-lettered); 0 turns them off.',
        validator: Range.atLeast(0),
      }),
    )
    .define(
      d({
        name: K.LOG4J_ROOT_LOGLEVEL,
        type: 'STRING',
        defaultValue: WorkerDefaults.LOG4J_ROOT_LOGLEVEL,
        importance: 'LOW',
        documentation:
          "The root log level at start (CONNECT_LOG4J_ROOT_LOGLEVEL, as in Confluent's images); PUT /admin/loggers/root changes it while the worker runs. DEBUG adds a line per invocation (the records it carries) and per offset commit, so what was in flight at a crash can be known.",
        validator: lambdaValidator(LOG_LEVELS.join(', '), (value) =>
          LOG_LEVELS.includes(String(value).toUpperCase())
            ? undefined
            : `must be one of ${LOG_LEVELS.join(', ')}`,
        ),
      }),
    );
}

/**
 * Worker settings after parsing, plus the pass-through prefixed keys.
 */
export interface WorkerConfig {
  readonly bootstrapServers: readonly string[];
  readonly listeners: readonly string[];
  readonly advertisedHost: string | null;
  readonly advertisedPort: number | null;
  readonly dataDir: string;
  /** The sink's host allowlist (Adobe's hosts unless `aep.allowed.hosts` says otherwise). */
  readonly aepAllowedHosts: readonly string[];
  readonly basicAuthFile: string | null;
  readonly functionTimeoutMs: number;
  readonly shutdownGraceMs: number;
  readonly progressIntervalMs: number;
  /** The root log level at start (upper case). */
  readonly rootLogLevel: string;
  /** `consumer.*` keys with the prefix removed, and `bootstrap.servers`. */
  readonly consumer: Readonly<Record<string, string>>;
  /** Converter defaults for connectors: `key.converter`, `value.converter`, `header.converter` and their `*.` keys. */
  readonly converterDefaults: Readonly<Record<string, string>>;
  /** Keys given that the local worker does not use (reported at start). */
  readonly unused: readonly string[];
}

const PASS_THROUGH = ['key.converter.', 'value.converter.', 'header.converter.'];

/**
 * Reads worker settings: the properties file (optional), then `CONNECT_*` variables on top.
 *
 * @throws {ConfigErrors} listing every bad key at once.
 */
export function loadWorkerConfig(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): WorkerConfig {
  const props: Record<string, string> = file ? readProperties(file) : {};
  Object.assign(props, envOverrides(env));
  return workerConfigFrom(props);
}

/**
 * Parses worker properties (already merged).
 *
 * @throws {ConfigErrors} listing every bad key at once.
 * @example
 * workerConfigFrom({ listeners: 'http://:8083' }).listeners; // ['http://:8083']
 */
export function workerConfigFrom(props: Readonly<Record<string, string>>): WorkerConfig {
  const def = workerConfigDef();
  const v = def.parse(props);
  const consumer: Record<string, string> = {
    'bootstrap.servers': (v[K.BOOTSTRAP_SERVERS] as string[]).join(','),
  };
  const converterDefaults: Record<string, string> = {};
  const unused: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('consumer.')) consumer[key.slice('consumer.'.length)] = value;
    else if (PASS_THROUGH.some((p) => key.startsWith(p))) converterDefaults[key] = value;
    else if (!def.has(key)) unused.push(key);
  }
  for (const key of [K.KEY_CONVERTER, K.VALUE_CONVERTER, K.HEADER_CONVERTER]) {
    if (v[key]) converterDefaults[key] = v[key] as string;
  }
  if (props[K.PLUGIN_PATH] !== undefined) unused.push(K.PLUGIN_PATH);
  return {
    bootstrapServers: v[K.BOOTSTRAP_SERVERS] as string[],
    listeners: v[K.LISTENERS] as string[],
    advertisedHost: v[K.REST_ADVERTISED_HOST_NAME] as string | null,
    advertisedPort: v[K.REST_ADVERTISED_PORT] as number | null,
    dataDir: v[K.DATA_DIR] as string,
    aepAllowedHosts: parseAllowedHosts(v[K.AEP_ALLOWED_HOSTS] as string[] | null),
    basicAuthFile: v[K.REST_BASIC_AUTH_FILE] as string | null,
    functionTimeoutMs: v[K.FUNCTION_TIMEOUT_MS] as number,
    shutdownGraceMs: v[K.TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS] as number,
    progressIntervalMs: v[K.PROGRESS_INTERVAL_MS] as number,
    rootLogLevel: (v[K.LOG4J_ROOT_LOGLEVEL] as string).toUpperCase(),
    consumer,
    converterDefaults,
    unused,
  };
}

/**
 * `CONNECT_*` variables as worker keys, translated as Confluent's images do: drop the prefix, lower-case,
 * `___` → `-`, `__` → `_`, `_` → `.` (`CONNECT_BOOTSTRAP_SERVERS` → `bootstrap.servers`).
 *
 * @example
 * envOverrides({ CONNECT_AEP_ALLOWED_HOSTS: '127.0.0.1' }); // { 'aep.allowed.hosts': '127.0.0.1' }
 */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CONNECT_') || value === undefined) continue;
    const key = name
      .slice('CONNECT_'.length)
      .toLowerCase()
      .replaceAll('___', '-')
      .replaceAll('__', '\u0000')
      .replaceAll('_', '.')
      .replaceAll('\u0000', '_');
    props[key] = value;
  }
  return props;
}

/**
 * Reads a Java .properties file.
 *
 * @throws {ConfigErrors} naming the file when it cannot be read.
 */
export function readProperties(file: string): Record<string, string> {
  try {
    return getProperties(readFileSync(file));
  } catch (e) {
    throw new ConfigErrors([{ key: file, message: `Cannot read ${file}: ${(e as Error).message}` }]);
  }
}
