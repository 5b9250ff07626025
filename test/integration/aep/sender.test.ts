// The AEP sender over real HTTP against the AEP emulator (shared/aep-emulator): batching, gzip, retries, 413 splits,
// 207 results, tokens, allowlist, deadline, keep-alive and proxies.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AepMetricNames,
  type AepMetrics,
  type AepSender,
  type AepSenderDeps,
  createAepSender,
  FAST_RETRY,
  type MessageOutcome,
} from '../../../shared/aep/index.ts';
import {
  type AepEmulator,
  type AepEmulatorOptions,
  startAepEmulator,
} from '../../../shared/aep-emulator/index.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';

const LOCAL = ['127.0.0.1', 'localhost'];
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((close) => close()));
});

async function emulator(options: AepEmulatorOptions = {}): Promise<AepEmulator> {
  const aep = await startAepEmulator(options);
  cleanups.push(() => aep.close());
  return aep;
}

/** A sender to the emulator's connection `inlet-1`, with `props` added. */
function senderTo(aep: AepEmulator, props: Record<string, string> = {}, deps: AepSenderDeps = {}): AepSender {
  return sender({ 'aep.endpoint': aep.endpoint('inlet-1'), ...props }, deps);
}

function sender(props: Record<string, string>, deps: AepSenderDeps = {}): AepSender {
  const created = createAepSender(props, { allowedHosts: LOCAL, retry: FAST_RETRY, ...deps });
  cleanups.push(() => created.close());
  return created;
}

function messages(count: number, pad = 100): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ id: i, text: `é€${'x'.repeat(pad)}` }));
}

const soon = (ms = 10_000) => ({ deadline: Date.now() + ms });
const collection = (aep: AepEmulator) => aep.requests.filter((r) => r.path.startsWith('/collection/'));
const accepted = (aep: AepEmulator) => aep.messages.map((m) => JSON.stringify(m.message));
const allOk = (outcomes: MessageOutcome[]) => outcomes.every((o) => o.ok);

function recordingMetrics() {
  const seen: { name: string; unit: string; value: number }[] = [];
  const metrics: AepMetrics = { addMetric: (name, unit, value) => seen.push({ name, unit, value }) };
  const total = (name: string) => seen.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
  return { metrics, total };
}

describe('delivery', () => {
  it('posts every message once, in order, to the batch endpoint, cut by the soft target', async () => {
    const aep = await emulator();
    const input = messages(50, 1_000);
    const outcomes = await senderTo(aep, {
      'aep.flush.bytes.kb': '10',
      'aep.max.in.flight.requests': '1',
    }).send(input, soon());
    expect(outcomes).toHaveLength(50);
    expect(allOk(outcomes)).toBe(true);
    expect(accepted(aep)).toEqual(input);
    const requests = collection(aep);
    expect(requests.length).toBe(5);
    expect(requests.every((r) => r.path === '/collection/batch/inlet-1' && r.status === 207)).toBe(true);
    expect(requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends gzip bodies that decode to the same messages', async () => {
    const aep = await emulator();
    const input = messages(300, 500);
    const { metrics, total } = recordingMetrics();
    const outcomes = await senderTo(
      aep,
      { 'aep.compression': 'gzip', 'aep.flush.bytes.kb': '900' },
      { metrics },
    ).send(input, soon());
    expect(allOk(outcomes)).toBe(true);
    expect(accepted(aep)).toEqual(input);
    const [request] = collection(aep);
    expect(request?.headers['content-encoding']).toBe('gzip');
    expect(request?.rawBytes).toBeLessThan((request?.decodedBytes ?? 0) / 4);
    expect(total(AepMetricNames.BYTES_WIRE)).toBe(request?.rawBytes);
    expect(total(AepMetricNames.BYTES_RAW)).toBe(request?.decodedBytes);
  });

  it('sends the configured headers, flow id and sandbox, and keeps the query string', async () => {
    const aep = await emulator();
    await sender({
      'aep.endpoint': `${aep.endpoint('inlet-1')}?source=kafka`,
      'aep.connection.endpoint.headers': '{"x-adobe-dataset-id":"ds-1"}',
      'aep.flow.id': 'flow-1',
      'aep.sandbox.name': 'dev',
    }).send(messages(1), soon());
    const [request] = collection(aep);
    expect(request?.query).toEqual({ source: 'kafka' });
    expect(request?.headers).toMatchObject({
      'x-adobe-dataset-id': 'ds-1',
      'x-adobe-flow-id': 'flow-1',
      'x-sandbox-name': 'dev',
    });
  });

  it('keeps outcomes in input order with at most aep.max.in.flight.requests requests in flight', async () => {
    const spans: [number, number][] = [];
    const aep = await emulator({
      latencyMs: 100,
      rejectMessage: (message) => ((message.id as number) % 7 === 3 ? 'no' : undefined),
      onRequest: (request) => spans.push([request.receivedAt, Date.now()]),
    });
    const input = messages(40, 1_000);
    const outcomes = await senderTo(aep, {
      'aep.flush.bytes.kb': '5',
      'aep.max.in.flight.requests': '4',
    }).send(input, soon());
    expect(outcomes.map((o) => o.ok)).toEqual(input.map((_, i) => i % 7 !== 3));
    expect(spans).toHaveLength(8);
    const inFlight = spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length);
    expect(Math.max(...inFlight)).toBe(4);
  });

  it('reuses one kept-alive connection across requests and sends', async () => {
    const aep = await emulator();
    const connected = vi.fn();
    subscribe('undici:client:connected', connected);
    try {
      const s = senderTo(aep, { 'aep.max.in.flight.requests': '1' });
      for (let i = 0; i < 5; i++) expect(allOk(await s.send(messages(3), soon()))).toBe(true);
    } finally {
      unsubscribe('undici:client:connected', connected);
    }
    expect(collection(aep)).toHaveLength(5);
    expect(connected).toHaveBeenCalledTimes(1);
  });

  it('fails a message too large for any request without sending it, and delivers the others', async () => {
    const aep = await emulator();
    const input = [...messages(2), JSON.stringify({ big: 'x'.repeat(2_000) }), ...messages(2)];
    const outcomes = await senderTo(aep, {
      'aep.max.request.bytes': '1024',
    }).send(input, soon());
    expect(outcomes[2]).toEqual({
      ok: false,
      rejected: true,
      retriable: false,
      status: 413,
      reason:
        'message of 2010 bytes cannot be sent: with the {"messages":[…]} envelope its request would exceed aep.max.request.bytes=1024 bytes',
    });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
    expect(accepted(aep)).toEqual([...input.slice(0, 2), ...input.slice(3)]);
  });
});

