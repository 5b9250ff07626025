// The Kafka Connect REST API (Connect's `ConnectorsResource`, `ConnectorPluginsResource`, `RootResource` and
// `LoggingResource`) as one Hono application: the same routes, status codes and JSON whether it runs behind API
// Gateway (functions/connect-api) or Node's HTTP server (the local worker).
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import packageJson from '../../package.json' with { type: 'json' };
import { type Logger, SILENT_LOGGER } from '../logging/index.ts';
import { requireAcceptsJson } from './accept.ts';
import {
  configMap,
  createConnectorRequest,
  loggerLevelRequest,
  offsetsRequest,
  requireJson,
} from './body.ts';
import { ConnectDefaults, LOG_LEVELS, Messages, REQUEST_LIMITS } from './constants.ts';
import { ConnectRestError, toRestError } from './errors.ts';
import { Herder, type HerderOptions } from './herder.ts';
import { readJsonBody } from './json-body.ts';
import { LoggerLevels } from './loggers.ts';
import type { ConnectorStateInfo, ServerInfo, WorkerInfo } from './types.ts';

/**
 * What the REST application serves: a herder (or the ports to build one), the process's logger levels, what `GET /`
 * reports, and where unexpected errors are logged.
 */
export type ConnectAppDeps = (
  | { readonly herder: Herder }
  | (HerderOptions & { readonly herder?: undefined })
) & {
  readonly loggers?: LoggerLevels;
  readonly worker?: WorkerInfo;
  readonly logger?: Logger;
};

type Handler = (c: Context) => Response | Promise<Response>;
type Route = readonly [
  path: string,
  methods: Readonly<Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>>,
];

/**
 * Builds the Connect REST application. Unknown paths answer 404 `HTTP 404 Not Found`, known paths with another
 * method 405, non-JSON bodies 415, and every error Connect's `{"error_code", "message"}`; an unexpected error is a
 * 500 that names a request id and is logged with its cause.
 *
 * @example
 * const app = createConnectApp({ store, runtime, offsets });
 * export const handler = handle(app);                       // API Gateway
 * await serveConnectApp(app, { hostname: '127.0.0.1', port: 8083 }); // Node
 */
