// The AEP emulator: an HTTP server on 127.0.0.1 that answers like DCS Streaming Ingestion (`dcs.adobedc.net`) and
// IMS (`ims-na1.adobelogin.com`), with scripted faults and a record of every request and accepted message.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DecodedBody, decodeBody, type RawBody, readBody } from './body.ts';
import { type Answer, collectBatch, collectOne, problem } from './collection.ts';
import { AepEmulatorDefaults, EmulatorPaths, ImsErrors, ProblemTypes } from './constants.ts';
import { createIms, type ImsFlow } from './ims.ts';
import { type ResolvedOptions, resolveOptions } from './options.ts';
import type { AcceptedMessage, AepEmulator, AepEmulatorOptions, Fault, RecordedRequest } from './types.ts';

type Route =
  | { readonly kind: 'batch' | 'single'; readonly connectionId: string }
  | { readonly kind: 'ims'; readonly flow: ImsFlow }
  | { readonly kind: 'not-found' };

const IMS_FLOWS: Readonly<Record<string, ImsFlow>> = {
  [EmulatorPaths.IMS_TOKEN_V3]: 'client_credentials',
  [EmulatorPaths.IMS_TOKEN_V1]: 'authorization_code',
  [EmulatorPaths.IMS_EXCHANGE_JWT]: 'jwt',
};

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Authorization',
  403: 'Authorization',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Starts an AEP emulator on 127.0.0.1 (`options.port`, or a free port).
 *
 * @throws {AepEmulatorOptionsError} when an option is invalid (naming each one).
 * @example
 * const aep = await startAepEmulator({ dataType: 'xdm' });
 * const config = { 'aep.endpoint': aep.endpoint('inlet-1') };
 * // … deliver, then:
 * expect(aep.messages.map((m) => m.message)).toEqual(expected);
 * await aep.close();
 */