describe('retries', () => {
  it('delivers everything after 503 ×3, waiting Retry-After when AEP sends it', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 503, retryAfter: 1 }, { status: 503 }, { status: 503 });
    const { metrics, total } = recordingMetrics();
    const input = messages(10);
    const outcomes = await senderTo(aep, { 'aep.connection.maxRetries': '4' }, { metrics }).send(
      input,
      soon(),
    );
    expect(allOk(outcomes)).toBe(true);
    expect(accepted(aep)).toEqual(input);
    const requests = collection(aep);
    expect(requests.map((r) => r.status)).toEqual([503, 503, 503, 207]);
    const gaps = requests.slice(1).map((r, i) => r.receivedAt - (requests[i]?.receivedAt ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(990);
    expect(Math.max(gaps[1] ?? 0, gaps[2] ?? 0)).toBeLessThan(500);
    expect(total(AepMetricNames.RETRIES)).toBe(3);
    expect(total(AepMetricNames.REQUESTS)).toBe(4);
  });

  it('retries 429 and counts the throttle', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 429, retryAfter: 0 });
    const { metrics, total } = recordingMetrics();
    const outcomes = await senderTo(aep, {}, { metrics }).send(messages(3), soon());
    expect(allOk(outcomes)).toBe(true);
    expect(collection(aep).map((r) => r.status)).toEqual([429, 207]);
    expect(total(AepMetricNames.THROTTLES)).toBe(1);
  });

  it('retries a reset connection', async () => {
    const aep = await emulator();
    aep.enqueue({ reset: true });
    const outcomes = await senderTo(aep).send(messages(3), soon());
    expect(allOk(outcomes)).toBe(true);
    expect(aep.messages).toHaveLength(3);
  });

  it('gives up after maxRetries attempts in all, with retriable outcomes naming the last answer', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const outcomes = await senderTo(aep).send(messages(2), soon());
    expect(collection(aep)).toHaveLength(3);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: true, status: 503 });
    expect(outcomes[0]?.ok === false && outcomes[0].reason).toMatch(
      /^AEP request gave up after 3 attempts: AEP answered 503: Service Unavailable/,
    );
  });

  it('does not retry a 400 and fails every message of the request with AEP’s reason', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 400, body: { title: 'Bad Request', report: { message: 'Invalid batch' } } });
    const outcomes = await senderTo(aep).send(messages(2), soon());
    expect(collection(aep)).toHaveLength(1);
    expect(outcomes).toEqual([
      expect.objectContaining({
        ok: false,
        retriable: false,
        status: 400,
        reason: 'AEP answered 400: Bad Request: Invalid batch',
      }),
      expect.objectContaining({ ok: false, rejected: true, retriable: false, status: 400 }),
    ]);
  });

  it('splits a request AEP answers with 413 until the halves fit, each message delivered once', async () => {
    const aep = await emulator({ maxRequestBytes: 3_000 });
    const input = messages(20, 400);
    const outcomes = await senderTo(aep, {
      'aep.flush.bytes.kb': '100',
    }).send(input, soon());
    expect(allOk(outcomes)).toBe(true);
    expect(accepted(aep).sort()).toEqual([...input].sort());
    const statuses = collection(aep).map((r) => r.status);
    expect(statuses[0]).toBe(413);
    expect(statuses.filter((s) => s === 207).length).toBeGreaterThan(1);
  });

  it('with messages added in parts and 4 requests in flight, splits on 413 and reports each message once', async () => {
    const aep = await emulator({ maxRequestBytes: 3_000, latencyMs: 5 });
    const input = messages(60, 400);
    const reported: number[] = [];
    const delivery = senderTo(aep, {
      'aep.flush.bytes.kb': '8',
      'aep.max.in.flight.requests': '4',
    }).open({ ...soon(), onOutcomes: (indexes) => reported.push(...indexes) });
    for (let i = 0; i < input.length; i += 7) delivery.add(input.slice(i, i + 7));
    const outcomes = await delivery.end();
    expect(allOk(outcomes)).toBe(true);
    expect(outcomes).toHaveLength(60);
    expect(accepted(aep).sort()).toEqual([...input].sort());
    expect(reported.sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    const statuses = collection(aep).map((r) => r.status);
    expect(statuses.filter((s) => s === 413).length).toBeGreaterThan(1);
  });

  it('with 4 requests in flight and one failing for good, fails only that request’s messages', async () => {
    const aep = await emulator({ latencyMs: 5 });
    aep.enqueue({ delayMs: 0 }, { delayMs: 0 }, { status: 503 });
    const input = messages(80, 400);
    const outcomes = await senderTo(aep, {
      'aep.max.messages.per.request': '10',
      'aep.max.in.flight.requests': '4',
      'aep.connection.maxRetries': '1',
    }).send(input, soon());
    const failed = outcomes.flatMap((o, i) => (o.ok ? [] : [i]));
    expect(failed).toHaveLength(10);
    expect(failed).toEqual([...Array(10).keys()].map((k) => (failed[0] as number) + k));
    expect(outcomes[failed[0] as number]).toMatchObject({
      ok: false,
      rejected: false,
      retriable: true,
      status: 503,
    });
    expect(accepted(aep)).toHaveLength(70);
  });

  it('fails, not retriably, a single message that still gets 413', async () => {
    const aep = await emulator({ maxRequestBytes: 1_000 });
    const input = [JSON.stringify({ big: 'x'.repeat(1_500) }), ...messages(2)];
    const outcomes = await senderTo(aep).send(input, soon());
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: false, status: 413 });
    expect(outcomes.slice(1).every((o) => o.ok)).toBe(true);
    expect(accepted(aep)).toEqual(input.slice(1));
  });
});

