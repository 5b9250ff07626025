// The emulator's DCS collection endpoints over real HTTP: batch 207s, single messages, sync validation, size limits,
// gzip, content types, routes, and what it records.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  AepEmulatorOptionsError,
  MessageRejections,
  ProblemTypes,
} from '../../../shared/aep-emulator/index.ts';
import { batchUrl, emulator, post, xdmMessage } from './support.ts';

describe('POST /collection/batch/{connectionId}', () => {
  it('answers 207 with one xactionId per message, in order, and records each accepted message', async () => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep, 'inlet-1'), { messages: [{ n: 0 }, { n: 1 }, { n: 2 }] });

    expect(answer.status).toBe(207);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const { inletId, batchId, receivedTimeMs, responses } = answer.body;
    expect(inletId).toBe('inlet-1');
    expect(batchId).toMatch(/^\d+:\d+:\d+$/);
    expect(receivedTimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(responses).toEqual([0, 1, 2].map((n) => ({ xactionId: `${batchId}:${n}` })));
    expect(aep.messages).toEqual(
      [0, 1, 2].map((n) => ({
        connectionId: 'inlet-1',
        message: { n },
        requestIndex: 0,
        position: n,
        xactionId: `${batchId}:${n}`,
      })),
    );
  });

  it('refuses single messages inside the 207 with statusCode by default, leaving the others accepted', async () => {
    const aep = await emulator({
      rejectMessage: (message, index, connectionId) =>
        'email' in message ? undefined : `message ${index} on ${connectionId} lacks email`,
    });
    const answer = await post(batchUrl(aep), {
      messages: [{ email: 'a@x' }, { name: 'b' }, 'text', { email: 'c@x' }],
    });

    expect(answer.status).toBe(207);
    const [first, second, third, fourth] = answer.body.responses;
    expect(first).toEqual({ xactionId: expect.stringMatching(/:0$/) });
    expect(second).toEqual({
      statusCode: 400,
      message:
        'inletId: [inlet] imsOrgId: [AEPEMULATOR0000000000000@AdobeOrg] message 1 on inlet lacks email',
    });
    expect(third).toEqual({
      statusCode: 400,
      message: expect.stringContaining(MessageRejections.NOT_AN_OBJECT),
    });
    expect(fourth).toEqual({ xactionId: expect.stringMatching(/:3$/) });
    expect(aep.messages.map((m) => [m.message, m.position])).toEqual([
      [{ email: 'a@x' }, 0],
      [{ email: 'c@x' }, 3],
    ]);
  });

  it('names the failure field status when configured so, as real servers were seen answering', async () => {
    const aep = await emulator({ failureStatusField: 'status', rejectMessage: () => 'no' });
    const answer = await post(batchUrl(aep), { messages: [{}] });
    expect(answer.body.responses).toEqual([{ status: 400, message: expect.stringMatching(/ no$/) }]);
  });

  it('on xdm inlets refuses messages without header.schemaRef or body.xdmEntity with AEP wording', async () => {
    const aep = await emulator({ dataType: 'xdm' });
    const noBody = { header: xdmMessage('a').header };
    const xdmSchemaOnly = {
      header: { xdmSchema: { name: '_xdm.context.experienceevent' } },
      body: { xdmEntity: {} },
    };
    const answer = await post(batchUrl(aep, 'xdm'), { messages: [xdmMessage('ok'), noBody, xdmSchemaOnly] });

    expect(answer.body.responses.slice(1)).toEqual([
      { statusCode: 400, message: 'inletId: [xdm] imsOrgId: [ORG@AdobeOrg] Message has unknown xdm format' },
      {
        statusCode: 400,
        message:
          'inletId: [xdm] imsOrgId: [AEPEMULATOR0000000000000@AdobeOrg] Message has unknown xdm format',
      },
    ]);
    expect(aep.messages.map((m) => m.message)).toEqual([xdmMessage('ok')]);
  });

  it('on raw inlets accepts any JSON object, XDM-shaped or not', async () => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep), { messages: [{ anything: [1, 2] }, {}] });
    expect(answer.body.responses.every((r: object) => 'xactionId' in r)).toBe(true);
    expect(aep.messages).toHaveLength(2);
  });

  it("refuses messages whose header.imsOrgId is not the inlet's org", async () => {
    const aep = await emulator({ imsOrgId: 'MINE@AdobeOrg' });
    const answer = await post(batchUrl(aep), {
      messages: [{ header: { imsOrgId: 'OTHER@AdobeOrg' } }, { header: { imsOrgId: 'MINE@AdobeOrg' } }, {}],
    });
    expect(answer.body.responses[0]).toEqual({
      statusCode: 400,
      message: `inletId: [inlet] imsOrgId: [MINE@AdobeOrg] ${MessageRejections.WRONG_IMS_ORG}`,
    });
    expect(aep.messages.map((m) => m.position)).toEqual([1, 2]);
  });

  it.each([
    ['not JSON', '{"messages": [', /not valid JSON/],
    ['no messages array', { records: [] }, /"messages" array/],
    ['messages not an array', { messages: {} }, /"messages" array/],
    ['a JSON array', [{}], /"messages" array/],
    ['empty messages', { messages: [] }, /at least one message/],
  ])('answers 400 problem JSON to a body that is %s', async (_, body, reason) => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep), body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: ProblemTypes.INLET,
      status: 400,
      title: 'Bad Request',
      report: { message: expect.stringMatching(reason) },
    });
    expect(aep.messages).toEqual([]);
  });

  it('ignores ?syncValidation=true, which only the single-message endpoint supports', async () => {
    const aep = await emulator();
    const answer = await post(`${batchUrl(aep)}?syncValidation=true`, { messages: [{}] });
    expect(answer.status).toBe(207);
  });
});

