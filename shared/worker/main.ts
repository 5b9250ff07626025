// `npm start [worker.properties] [connector.properties|connector.json …]`: the local worker, started like
// Connect's `connect-standalone.sh worker.properties connector1.properties …` and serving the REST API like a
// distributed worker on :8083.
import { consoleLogger } from '../logging/index.ts';
import { loadWorkerConfig, readProperties } from './config.ts';
import { startWorker } from './worker.ts';

const USAGE = `Usage: npm start -- [worker.properties] [connector.properties | connector.json ...]

  worker.properties   optional worker settings (Connect's key names; see docs/local-worker.md).
                      Any setting can also come from CONNECT_<KEY> variables (CONNECT_LISTENERS=http://:8083).
  connector files     created or updated at start, as connect-standalone does.

The Kafka Connect REST API listens on http://127.0.0.1:8083 unless listeners says otherwise.`;

const log = consoleLogger('[worker]', { debug: true });

async function main(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // The first argument is the worker file unless it is itself a connector (it has connector.class).
  const first = args[0];
  const workerFile =
    first?.endsWith('.properties') && readProperties(first)['connector.class'] === undefined
      ? first
      : undefined;
  const connectorFiles = workerFile ? args.slice(1) : args;
  const config = loadWorkerConfig(workerFile, process.env);
  for (const key of config.unused)
    log.warn(`${key} is not used by the local worker (see docs/local-worker.md)`);

  const worker = await startWorker({ config, connectorFiles, logger: log });
  const wide = config.listeners.some((l) => !/\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/.test(l));
  if (wide && !config.basicAuthFile) {
    log.warn(
      'the REST API listens beyond this machine without authentication; set rest.basic.auth.credentials.file',
    );
  }
  log.info(
    `Kafka Connect REST API on ${worker.url} (worker ${worker.workerId}); metrics on ${worker.url}/metrics`,
  );
  log.info(`connector state in ${config.dataDir}; brokers ${config.bootstrapServers.join(',')}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(
        `${signal} again: exiting without waiting for in-flight batches (their offsets stay uncommitted)`,
      );
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal}: stopping connectors (in-flight batches finish or are abandoned uncommitted)…`);
    await worker.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  log.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