describe('207 answers', () => {
  it.each(['statusCode', 'status'] as const)(
    'fails exactly the rejected messages (%s) and resends nothing that succeeded',
    async (failureStatusField) => {
      const aep = await emulator({
        failureStatusField,
        rejectMessage: (message) => ((message.id as number) % 4 === 1 ? 'id must be even' : undefined),
      });
      const input = messages(8);
      const outcomes = await senderTo(aep).send(input, soon());
      expect(collection(aep)).toHaveLength(1);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true, true, false, true, true]);
      expect(outcomes[1]).toMatchObject({ ok: false, retriable: false, status: 400 });
      expect(outcomes[1]?.ok === false && outcomes[1].reason).toContain('id must be even');
      expect(accepted(aep)).toEqual(input.filter((_, i) => i % 4 !== 1));
    },
  );
});

describe('authentication', () => {
  const credentials = { clientId: 'client-1', clientSecret: 'secret-&+=' };
  const oauth = (aep: AepEmulator) => ({
    'aep.endpoint': aep.endpoint('inlet-1'),
    'aep.connection.auth.enabled': 'true',
    'aep.connection.auth.endpoint': aep.imsEndpoint,
    'aep.connection.auth.client.id': credentials.clientId,
    'aep.connection.auth.client.secret': credentials.clientSecret,
  });

  it('gets one OAuth token for concurrent requests and sends it as a bearer token', async () => {
    const aep = await emulator({ auth: credentials });
    const outcomes = await sender({ ...oauth(aep), 'aep.flush.bytes.kb': '1' }).send(messages(20), soon());
    expect(allOk(outcomes)).toBe(true);
    expect(aep.tokensIssued).toBe(1);
    expect(collection(aep).every((r) => r.headers.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('shares the token with a second sender of the same credential (a warm container)', async () => {
    const aep = await emulator({ auth: credentials });
    await sender(oauth(aep)).send(messages(1), soon());
    await sender(oauth(aep)).send(messages(1), soon());
    expect(aep.tokensIssued).toBe(1);
  });

  it.each([401, 403] as const)(
    'refreshes an expired token once on %s and delivers',
    async (invalidTokenStatus) => {
      const aep = await emulator({ auth: credentials, invalidTokenStatus });
      const s = sender(oauth(aep));
      expect(allOk(await s.send(messages(2), soon()))).toBe(true);
      aep.expireTokens();
      const outcomes = await s.send(messages(2), soon());
      expect(allOk(outcomes)).toBe(true);
      expect(aep.tokensIssued).toBe(2);
      expect(collection(aep).map((r) => r.status)).toEqual([207, invalidTokenStatus, 207]);
    },
  );

  it('fails not retriably with AEP’s reason when the new token is refused too', async () => {
    const aep = await emulator({ auth: credentials });
    aep.enqueue(
      { status: 403, body: { title: 'Authorization', report: { message: 'token refused' } } },
      { status: 403, body: { title: 'Authorization', report: { message: 'token refused again' } } },
    );
    const outcomes = await sender(oauth(aep)).send(messages(2), soon());
    expect(collection(aep)).toHaveLength(2);
    expect(aep.tokensIssued).toBe(2);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      retriable: false,
      status: 403,
      reason: 'AEP answered 403: Authorization: token refused again',
    });
  });

  it('fails not retriably, without a collection request, when IMS refuses the credentials', async () => {
    const aep = await emulator({ auth: credentials });
    const outcomes = await sender({ ...oauth(aep), 'aep.connection.auth.client.secret': 'wrong' }).send(
      messages(2),
      soon(),
    );
    expect(collection(aep)).toHaveLength(0);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: false });
    expect(outcomes[0]?.ok === false && outcomes[0].reason).toMatch(
      /^IMS token request to .* failed: IMS answered 40\d/,
    );
    expect(JSON.stringify(outcomes[0]?.ok === false && outcomes[0].reason)).not.toContain('wrong');
  });

  it('retries an IMS outage and fails retriably when it lasts', async () => {
    const aep = await emulator({ auth: credentials });
    aep.enqueueIms({ status: 503 }, { status: 503 }, { status: 503 });
    const outcomes = await sender(oauth(aep)).send(messages(1), soon());
    expect(aep.requests.filter((r) => r.path === '/ims/token/v3')).toHaveLength(3);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: true });
  });

  it('sends a static token as it is and fails not retriably when AEP refuses it', async () => {
    const aep = await emulator({ auth: credentials });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: 'openid',
    });
    const { access_token: token } = (await (
      await fetch(`${aep.imsEndpoint}/ims/token/v3`, { method: 'POST', body: form })
    ).json()) as {
      access_token: string;
    };
    const s = senderTo(aep, {
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token': token,
    });
    expect(allOk(await s.send(messages(1), soon()))).toBe(true);
    expect(collection(aep)[0]?.headers.authorization).toBe(`Bearer ${token}`);
    aep.expireTokens();
    const outcomes = await s.send(messages(1), soon());
    expect(outcomes[0]).toMatchObject({ ok: false, rejected: false, retriable: false, status: 403 });
    expect(aep.tokensIssued).toBe(1);
  });
});

