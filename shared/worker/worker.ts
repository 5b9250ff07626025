// The local worker: the same Kafka Connect REST application and sink handler as on AWS, with connector state in an
// embedded DynamoDB-compatible store (dynalite on disk) and connectors consumed by the local mapping runtime —
// Connect's standalone and distributed entry points (`connect-standalone.sh`, a REST worker on :8083) in one.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { Hono } from 'hono';
import { createAepSender } from '../aep/index.ts';
import { ConfigException } from '../config/index.ts';
import { type ConfigProviders, defaultConfigProviders } from '../config-providers/index.ts';
import { type ConnectorFile, readConnectorFile } from '../connector/index.ts';
import { SINK_CONVERTER_DEFAULTS } from '../converters/index.ts';
import { Kafka, KafkaOffsets, logLevel } from '../kafka/index.ts';
import { consoleLogger, type Logger } from '../logging/index.ts';
import { LocalMappingRuntime } from '../mappings/local/index.ts';
import {
  allowedEndpointsCheck,
  createConnectApp,
  Herder,
  LoggerLevels,
  serveConnectApp,
} from '../rest/index.ts';
import {
  type ConnectorConfigSource,
  createSinkHandler,
  kafkaDeadLetterQueue,
  kafkaOnlyDeadLetterCheck,
  StoreConfigSource,
} from '../sink/index.ts';
import { createConnectorTable, DynamoDbConnectorStore } from '../store/index.ts';
import { buildTransformationChain } from '../transforms/index.ts';
import { basicAuthFromFile } from './basic-auth.ts';
import type { WorkerConfig } from './config.ts';
import { EMBEDDED_TABLE, RECONCILE_INTERVAL_MS, WorkerKeys } from './constants.ts';
import { WorkerMetrics } from './metrics.ts';

/**
 * @example
 * const { url, close } = await startWorker({ config });
 */