describe('POST /collection/{connectionId}', () => {
  it('answers 200 with syncValidation skipped and records the message', async () => {
    const aep = await emulator();
    const answer = await post(aep.endpoint('one'), { hello: 'world' });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      inletId: 'one',
      xactionId: expect.stringMatching(/^\d+:\d+:0$/),
      receivedTimeMs: expect.any(Number),
      syncValidation: { skipped: true },
    });
    expect(aep.messages).toEqual([
      {
        connectionId: 'one',
        message: { hello: 'world' },
        requestIndex: 0,
        position: 0,
        xactionId: answer.body.xactionId,
      },
    ]);
  });

  it('with ?syncValidation=true answers pass, or 400 with the _streamingValidation cause', async () => {
    const aep = await emulator({ dataType: 'xdm' });
    const pass = await post(`${aep.endpoint()}?syncValidation=true`, xdmMessage('a'));
    expect(pass.status).toBe(200);
    expect(pass.body.syncValidation).toEqual({ status: 'pass' });

    const fail = await post(`${aep.endpoint()}?syncValidation=true`, { header: {} });
    expect(fail.status).toBe(400);
    expect(fail.body).toEqual({
      type: ProblemTypes.INLET,
      status: 400,
      title: 'Invalid XDM Message Format',
      report: {
        message: expect.stringContaining(MessageRejections.UNKNOWN_XDM_FORMAT),
        cause: {
          _streamingValidation: [expect.objectContaining({ message: MessageRejections.UNKNOWN_XDM_FORMAT })],
        },
      },
    });
    expect(aep.messages).toHaveLength(1);
  });

  it('refuses a message without syncValidation too, without the cause', async () => {
    const aep = await emulator({ rejectMessage: () => 'missing id' });
    const answer = await post(aep.endpoint(), {});
    expect(answer.status).toBe(400);
    expect(answer.body.report).toEqual({ message: expect.stringMatching(/ missing id$/) });
    expect(aep.messages).toEqual([]);
  });

  it('answers 501 to syncValidation where the edge does not support it', async () => {
    const aep = await emulator({ syncValidation: false });
    const answer = await post(`${aep.endpoint()}?syncValidation=true`, {});
    expect(answer.status).toBe(501);
    expect(aep.messages).toEqual([]);
  });
});