export function createConnectApp(deps: ConnectAppDeps): Hono {
  const logger = deps.logger ?? SILENT_LOGGER;
  const herder = deps.herder !== undefined ? deps.herder : new Herder({ logger, ...deps });
  const loggers = deps.loggers ?? new LoggerLevels();
  const clusterId = clusterIdOf(deps.worker?.kafkaClusterId, logger);
  const server = async (): Promise<ServerInfo> => ({
    version: deps.worker?.version ?? ConnectDefaults.VERSION,
    commit: deps.worker?.commit ?? `${packageJson.name}@${packageJson.version}`,
    kafka_cluster_id: await clusterId(),
  });

  const connector = (c: Context) => {
    // Hono keeps a segment whose percent-encoding is not UTF-8 as it is; that would be another name.
    const raw = c.req.path.split('/')[2] ?? '';
    try {
      decodeURIComponent(raw);
    } catch {
      throw ConnectRestError.badRequest(Messages.badPathName);
    }
    return c.req.param('connector') as string;
  };
  const task = (c: Context) => {
    const text = c.req.param('task') as string;
    const n = /^[+-]?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
    // JAX-RS answers 404 when a path parameter does not convert to its Integer.
    if (!Number.isInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1)
      throw ConnectRestError.notFound(Messages.notFound);
    return n;
  };
  // Connect reads any value but "true" as false (Jersey's Boolean.valueOf); a typo should not restart less.
  const flag = (c: Context, name: string, fallback: boolean) => {
    const value = c.req.query(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw ConnectRestError.badRequest(
        `Invalid value ${JSON.stringify(value)} for query parameter ${name}: expected true or false`,
      );
    }
    return lower === 'true';
  };
  const json = async (c: Context) => {
    requireJson(c.req.header('content-type'));
    return readJsonBody(new Uint8Array(await c.req.arrayBuffer()));
  };

  // A change to the connector named in the path, answered with no body (202: accepted, 204: done).
  const change =
    (call: (name: string) => Promise<unknown>, status: 202 | 204): Handler =>
    async (c) => {
      await call(connector(c));
      return c.body(null, status);
    };

  const routes: readonly Route[] = [
    ['/', { GET: async (c) => c.json(await server()) }],
    [
      '/health',
      {
        GET: async (c) => {
          try {
            await herder.healthCheck();
            return c.json({ status: 'healthy', message: Messages.healthy });
          } catch (e) {
            logger.error('Health check failed', { error: e });
            return c.json(
              { status: 'unhealthy', message: `${Messages.unhealthy} The connector store did not answer.` },
              500,
            );
          }
        },
      },
    ],
    [
      '/connectors',
      {
        GET: async (c) => {
          const names = await herder.connectors();
          const expand = c.req.queries('expand') ?? [];
          if (expand.length === 0) return c.json(names);
          const entries = await mapLimited(names, ConnectDefaults.EXPAND_CONCURRENCY, (name) =>
            expanded(herder, name, expand, logger),
          );
          return c.json(Object.fromEntries(entries.filter((e) => e !== undefined)));
        },
        POST: async (c) => {
          const request = createConnectorRequest(await json(c));
          const info = await herder.createConnector(request.name, request.config, request.initialState);
          // Connect answers before its tasks are assigned, so a new connector lists none yet.
          return c.json({ ...info, tasks: [] }, 201, { Location: location(c, request.name) });
        },
      },
    ],
    [
      '/connectors/:connector',
      {
        GET: async (c) => c.json(await herder.connectorInfo(connector(c))),
        DELETE: change((name) => herder.deleteConnector(name), 204),
      },
    ],
    [
      '/connectors/:connector/config',
      {
        GET: async (c) => c.json(await herder.connectorConfig(connector(c))),
        PUT: async (c) => {
          const name = connector(c);
          const { created, info } = await herder.putConnectorConfig(name, configMap(await json(c), '$'));
          return created
            ? c.json({ ...info, tasks: [] }, 201, { Location: location(c, name) })
            : c.json(info, 200);
        },
        PATCH: async (c) =>
          c.json(await herder.patchConnectorConfig(connector(c), configMap(await json(c), '$'))),
      },
    ],
    [
      '/connectors/:connector/status',
      { GET: async (c) => c.json(await herder.connectorStatus(connector(c))) },
    ],
    ['/connectors/:connector/tasks', { GET: async (c) => c.json(await herder.taskConfigs(connector(c))) }],
    [
      '/connectors/:connector/tasks/:task/status',
      { GET: async (c) => c.json(await herder.taskStatus(connector(c), task(c))) },
    ],
    [
      '/connectors/:connector/tasks/:task/restart',
      {
        POST: async (c) => {
          await herder.restartTask(connector(c), task(c));
          return c.body(null, 204);
        },
      },
    ],
    [
      '/connectors/:connector/restart',
      {
        POST: async (c) => {
          const plan: ConnectorStateInfo | undefined = await herder.restartConnector(connector(c), {
            includeTasks: flag(c, 'includeTasks', false),
            onlyFailed: flag(c, 'onlyFailed', false),
          });
          return plan ? c.json(plan, 202) : c.body(null, 204);
        },
      },
    ],
    ['/connectors/:connector/pause', { PUT: change((name) => herder.pauseConnector(name), 202) }],
    ['/connectors/:connector/resume', { PUT: change((name) => herder.resumeConnector(name), 202) }],
    ['/connectors/:connector/stop', { PUT: change((name) => herder.stopConnector(name), 204) }],
    [
      '/connectors/:connector/topics',
      {
        GET: async (c) => {
          const name = connector(c);
          return c.json({ [name]: { topics: await herder.activeTopics(name) } });
        },
      },
    ],
    ['/connectors/:connector/topics/reset', { PUT: change((name) => herder.resetActiveTopics(name), 202) }],
    [
      '/connectors/:connector/offsets',
      {
        GET: async (c) => c.json(await herder.connectorOffsets(connector(c))),
        PATCH: async (c) => {
          const entries = offsetsRequest(await json(c));
          return c.json({ message: await herder.alterConnectorOffsets(connector(c), entries) });
        },
        DELETE: async (c) => c.json({ message: await herder.resetConnectorOffsets(connector(c)) }),
      },
    ],
    ['/connector-plugins', { GET: (c) => c.json(herder.plugins(flag(c, 'connectorsOnly', true))) }],
    [
      '/connector-plugins/:plugin/config',
      { GET: (c) => c.json(herder.connectorPluginConfig(c.req.param('plugin') as string)) },
    ],
    [
      '/connector-plugins/:plugin/config/validate',
      {
        PUT: async (c) => {
          const plugin = c.req.param('plugin') as string;
          const config = configMap(await json(c), '$');
          const included = config['connector.class'];
          // ConnectorPluginsResource.validateConfigs: names compared without a trailing "Connector".
          if (typeof included === 'string' && !pruned(included).endsWith(pruned(plugin))) {
            throw ConnectRestError.badRequest(Messages.includedTypeMismatch(included, plugin));
          }
          return c.json(herder.validateConnectorConfig(config));
        },
      },
    ],
    ['/admin/loggers', { GET: (c) => c.json(loggers.all()) }],
    [
      '/admin/loggers/:logger',
      {
        GET: (c) => {
          const name = c.req.param('logger') as string;
          const level = loggers.level(name);
          if (!level) throw ConnectRestError.notFound(Messages.loggerNotFound(name));
          return c.json(level);
        },
        PUT: async (c) => {
          const name = c.req.param('logger') as string;
          const level = loggerLevelRequest(await json(c));
          if (level === undefined) throw ConnectRestError.badRequest(Messages.noLevel);
          // LoggingResource: an unknown level is a 404.
          if (!LOG_LEVELS.includes(level.toUpperCase()))
            throw ConnectRestError.notFound(Messages.invalidLevel(level));
          const scope = (c.req.query('scope') ?? 'worker').toLowerCase();
          if (scope !== 'worker' && scope !== 'cluster') {
            logger.warn(
              `Received invalid scope '${scope}' in request to adjust logging level; will default to worker`,
            );
          }
          const affected = loggers.setLevel(name, level);
          return scope === 'cluster' ? c.body(null, 204) : c.json(affected);
        },
      },
    ],
  ];

  const app = new Hono({ strict: false });
  app.onError((e, c) => errorResponse(c, e, logger));
  // A body over the limit answers 413 before it is read whole (by Content-Length, or while streaming).
  app.use(
    bodyLimit({
      maxSize: REQUEST_LIMITS.maxBodyBytes,
      onError: () => {
        throw ConnectRestError.payloadTooLarge(REQUEST_LIMITS.maxBodyBytes);
      },
    }),
  );
  app.notFound((c) => c.json(ConnectRestError.notFound(Messages.notFound).toJSON(), 404));
  for (const [path, methods] of routes) {
    for (const [method, handler] of Object.entries(methods)) {
      app.on(method, path, (c) => {
        requireAcceptsJson(c.req.header('accept'));
        return handler(c);
      });
    }
    const allowed = Object.keys(methods);
    app.all(path, () => {
      throw ConnectRestError.methodNotAllowed(allowed);
    });
  }
  return app;
}