describe('allowed hosts', () => {
  it('refuses an AEP endpoint outside the allowlist before any request', async () => {
    const aep = await emulator();
    const create = () => createAepSender({ 'aep.endpoint': aep.endpoint('inlet-1') });
    expect(create).toThrow(ConfigErrors);
    expect(create).toThrow(
      /Invalid value http:\/\/127\.0\.0\.1:\d+\/collection\/inlet-1 for configuration aep\.endpoint: host 127\.0\.0\.1 is not in the deployment's allowed hosts/,
    );
    expect(aep.requests).toHaveLength(0);
  });

  it('refuses an IMS endpoint outside the allowlist before any request', async () => {
    const aep = await emulator({ auth: { clientId: 'c', clientSecret: 's' } });
    const create = () =>
      createAepSender(
        {
          'aep.endpoint': aep.endpoint('inlet-1'),
          'aep.connection.auth.enabled': 'true',
          'aep.connection.auth.endpoint': aep.imsEndpoint.replace('127.0.0.1', 'localhost'),
          'aep.connection.auth.client.id': 'c',
          'aep.connection.auth.client.secret': 's',
        },
        { allowedHosts: ['127.0.0.1'] },
      );
    expect(create).toThrow(
      /for configuration aep\.connection\.auth\.endpoint: host localhost is not in the deployment's allowed hosts/,
    );
    expect(aep.requests).toHaveLength(0);
  });
});