describe('request bodies', () => {
  /** A batch body of exactly `size` bytes. */
  const bodyOfSize = (size: number) => {
    const empty = JSON.stringify({ messages: [{ pad: '' }] });
    return JSON.stringify({ messages: [{ pad: 'x'.repeat(size - empty.length) }] });
  };

  it('accepts a body of exactly maxRequestBytes and answers 413 one byte above, plain or gzip', async () => {
    const aep = await emulator({ maxRequestBytes: 2048 });
    const atLimit = bodyOfSize(2048);
    const overLimit = bodyOfSize(2049);
    expect(Buffer.byteLength(atLimit)).toBe(2048);

    expect((await post(batchUrl(aep), atLimit)).status).toBe(207);
    const tooLarge = await post(batchUrl(aep), overLimit);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      status: 413,
      report: { message: expect.stringContaining('2049 bytes') },
    });
    const gzip = { 'content-encoding': 'gzip' };
    expect((await post(batchUrl(aep), gzipSync(atLimit), gzip)).status).toBe(207);
    expect((await post(batchUrl(aep), gzipSync(overLimit), gzip)).status).toBe(413);

    expect(aep.messages).toHaveLength(2);
    expect(aep.requests.map((r) => [r.status, r.decodedBytes])).toEqual([
      [207, 2048],
      [413, 2049],
      [207, 2048],
      [413, 2049],
    ]);
    expect(aep.requests[2]?.rawBytes).toBeLessThan(200);
  });

  it('answers 413 to the default 1 MiB limit plus one byte', async () => {
    const aep = await emulator();
    expect((await post(batchUrl(aep), bodyOfSize(1_048_576))).status).toBe(207);
    expect((await post(batchUrl(aep), bodyOfSize(1_048_577))).status).toBe(413);
  });

  it('answers 413 to a body far over the limit without keeping it', async () => {
    const aep = await emulator({ maxRequestBytes: 1000 });
    const answer = await post(batchUrl(aep), bodyOfSize(100_000));
    expect(answer.status).toBe(413);
    expect(aep.requests[0]).toMatchObject({ rawBytes: 100_000, decodedBytes: undefined });
  });

  it('decodes gzip bodies and records wire and decoded sizes', async () => {
    const aep = await emulator();
    const text = JSON.stringify({
      messages: Array.from({ length: 50 }, (_, i) => ({ i, pad: 'y'.repeat(100) })),
    });
    const answer = await post(batchUrl(aep), gzipSync(text), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(207);
    expect(aep.messages.map((m) => (m.message as { i: number }).i)).toEqual([...Array(50).keys()]);
    expect(aep.requests[0]?.decodedBytes).toBe(Buffer.byteLength(text));
    expect(aep.requests[0]?.rawBytes).toBeLessThan(Buffer.byteLength(text) / 5);
  });

  it('answers 400 to a gzip header over bytes that are not gzip', async () => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep), '{"messages":[{}]}', { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(answer.body.report.message).toMatch(/not valid gzip/);
  });

  it.each(['br', 'deflate'])('answers 415 to Content-Encoding %s', async (encoding) => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep), 'irrelevant', { 'content-encoding': encoding });
    expect(answer.status).toBe(415);
    expect(answer.body.report.message).toContain(encoding);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('answers 400 problem JSON to Content-Type %s', async (_, type) => {
    const aep = await emulator();
    const answer = await post(batchUrl(aep), { messages: [{}] }, { 'content-type': type });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: ProblemTypes.INLET, status: 400 });
    expect(answer.body.report.message).toContain('application/json');
  });

  it('accepts application/json with a charset parameter', async () => {
    const aep = await emulator();
    const answer = await post(
      batchUrl(aep),
      { messages: [{}] },
      { 'content-type': 'application/json; charset=utf-8' },
    );
    expect(answer.status).toBe(207);
  });
});

describe('routes', () => {
  it.each(['/', '/collection', '/collection/batch', '/collection/a/b', '/collection/batch/a/b', '/other'])(
    'answers 404 to %s',
    async (path) => {
      const aep = await emulator();
      const answer = await post(`${aep.url}${path}`, { messages: [{}] });
      expect(answer.status).toBe(404);
    },
  );

  it.each(['GET', 'PUT', 'DELETE'])('answers 405 with Allow: POST to %s', async (method) => {
    const aep = await emulator();
    for (const url of [aep.endpoint(), batchUrl(aep), `${aep.imsEndpoint}/ims/token/v3`]) {
      const answer = await fetch(url, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
    }
  });

  it('records every request with method, path, query, headers and outcome', async () => {
    const aep = await emulator();
    await post(`${batchUrl(aep, 'rec')}?x-adobe-flow-id=f1`, { messages: [{}] }, { 'x-adobe-flow-id': 'f1' });
    await fetch(aep.endpoint(), { method: 'GET' });

    expect(aep.requests).toEqual([
      expect.objectContaining({
        index: 0,
        method: 'POST',
        path: '/collection/batch/rec',
        query: { 'x-adobe-flow-id': 'f1' },
        headers: expect.objectContaining({ 'x-adobe-flow-id': 'f1' }),
        status: 207,
        outcome: 'answered',
      }),
      expect.objectContaining({ index: 1, method: 'GET', status: 405, outcome: 'answered' }),
    ]);
  });

  it('endpoint() names the inlet URL users configure, defaulting the connection id', async () => {
    const aep = await emulator();
    expect(aep.endpoint('inlet-1')).toBe(`${aep.url}/collection/inlet-1`);
    expect(aep.endpoint()).toBe(`${aep.url}/collection/inlet`);
    expect(aep.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('options', () => {
  it('refuses invalid options, naming each one', async () => {
    await expect(
      emulator({
        maxRequestBytes: 0,
        dataType: 'json' as 'raw',
        port: -1,
        auth: { clientId: '', clientSecret: '' },
      }),
    ).rejects.toThrow(AepEmulatorOptionsError);
    const error = await emulator({ maxRequestBytes: 0, failureStatusField: 'code' as 'status' }).catch(
      (e) => e,
    );
    expect(error.problems).toEqual([
      'maxRequestBytes must be an integer from 1 to 9007199254740991, got 0',
      'failureStatusField must be one of status, statusCode, got code',
    ]);
  });
});