/** The cluster id `GET /` reports: given, or looked up until a lookup succeeds (then kept). */
function clusterIdOf(source: WorkerInfo['kafkaClusterId'], logger: Logger): () => Promise<string> {
  if (typeof source !== 'function') return async () => source ?? ConnectDefaults.KAFKA_CLUSTER_ID;
  let known: string | undefined;
  return async () => {
    if (known === undefined) {
      known = await source().catch((e: unknown) => {
        logger.warn('Cannot read the Kafka cluster id for GET /', { error: e });
        return undefined;
      });
    }
    return known ?? ConnectDefaults.KAFKA_CLUSTER_ID;
  };
}

/** One connector of `GET /connectors?expand=…`; omitted when it vanished meanwhile (Connect's NotFound handling). */
async function expanded(
  herder: Herder,
  name: string,
  expand: readonly string[],
  logger: Logger,
): Promise<[string, Record<string, unknown>] | undefined> {
  const entry: Record<string, unknown> = {};
  try {
    for (const expansion of expand) {
      if (expansion === 'status') entry.status = await herder.connectorStatus(name);
      else if (expansion === 'info') entry.info = await herder.connectorInfo(name);
      else logger.info(`Ignoring unknown expansion type ${expansion}`);
    }
  } catch (e) {
    if (e instanceof ConnectRestError && e.statusCode === 404) return undefined;
    throw e;
  }
  return [name, entry];
}

/** `Promise.all(items.map(work))` with at most `limit` calls of `work` running at once; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function errorResponse(c: Context, e: unknown, logger: Logger): Response {
  const rest = toRestError(e);
  if (rest) {
    if (rest.statusCode === 500) {
      logger.error(`${c.req.method} ${c.req.path} failed: ${rest.message}`, {
        retriable: rest.retriable,
        error: rest.cause,
      });
    }
    return c.json(rest.toJSON(), rest.statusCode as 400, rest.headers);
  }
  const requestId = randomUUID();
  logger.error(`${c.req.method} ${c.req.path} failed unexpectedly`, { requestId, error: e });
  return c.json(
    {
      error_code: 500,
      message: `Unexpected error while handling the request (logged with request id ${requestId})`,
    },
    500,
  );
}

/** `Response.created(uri)`: an absolute URL, including the API Gateway stage when the request came through one. */
function location(c: Context, name: string): string {
  return `${new URL(c.req.url).origin}${stagePrefix(c.env)}/connectors/${encodeURIComponent(name)}`;
}

/** API Gateway REST APIs strip the stage from `event.path`; `requestContext.path` keeps it. */
function stagePrefix(env: unknown): string {
  const bindings = env as { event?: { path?: unknown; requestContext?: { path?: unknown } } } | undefined;
  const inner = bindings?.event?.path;
  const outer = bindings?.event?.requestContext?.path;
  if (typeof inner !== 'string' || typeof outer !== 'string' || !outer.endsWith(inner)) return '';
  return outer.slice(0, outer.length - inner.length);
}

function pruned(name: string): string {
  return name.endsWith('Connector') && name.length > 'Connector'.length
    ? name.slice(0, -'Connector'.length)
    : name;
}
