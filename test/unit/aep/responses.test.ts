import { describe, expect, it } from 'vitest';
import { ImsTokenError } from '../../../shared/aep/errors.ts';
import { answerReason, failedOutcome, multiStatusOutcomes } from '../../../shared/aep/responses.ts';

describe('multiStatusOutcomes', () => {
  it('maps results by position, with status or statusCode as numbers or strings', () => {
    const body = JSON.stringify({
      inletId: 'abc',
      batchId: '1565638336649:1750:244',
      responses: [
        { xactionId: '1565650704337:2124:92:3' },
        { status: 400, message: 'inletId: [abc] imsOrgId: [org] Message has unknown xdm format' },
        { statusCode: '400', message: '"header" field is mandatory' },
        { xactionId: 'x-3', status: '200' },
        { statusCode: 503, message: 'try later' },
        { status: 429 },
      ],
    });
    expect(multiStatusOutcomes(body, 6)).toEqual([
      { ok: true },
      {
        ok: false,
        rejected: true,
        retriable: false,
        status: 400,
        reason: 'inletId: [abc] imsOrgId: [org] Message has unknown xdm format',
      },
      { ok: false, rejected: true, retriable: false, status: 400, reason: '"header" field is mandatory' },
      { ok: true },
      { ok: false, rejected: false, retriable: true, status: 503, reason: 'try later' },
      {
        ok: false,
        rejected: false,
        retriable: true,
        status: 429,
        reason: 'AEP rejected the message with status 429',
      },
    ]);
  });

  it('does not trust the xactionId suffix: a failure is attributed to its position', () => {
    const body = JSON.stringify({
      responses: [{ status: 400, xactionId: 'uuid-1', message: 'bad' }, { xactionId: 'uuid-0' }],
    });
    expect(multiStatusOutcomes(body, 2).map((o) => o.ok)).toEqual([false, true]);
  });

  it('fails unmapped messages retriably when responses is missing, short or unreadable', () => {
    expect(multiStatusOutcomes('{"inletId":"abc"}', 2)).toEqual([
      {
        ok: false,
        rejected: false,
        retriable: true,
        reason: "AEP's answer has no per-message results (responses)",
      },
      {
        ok: false,
        rejected: false,
        retriable: true,
        reason: "AEP's answer has no per-message results (responses)",
      },
    ]);
    expect(multiStatusOutcomes('not json', 1)[0]).toMatchObject({ ok: false, retriable: true });
    expect(multiStatusOutcomes('{"responses":[{"xactionId":"a"},{}]}', 3)).toEqual([
      { ok: true },
      {
        ok: false,
        rejected: false,
        retriable: true,
        reason: "AEP's 207 answer has no status or xactionId for message 1",
      },
      { ok: false, rejected: false, retriable: true, reason: "AEP's 207 answer has no result for message 2" },
    ]);
  });
});

describe('answerReason', () => {
  it("quotes AEP's problem title and report message", () => {
    const body = JSON.stringify({
      type: 'https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization',
      status: '401',
      title: 'Authorization',
      report: { message: '[id] Ims service token is empty' },
    });
    expect(answerReason(401, body)).toBe('AEP answered 401: Authorization: [id] Ims service token is empty');
  });

  it("quotes IMS's error and description", () => {
    expect(
      answerReason(
        400,
        '{"error":"invalid_client","error_description":"invalid client_id parameter"}',
        'IMS',
      ),
    ).toBe('IMS answered 400: invalid_client (invalid client_id parameter)');
  });

  it('falls back to the start of a body that is not JSON', () => {
    expect(answerReason(502, '<html>Bad Gateway</html>')).toBe('AEP answered 502: <html>Bad Gateway</html>');
    expect(answerReason(504, '')).toBe('AEP answered 504');
    expect(answerReason(500, 'x'.repeat(2_000)).length).toBeLessThan(520);
  });
});

describe('failedOutcome', () => {
  it.each([
    ['a per-message 400', { status: 400, retriable: false }, true],
    ['a message too large for any request', { status: 413, retriable: false }, true],
    ['throttling', { status: 429, retriable: true }, false],
    ['refused credentials', { status: 403, retriable: false }, false],
    ['an unknown inlet', { status: 404, retriable: false }, false],
    ['proxy authentication', { status: 407, retriable: false }, false],
    ['a network error', { retriable: true }, false],
  ])('decides once whether %s rejects the message itself', (_case, failure, rejected) => {
    expect(failedOutcome({ ...failure, reason: 'why' })).toMatchObject({
      ok: false,
      rejected,
      reason: 'why',
    });
  });

  it('never rejects a message because IMS refused the client', () => {
    const cause = new ImsTokenError('https://ims.test', 'IMS answered 400 invalid_client', {
      status: 400,
      retriable: false,
    });
    expect(failedOutcome({ retriable: false, reason: 'refused', cause })).toMatchObject({
      rejected: false,
      retriable: false,
    });
  });
});
