// HTTP transport of AEP and IMS calls over undici: keep-alive connections per origin (no new TLS handshake per
// request), connect and read timeouts from the Java keys, the proxy of `aep.connection.proxy.*` (the Java connector's
// `java.net.Proxy(Type.HTTP)`) or else the usual HTTPS_PROXY/HTTP_PROXY/NO_PROXY variables.
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent, request } from 'undici';
import type { AepConfig } from './settings.ts';

/**
 * An HTTP answer with its whole body read as text.
 */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * The dispatcher of one sender: a keep-alive `Agent` with at most `aep.max.in.flight.requests` connections per origin,
 * behind a `ProxyAgent` when `aep.connection.proxy.host` is set, else an `EnvHttpProxyAgent` (a plain agent when no
 * proxy variable is set).
 *
 * @example
 * const dispatcher = createDispatcher(config);
 * await dispatcher.close();
 */
export function createDispatcher(config: AepConfig): Dispatcher {
  const connectTimeout = config.connectTimeoutMs;
  const options: EnvHttpProxyAgent.Options = {
    connections: config.maxInFlightRequests,
    connectTimeout,
    headersTimeout: config.readTimeoutMs,
    bodyTimeout: config.readTimeoutMs,
    // Tunnelled connections are opened by the proxy agents' own connectors.
    proxyTls: { timeout: connectTimeout },
    requestTls: { timeout: connectTimeout },
  };
  const { proxy } = config;
  if (!proxy) return new EnvHttpProxyAgent(options);
  const credentials =
    proxy.user && proxy.password
      ? `Basic ${Buffer.from(`${proxy.user}:${proxy.password.value}`).toString('base64')}`
      : undefined;
  return new ProxyAgent({ ...options, uri: `http://${proxy.host}:${proxy.port}`, token: credentials });
}

/**
 * POSTs `body` once and reads the whole answer, giving up at `deadline` (epoch ms) or when `signal` aborts.
 *
 * @throws the transport's error (connection refused or reset, timeout, abort): the caller decides about retrying.
 */
export async function post(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  deadline: number,
  signal?: AbortSignal,
): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
  const response = await request(url, {
    dispatcher,
    method: 'POST',
    headers,
    body,
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

/**
 * A short description of a transport error for an outcome's reason, e.g. `UND_ERR_CONNECT_TIMEOUT: Connect Timeout Error`.
 *
 * @example
 * describeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })); // 'ECONNRESET: socket hang up'
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
}
