// Scripted faults (status, delay, reset), latency, reset() and close() of the emulator, over real HTTP.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { AepEmulator, RecordedRequest } from '../../../shared/aep-emulator/index.ts';
import { batchUrl, emulator, imsPost, post } from './support.ts';

const batch = { messages: [{ id: 1 }] };

/** Waits (boundedly) until the emulator has finished with request `index`. */
async function settled(aep: AepEmulator, index: number): Promise<RecordedRequest> {
  for (let i = 0; i < 200; i++) {
    const record = aep.requests[index];
    if (record && record.outcome !== 'pending') return record;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`request ${index} still pending after 2 s`);
}

describe('status faults', () => {
  it('serves queued statuses in order to the next collection requests, then answers normally', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 503 }, { status: 429, retryAfter: 2 });

    const first = await post(batchUrl(aep), batch);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(first.headers.get('retry-after')).toBeNull();
    const second = await post(batchUrl(aep), batch);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect((await post(batchUrl(aep), batch)).status).toBe(207);

    expect(aep.messages).toHaveLength(1);
    expect(aep.requests.map((r) => r.status)).toEqual([503, 429, 207]);
  });

  it('sends Retry-After as an HTTP date and a custom JSON or text body', async () => {
    const aep = await emulator();
    const date = new Date(Date.now() + 5_000).toUTCString();
    aep.enqueue(
      { status: 503, retryAfter: date, body: { custom: true } },
      { status: 502, body: '<html>bad gateway</html>' },
    );

    const json = await post(aep.endpoint(), {});
    expect(json.headers.get('retry-after')).toBe(date);
    expect(json.body).toEqual({ custom: true });
    const text = await post(aep.endpoint(), {});
    expect(text.status).toBe(502);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.body).toBe('<html>bad gateway</html>');
  });

  it('leaves IMS requests alone, and serves enqueueIms faults to IMS only', async () => {
    const aep = await emulator({ auth: { clientId: 'c', clientSecret: 's' } });
    const form = { grant_type: 'client_credentials', client_id: 'c', client_secret: 's', scope: 'openid' };
    aep.enqueue({ status: 500 });
    aep.enqueueIms({ status: 503 });

    expect((await imsPost(aep, '/ims/token/v3', form)).status).toBe(503);
    const token = await imsPost(aep, '/ims/token/v3', form);
    expect(token.status).toBe(200);
    expect(
      (await post(batchUrl(aep), batch, { authorization: `Bearer ${token.body.access_token}` })).status,
    ).toBe(500);
    expect(aep.tokensIssued).toBe(1);
  });
});

describe('delay faults', () => {
  it('answers normally after the delay', async () => {
    const aep = await emulator();
    aep.enqueue({ delayMs: 150 });
    const started = Date.now();
    const answer = await post(batchUrl(aep), batch);
    expect(answer.status).toBe(207);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(aep.messages).toHaveLength(1);
  });

  it('still accepts the messages of a client that timed out, recording the request as abandoned', async () => {
    const aep = await emulator();
    aep.enqueue({ delayMs: 400 });
    await expect(post(batchUrl(aep), batch, {}, { signal: AbortSignal.timeout(50) })).rejects.toThrow();

    const record = await settled(aep, 0);
    expect(record).toMatchObject({ status: 207, outcome: 'abandoned' });
    expect(aep.messages.map((m) => m.message)).toEqual([{ id: 1 }]);
    expect((await post(batchUrl(aep), batch)).status).toBe(207);
  });
});

describe('reset faults', () => {
  it('destroys the connection without answering, accepting nothing', async () => {
    const aep = await emulator();
    aep.enqueue({ reset: true });
    const error = await post(batchUrl(aep), batch).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError); // fetch failed
    expect((error as TypeError).cause).toMatchObject({ code: expect.stringMatching(/SOCKET|ECONNRESET/) });

    expect(aep.requests[0]).toMatchObject({ status: undefined, outcome: 'reset' });
    expect(aep.messages).toEqual([]);
    expect((await post(batchUrl(aep), batch)).status).toBe(207);
  });
});

describe('latency, records and lifecycle', () => {
  it('delays every answer by latencyMs', async () => {
    const aep = await emulator({ latencyMs: 100 });
    const started = Date.now();
    await post(batchUrl(aep), batch);
    await post(aep.endpoint(), {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('reports each finished request to onRequest', async () => {
    const seen: Array<[string, number | undefined, string]> = [];
    const aep = await emulator({ onRequest: (r) => seen.push([r.path, r.status, r.outcome]) });
    aep.enqueue({ reset: true });
    await post(batchUrl(aep), batch).catch(() => undefined);
    await post(batchUrl(aep), batch);
    expect(seen).toEqual([
      ['/collection/batch/inlet', undefined, 'reset'],
      ['/collection/batch/inlet', 207, 'answered'],
    ]);
  });

  it('reset() clears requests, messages and queued faults but keeps issued tokens', async () => {
    const aep = await emulator({ auth: { clientId: 'c', clientSecret: 's' } });
    const form = { grant_type: 'client_credentials', client_id: 'c', client_secret: 's', scope: 'openid' };
    const auth = { authorization: `Bearer ${(await imsPost(aep, '/ims/token/v3', form)).body.access_token}` };
    await post(batchUrl(aep), batch, auth);
    aep.enqueue({ status: 503 });
    aep.enqueueIms({ status: 503 });

    aep.reset();
    expect(aep.requests).toEqual([]);
    expect(aep.messages).toEqual([]);
    expect((await post(batchUrl(aep), batch, auth)).status).toBe(207);
    expect((await imsPost(aep, '/ims/token/v3', form)).status).toBe(200);
    expect(aep.requests.map((r) => r.index)).toEqual([0, 1]);
    expect(aep.messages[0]?.requestIndex).toBe(0);
  });

  it('close() ends keep-alive connections and pending delays at once, and frees the port', async () => {
    const aep = await emulator();
    const kept = await new Promise<number>((resolve, reject) => {
      // A keep-alive connection left open after its answer.
      const req = request(batchUrl(aep), {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'keep-alive' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(batch));
    });
    expect(kept).toBe(207);
    aep.enqueue({ delayMs: 60_000 });
    const pending = post(batchUrl(aep), batch).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closed = await Promise.race([
      aep.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 2 s'), 2_000)),
    ]);
    expect(closed).toBe('closed');
    expect(await pending).toBeInstanceOf(Error);
    await expect(fetch(aep.url)).rejects.toThrow();
  });
});