export async function startAepEmulator(options: AepEmulatorOptions = {}): Promise<AepEmulator> {
  const resolved = resolveOptions(options);
  const requests: RecordedRequest[] = [];
  const messages: AcceptedMessage[] = [];
  const faults: Fault[] = [];
  const imsFaults: Fault[] = [];
  const closing = new AbortController();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, problem(500, 'Internal Server Error', String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, AepEmulatorDefaults.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${AepEmulatorDefaults.HOST}:${port}`;
  const ims = createIms(resolved.auth, url, resolved.imsOrgId);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const record: RecordedRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: req.headers,
      receivedAt: Date.now(),
      rawBytes: 0,
      decodedBytes: undefined,
      status: undefined,
      outcome: 'pending',
    };
    requests.push(record);
    let raw: RawBody;
    try {
      raw = await readBody(req, resolved.maxRequestBytes * 2 + 1024);
    } catch {
      record.outcome = 'abandoned'; // the client went away while sending
      resolved.onRequest?.(record);
      return;
    }
    record.rawBytes = raw.rawBytes;
    if (resolved.latencyMs > 0) await delay(resolved.latencyMs);

    const route = routeOf(record.path);
    if (route.kind === 'not-found')
      return finish(res, record, problem(404, 'Not Found', `No route for ${record.path}`));
    if (record.method !== 'POST') {
      const answer = problem(
        405,
        'Method Not Allowed',
        `${record.method} is not allowed on ${record.path}; use POST`,
      );
      return finish(res, record, { ...answer, headers: { allow: 'POST' } });
    }

    const fault = (route.kind === 'ims' ? imsFaults : faults).shift();
    if (fault !== undefined && 'reset' in fault) {
      record.outcome = 'reset';
      req.socket.destroy();
      resolved.onRequest?.(record);
      return;
    }
    if (fault !== undefined && 'delayMs' in fault) await delay(fault.delayMs);
    if (fault !== undefined && 'status' in fault) return finish(res, record, faultAnswer(fault));

    const body = await decodeBody(raw, req.headers['content-encoding'], resolved.maxRequestBytes);
    record.decodedBytes = body.decodedBytes;
    const answer =
      route.kind === 'ims'
        ? await answerIms(route.flow, target.searchParams, body)
        : answerCollection(route, req, record, body);
    return finish(res, record, answer);
  }

  /** IMS reads its form from the body and the query ("parameters can be sent in the body or as query parameters"). */
  async function answerIms(flow: ImsFlow, query: URLSearchParams, body: DecodedBody): Promise<Answer> {
    if (!body.ok)
      return {
        status: body.status,
        body: { error: ImsErrors.INVALID_REQUEST, error_description: body.reason },
      };
    const form = new URLSearchParams(query);
    for (const [key, value] of new URLSearchParams(body.text)) form.set(key, value);
    return ims.issue(flow, form);
  }

  /** Token (401/403), body (415/413/400), then the batch or single-message answer; records accepted messages. */
  function answerCollection(
    route: { kind: 'batch' | 'single'; connectionId: string },
    req: IncomingMessage,
    record: RecordedRequest,
    body: DecodedBody,
  ): Answer {
    const authorization = resolved.auth === undefined ? 'valid' : ims.authorize(req.headers.authorization);
    if (authorization !== 'valid') return unauthorized(authorization, record, resolved);
    if (!body.ok) return problem(body.status, STATUS_TITLES[body.status] ?? 'Error', body.reason);
    const contentType = req.headers['content-type'];
    if (contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      return problem(
        400,
        'Bad Request',
        `Content-Type must be application/json, got ${contentType ?? 'none'}`,
      );
    }
    const syncValidation = record.query.syncValidation?.toLowerCase() === 'true';
    if (route.kind === 'single' && syncValidation && !resolved.syncValidation) {
      return problem(501, 'Not Implemented', 'Synchronous validation is not supported at this location');
    }
    const request = {
      connectionId: route.connectionId,
      requestIndex: record.index,
      receivedAt: record.receivedAt,
      text: body.text,
    };
    // syncValidation is "only available for the single message endpoint"; the batch endpoint ignores it.
    const result =
      route.kind === 'batch'
        ? collectBatch(request, resolved)
        : collectOne(request, resolved, syncValidation);
    messages.push(...result.accepted);
    return result.answer;
  }

  function finish(res: ServerResponse, record: RecordedRequest, answer: Answer): void {
    record.status = answer.status;
    if (res.destroyed || res.socket?.destroyed) {
      record.outcome = 'abandoned';
    } else {
      send(res, answer);
      record.outcome = 'answered';
    }
    resolved.onRequest?.(record);
  }

  /** Waits, unless the emulator is closing. */
  async function delay(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  }

  return {
    url,
    imsEndpoint: url,
    port,
    endpoint: (connectionId = 'inlet') =>
      `${url}${EmulatorPaths.COLLECTION}/${encodeURIComponent(connectionId)}`,
    requests,
    messages,
    get tokensIssued() {
      return ims.tokensIssued;
    },
    enqueue: (...more) => void faults.push(...more),
    enqueueIms: (...more) => void imsFaults.push(...more),
    expireTokens: () => ims.expireAll(),
    reset() {
      requests.length = 0;
      messages.length = 0;
      faults.length = 0;
      imsFaults.length = 0;
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * `/collection/{id}`, `/collection/batch/{id}` and the IMS token paths (with or without a trailing slash).
 * `/collection/batch` without an id is a client that forgot the id, not an inlet named `batch`.
 */
function routeOf(path: string): Route {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const flow = IMS_FLOWS[trimmed];
  if (flow !== undefined) return { kind: 'ims', flow };
  let segments: string[];
  try {
    segments = trimmed.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { kind: 'not-found' }; // a malformed %-escape
  }
  if (segments[0] !== EmulatorPaths.COLLECTION.slice(1)) return { kind: 'not-found' };
  if (segments.length === 2 && segments[1] && segments[1] !== EmulatorPaths.BATCH_SEGMENT) {
    return { kind: 'single', connectionId: segments[1] };
  }
  if (segments.length === 3 && segments[1] === EmulatorPaths.BATCH_SEGMENT && segments[2]) {
    return { kind: 'batch', connectionId: segments[2] };
  }
  return { kind: 'not-found' };
}

/** The problem JSON AEP answers on authenticated inlets (sources/tutorials/api/create/streaming/http, appendix). */
function unauthorized(
  authorization: 'missing' | 'invalid',
  record: RecordedRequest,
  options: ResolvedOptions,
): Answer {
  const id = `${record.receivedAt}:${process.pid}:${record.index}`;
  const [status, message] =
    authorization === 'missing'
      ? [401, `[${id}] Ims service token is empty`]
      : [options.invalidTokenStatus, `[${id}] Ims service token is invalid or expired`];
  return problem(status, 'Authorization', message, {
    type: ProblemTypes.AUTHORIZATION,
    statusAsString: true,
  });
}

function faultAnswer(fault: { status: number; retryAfter?: number | string; body?: unknown }): Answer {
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
  const title = STATUS_TITLES[fault.status] ?? 'Error';
  return { ...problem(fault.status, title, `Injected fault: ${fault.status} ${title}`), headers };
}

function send(res: ServerResponse, answer: Answer): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type':
      typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(text);
}