export interface StartedWorker {
  /** Base URL of the first listener, e.g. `http://127.0.0.1:8083`. */
  readonly url: string;
  readonly workerId: string;
  readonly runtime: LocalMappingRuntime;
  readonly metrics: WorkerMetrics;
  /**
   * Graceful shutdown: stops the timers, lets in-flight batches finish (committing what succeeded) or abandons them
   * uncommitted after `task.shutdown.graceful.timeout.ms`, then stops serving and closes the store. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * @example
 * await startWorker({ config, connectorFiles: ['aep.properties'], logger: consoleLogger('[worker]') });
 */
export interface StartWorkerOptions {
  readonly config: WorkerConfig;
  /** Connector files to create or update once the REST API is up. */
  readonly connectorFiles?: readonly string[];
  readonly logger?: Logger;
  readonly providers?: ConfigProviders;
  /** Test tuning of the mapping runtime (fast retries); production uses the runtime's defaults. */
  readonly runtimeTuning?: Pick<ConstructorParameters<typeof LocalMappingRuntime>[0], 'retry' | 'limits'>;
}

/**
 * Starts a worker and returns once the REST API answers and every stored connector is running again.
 *
 * @example
 * const worker = await startWorker({ config: loadWorkerConfig(undefined, process.env) });
 * console.log(`Kafka Connect REST API on ${worker.url}`);
 * await worker.close();
 */
export async function startWorker(options: StartWorkerOptions): Promise<StartedWorker> {
  const { config } = options;
  // GET|PUT /admin/loggers show and change the root level; below DEBUG, debug lines are dropped here.
  const levels = new LoggerLevels({ rootLevel: config.rootLogLevel });
  const debugging = () => ['DEBUG', 'TRACE', 'ALL'].includes(levels.level('root')?.level ?? '');
  const given = options.logger ?? consoleLogger('[worker]', { debug: true });
  const logger: Logger = {
    ...given,
    debug: (message, ...attributes) => {
      if (debugging()) given.debug(message, ...attributes);
    },
  };
  const providers = options.providers ?? defaultConfigProviders();
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch((e) => logger.error(String(e)));
  };
  try {
    const client = await startEmbeddedDynamo(config.dataDir, closers);
    await createConnectorTable(client, EMBEDDED_TABLE);
    const store = new DynamoDbConnectorStore({ client, tableName: EMBEDDED_TABLE });

    // Listen first (port 0 in tests), so the worker id can carry the bound port; requests wait for the app.
    let app: Hono | undefined;
    let runtime: LocalMappingRuntime | undefined;
    const metrics = new WorkerMetrics();
    const front = new Hono();
    if (config.basicAuthFile) front.use('*', basicAuthFromFile(config.basicAuthFile));
    front.get('/metrics', (c) =>
      c.text(
        metrics.prometheus((name) => runtime?.lag(name) ?? 0),
        200,
        {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        },
      ),
    );
    front.all('*', (c) =>
      app ? app.fetch(c.req.raw) : c.json({ error_code: 503, message: 'Worker is still starting up.' }, 503),
    );
    const bound = await Promise.all(config.listeners.map((listener) => listen(front, listener, closers)));
    const first = bound[0] as { host: string; port: number };
    const workerId = `${config.advertisedHost ?? first.host}:${config.advertisedPort ?? first.port}`;

    // The sink handler exactly as the Lambda function builds it, reading configs from the embedded store.
    const sink = createSinkHandler({
      configSource: withConverterDefaults(
        new StoreConfigSource({ store, providers }),
        config.converterDefaults,
      ),
      createSender: (connector) =>
        createAepSender(connector, { allowedHosts: config.aepAllowedHosts, logger }),
      createTransforms: buildTransformationChain,
      // Dead letters go to Kafka only here: no AWS client is made with the machine's credentials.
      createDeadLetterQueue: kafkaDeadLetterQueue,
      logger,
      metrics,
    });
    // Closers run last-in first-out: the consumers stop (in-flight batches finish) before the sink's connections close.
    closers.push(() => sink.close());
    runtime = new LocalMappingRuntime({
      invoke: sink,
      consumer: config.consumer,
      providers,
      workerId,
      functionTimeoutMs: config.functionTimeoutMs,
      listener: metrics,
      logger,
      ...options.runtimeTuning,
      limits: { stopGraceMs: config.shutdownGraceMs, ...options.runtimeTuning?.limits },
    });
    const liveRuntime = runtime;
    closers.push(() => liveRuntime.close());
    const kafka = new Kafka({ brokers: [...config.bootstrapServers], logLevel: logLevel.NOTHING });
    const herder = new Herder({
      store,
      runtime,
      offsets: new KafkaOffsets(kafka),
      checks: [allowedEndpointsCheck(config.aepAllowedHosts), kafkaOnlyDeadLetterCheck],
      converterDefaults: { ...SINK_CONVERTER_DEFAULTS, ...config.converterDefaults },
      logger,
    });
    app = createConnectApp({
      herder,
      logger,
      loggers: levels,
      worker: { kafkaClusterId: () => clusterIdOf(kafka) },
    });

    await warnIfNoBroker(config.bootstrapServers, logger);
    // The runtime starts empty: run every stored connector again, then let the herder finish what a crash left
    // half done (pending intents, begun deletions), now and on a timer.
    const allowlist = allowedEndpointsCheck(config.aepAllowedHosts);
    for (const connector of await store.list()) {
      if (connector.pending || connector.deleting) continue;
      // A connector stored under a wider allowlist fails every batch now: say so at start, naming the setting.
      const refused = allowlist(connector.config);
      if (refused.length > 0) {
        logger.warn(
          `Connector ${connector.name} names a host this worker's allowlist refuses, so none of its records can be delivered: ${refused.map((p) => p.message).join('; ')}`,
        );
      }
      await runtime.apply({
        name: connector.name,
        config: connector.config,
        targetState: connector.targetState,
        mappings: connector.mappings,
      });
    }
    await herder.reconcileAll({ olderThanMs: 0 });
    every(RECONCILE_INTERVAL_MS, () => herder.reconcileAll(), closers);
    for (const file of options.connectorFiles ?? []) await submit(app, readConnectorFile(file), logger);
    if (config.progressIntervalMs > 0) {
      every(
        config.progressIntervalMs,
        async () => {
          for (const line of metrics.progressLines((name) => liveRuntime.lag(name))) logger.info(line);
        },
        closers,
      );
    }
    return { url: `http://${first.host}:${first.port}`, workerId, runtime, metrics, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function startEmbeddedDynamo(
  dataDir: string,
  closers: Array<() => Promise<void>>,
): Promise<DynamoDBClient> {
  claimDataDir(dataDir, closers);
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  closers.push(async () => client.destroy());
  return client;
}

/**
 * One worker per data dir (LevelDB allows one process): a pid file names the owner. A pid that no longer runs
 * (a killed worker) does not count.
 */
function claimDataDir(dataDir: string, closers: Array<() => Promise<void>>): void {
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, 'worker.pid');
  const owner = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  if (owner > 0 && owner !== process.pid && isRunning(owner)) {
    throw ConfigException.withMessage(
      WorkerKeys.DATA_DIR,
      `${WorkerKeys.DATA_DIR} ${dataDir} is in use by the worker with pid ${owner}; stop it or set another ${WorkerKeys.DATA_DIR}`,
    );
  }
  writeFileSync(pidFile, String(process.pid));
  closers.push(async () => rmSync(pidFile, { force: true }));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Serves the front app on one `http://host:port` listener (`http://:port` means every interface). */
async function listen(
  app: Hono,
  listener: string,
  closers: Array<() => Promise<void>>,
): Promise<{ host: string; port: number }> {
  const url = new URL(listener.replace('://:', '://0.0.0.0:'));
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const served = await serveConnectApp(app, { hostname, port: Number(url.port || 80) }).catch((e: Error) => {
    const code = (e.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code !== 'EADDRINUSE') throw e;
    throw ConfigException.withMessage(
      WorkerKeys.LISTENERS,
      `Cannot listen on ${listener}: the port is in use by another process (another worker?). Stop it, or set listeners (CONNECT_LISTENERS=http://127.0.0.1:<free port>) to another port`,
    );
  });
  closers.push(() => served.close());
  return { host: hostname === '0.0.0.0' ? '127.0.0.1' : hostname, port: served.port };
}

/** Fills the worker's converter defaults into configs that do not set them (Connect's worker-level converters). */
function withConverterDefaults(
  source: ConnectorConfigSource,
  defaults: Readonly<Record<string, string>>,
): ConnectorConfigSource {
  return {
    async get(context) {
      const snapshot = await source.get(context);
      const own = (prefix: string) => snapshot.config[prefix] !== undefined;
      const inherited = Object.entries(defaults).filter(([key]) => {
        const converter = key.split('.').slice(0, 2).join('.');
        return !own(converter);
      });
      return { ...snapshot, config: { ...Object.fromEntries(inherited), ...snapshot.config } };
    },
  };
}

/** Creates or updates one connector through the REST API, as connect-standalone does with its arguments. */
async function submit(app: Hono, file: ConnectorFile, logger: Logger): Promise<void> {
  const base = `http://worker/connectors/${encodeURIComponent(file.name)}`;
  const exists = (await app.fetch(new Request(base))).status === 200;
  const response = exists
    ? await app.fetch(
        new Request(`${base}/config`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(file.config),
        }),
      )
    : await app.fetch(
        new Request('http://worker/connectors', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: file.name,
            config: file.config,
            ...(file.initialState ? { initial_state: file.initialState } : {}),
          }),
        }),
      );
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (response.status >= 400) {
    throw new Error(`Connector ${file.name}: ${body.message ?? `HTTP ${response.status}`}`);
  }
  logger.info(`${exists ? 'Updated' : 'Created'} connector ${file.name}`);
}