describe('deadline', () => {
  it('gives up when an answer does not come before the deadline, with retriable outcomes', async () => {
    const aep = await emulator();
    aep.enqueue({ delayMs: 3_000 });
    const started = Date.now();
    const outcomes = await senderTo(aep).send(messages(2), soon(500));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: true });
    expect(outcomes[0]?.ok === false && outcomes[0].reason).toMatch(
      /^AEP request deadline reached after 1 attempt/,
    );
  });

  it('does not wait a Retry-After that ends past the deadline', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 503, retryAfter: 30 });
    const started = Date.now();
    const outcomes = await senderTo(aep).send(messages(1), soon(5_000));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(collection(aep)).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: true, status: 503 });
  });

  it('sends nothing when the deadline has passed or the signal is aborted', async () => {
    const aep = await emulator();
    const s = senderTo(aep);
    const late = await s.send(messages(2), { deadline: Date.now() - 1 });
    const controller = new AbortController();
    controller.abort();
    const aborted = await s.send(messages(2), { deadline: Date.now() + 5_000, signal: controller.signal });
    expect(aep.requests).toHaveLength(0);
    expect([...late, ...aborted].every((o) => !o.ok && o.retriable)).toBe(true);
  });
});

describe('proxy', () => {
  /** A CONNECT proxy that requires basic credentials when `credentials` is set, and records the tunnels it opened. */
  async function connectProxy(credentials?: string) {
    const tunnels: { target: string; auth: string | undefined }[] = [];
    const sockets = new Set<Socket>();
    const server: Server = createServer((_req, res) => {
      res.writeHead(405).end();
    });
    server.on('connect', (req, client: Socket) => {
      sockets.add(client);
      const auth = req.headers['proxy-authorization'];
      tunnels.push({ target: req.url ?? '', auth });
      if (credentials && auth !== `Basic ${Buffer.from(credentials).toString('base64')}`) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    return { port: (server.address() as AddressInfo).port, tunnels };
  }

  it('tunnels IMS and AEP calls through aep.connection.proxy.* with basic proxy credentials', async () => {
    const aep = await emulator({ auth: { clientId: 'c', clientSecret: 's' } });
    const proxy = await connectProxy('proxy-user:proxy-pass');
    const outcomes = await senderTo(aep, {
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.endpoint': aep.imsEndpoint,
      'aep.connection.auth.client.id': 'c',
      'aep.connection.auth.client.secret': 's',
      'aep.connection.proxy.host': '127.0.0.1',
      'aep.connection.proxy.port': String(proxy.port),
      'aep.connection.proxy.user': 'proxy-user',
      'aep.connection.proxy.password': 'proxy-pass',
    }).send(messages(2), soon());
    expect(allOk(outcomes)).toBe(true);
    expect(aep.tokensIssued).toBe(1);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.every((t) => t.target === `127.0.0.1:${aep.port}`)).toBe(true);
    expect(aep.requests.map((r) => r.path)).toEqual(['/ims/token/v3', '/collection/batch/inlet-1']);
  });

  it('fails retriably when the proxy refuses the credentials', async () => {
    const aep = await emulator();
    const proxy = await connectProxy('proxy-user:proxy-pass');
    const outcomes = await senderTo(aep, {
      'aep.connection.proxy.host': '127.0.0.1',
      'aep.connection.proxy.port': String(proxy.port),
      'aep.connection.proxy.user': 'proxy-user',
      'aep.connection.proxy.password': 'wrong',
    }).send(messages(1), soon());
    expect(aep.requests).toHaveLength(0);
    expect(outcomes[0]).toMatchObject({ ok: false, retriable: true });
  });

  it('uses HTTP_PROXY from the environment when no proxy key is set', async () => {
    const aep = await emulator();
    const proxy = await connectProxy();
    vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${proxy.port}`);
    vi.stubEnv('NO_PROXY', '');
    const outcomes = await senderTo(aep).send(messages(1), soon());
    expect(allOk(outcomes)).toBe(true);
    expect(proxy.tunnels.map((t) => t.target)).toEqual([`127.0.0.1:${aep.port}`]);
  });
});