/** The id of the cluster the brokers belong to (what Connect's `GET /` reports). */
async function clusterIdOf(kafka: Kafka): Promise<string> {
  const admin = kafka.admin({ retry: { retries: 1 } });
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

/** Says clearly how to get a broker when none answers; the worker keeps serving and connects once one is up. */
async function warnIfNoBroker(brokers: readonly string[], logger: Logger): Promise<void> {
  const reachable = await Promise.all(brokers.map((b) => canConnect(b)));
  if (reachable.some(Boolean)) return;
  logger.warn(
    `No Kafka broker answers at ${brokers.join(',')}. Start one with \`bash scripts/kafka.sh start\` ` +
      '(or set bootstrap.servers / CONNECT_BOOTSTRAP_SERVERS). The REST API is up meanwhile; connectors show ' +
      'FAILED with the reason and start consuming once the broker appears.',
  );
}

function canConnect(broker: string): Promise<boolean> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at).replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(broker.slice(at + 1)), timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs `task` every `ms` (unref'd, so it never keeps the process alive) until the worker closes. */
function every(ms: number, task: () => Promise<unknown>, closers: Array<() => Promise<void>>): void {
  const timer = setInterval(() => void task().catch(() => {}), ms);
  timer.unref();
  closers.push(async () => clearInterval(timer));
}
