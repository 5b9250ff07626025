// The emulator's IMS (token v3, v1, JWT exchange) and authenticated inlets (401/403), over real HTTP.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { type AepEmulator, ImsErrors, ProblemTypes } from '../../../shared/aep-emulator/index.ts';
import { Password } from '../../../shared/config/index.ts';
import { batchUrl, emulator, imsPost, post, reply } from './support.ts';

const SECRET = 'p&ss=w+rd %20 ü';
const SCOPE = 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session';
const credentials = {
  grant_type: 'client_credentials',
  client_id: 'client-1',
  client_secret: SECRET,
  scope: SCOPE,
};

async function tokenOf(aep: AepEmulator): Promise<string> {
  const answer = await imsPost(aep, '/ims/token/v3', credentials);
  expect(answer.status).toBe(200);
  return answer.body.access_token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('IMS /ims/token/v3 (OAuth server-to-server)', () => {
  it('issues a bearer token with expires_in in seconds, URL-decoding the form', async () => {
    const aep = await emulator({
      auth: { clientId: 'client-1', clientSecret: SECRET, tokenTtlSeconds: 3600 },
    });
    const answer = await imsPost(aep, '/ims/token/v3', credentials);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600 });
    expect(aep.tokensIssued).toBe(1);
  });

  it('defaults expires_in to 86399 seconds and accepts a Password secret and query parameters', async () => {
    const aep = await emulator({ auth: { clientId: 'client-1', clientSecret: new Password(SECRET) } });
    const answer = await reply(
      await fetch(`${aep.imsEndpoint}/ims/token/v3?${new URLSearchParams(credentials)}`, { method: 'POST' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(86_399);
  });

  it.each([
    ['an unknown client_id', { client_id: 'other' }, 400, ImsErrors.INVALID_CLIENT],
    ['a wrong client_secret', { client_secret: 'p&ss=w+rd' }, 401, ImsErrors.INVALID_CLIENT],
    ['no client_secret', { client_secret: '' }, 401, ImsErrors.INVALID_CLIENT],
    ['no client_id', { client_id: '' }, 400, ImsErrors.INVALID_REQUEST],
    ['no grant_type', { grant_type: '' }, 400, ImsErrors.INVALID_REQUEST],
    ['another grant_type', { grant_type: 'password' }, 400, ImsErrors.UNSUPPORTED_GRANT_TYPE],
    ['no scope', { scope: '' }, 400, ImsErrors.INVALID_REQUEST],
    ['a scope the credential lacks', { scope: 'openid,admin' }, 400, ImsErrors.INVALID_SCOPE],
  ])('refuses %s', async (_, change, status, error) => {
    const aep = await emulator({ auth: { clientId: 'client-1', clientSecret: SECRET, scope: SCOPE } });
    const answer = await imsPost(aep, '/ims/token/v3', { ...credentials, ...change });
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
    expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    expect(aep.tokensIssued).toBe(0);
  });

  it('knows no client when the emulator runs without auth', async () => {
    const aep = await emulator();
    const answer = await imsPost(aep, '/ims/token/v3', credentials);
    expect(answer).toMatchObject({ status: 400, body: { error: ImsErrors.INVALID_CLIENT } });
  });
});

describe('IMS /ims/token/v1 (authorization code)', () => {
  const form = {
    grant_type: 'authorization_code',
    client_id: 'client-1',
    client_secret: SECRET,
    code: 'the-code',
  };

  it('exchanges the configured code, answering expires_in in milliseconds', async () => {
    const aep = await emulator({
      auth: { clientId: 'client-1', clientSecret: SECRET, code: 'the-code', tokenTtlSeconds: 60 },
    });
    const answer = await imsPost(aep, '/ims/token/v1', form);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 60_000,
    });
    expect((await post(batchUrl(aep), { messages: [{}] }, bearer(answer.body.access_token))).status).toBe(
      207,
    );
  });

  it('refuses another code with invalid_grant, and any code when none is configured', async () => {
    const withCode = await emulator({
      auth: { clientId: 'client-1', clientSecret: SECRET, code: 'the-code' },
    });
    expect(await imsPost(withCode, '/ims/token/v1', { ...form, code: 'stale' })).toMatchObject({
      status: 400,
      body: { error: ImsErrors.INVALID_GRANT },
    });
    const withoutCode = await emulator({ auth: { clientId: 'client-1', clientSecret: SECRET } });
    expect((await imsPost(withoutCode, '/ims/token/v1', form)).body.error).toBe(ImsErrors.INVALID_GRANT);
  });
});

describe('IMS /ims/exchange/jwt/ (service account JWT)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async function jwt(aep: AepEmulator, key: KeyObject, claims: Record<string, unknown> = {}, alg = 'RS256') {
    return new SignJWT({
      iss: 'ORG@AdobeOrg',
      sub: 'tech@techacct.adobe.com',
      aud: `${aep.imsEndpoint}/c/client-1`,
      exp: Math.floor(Date.now() / 1000) + 86_400,
      [`${aep.imsEndpoint}/s/ent_dataservices_sdk`]: true,
      ...claims,
    })
      .setProtectedHeader({ alg })
      .sign(key);
  }

  const auth = {
    clientId: 'client-1',
    clientSecret: SECRET,
    jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    technicalAccountId: 'tech@techacct.adobe.com',
  };

  async function exchange(aep: AepEmulator, token: string, path = '/ims/exchange/jwt/') {
    // The Java connector's form starts with '&'.
    const body = `&client_id=client-1&client_secret=${encodeURIComponent(SECRET)}&jwt_token=${token}`;
    const answer = await fetch(`${aep.imsEndpoint}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return reply(answer);
  }

  it('exchanges a JWT signed by the registered key, answering expires_in in milliseconds', async () => {
    const aep = await emulator({ auth: { ...auth, tokenTtlSeconds: 100 }, imsOrgId: 'ORG@AdobeOrg' });
    const answer = await exchange(aep, await jwt(aep, privateKey));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 100_000,
    });
    expect((await exchange(aep, await jwt(aep, privateKey), '/ims/exchange/jwt')).status).toBe(200);
  });

  it('verifies the key given as a KeyObject too', async () => {
    const aep = await emulator({ auth: { ...auth, jwtPublicKey: publicKey } });
    expect((await exchange(aep, await jwt(aep, privateKey))).status).toBe(200);
  });

  it.each([
    [
      'signed by another key',
      async (aep: AepEmulator) => jwt(aep, other.privateKey),
      ImsErrors.INVALID_SIGNATURE,
    ],
    [
      'expired',
      async (aep: AepEmulator) => jwt(aep, privateKey, { exp: 1_000_000 }),
      ImsErrors.INVALID_TOKEN,
    ],
    [
      'for another audience',
      async (aep: AepEmulator) => jwt(aep, privateKey, { aud: 'https://ims-na1.adobelogin.com/c/client-1' }),
      ImsErrors.INVALID_CLIENT,
    ],
    [
      'of another org',
      async (aep: AepEmulator) => jwt(aep, privateKey, { iss: 'OTHER@AdobeOrg' }),
      ImsErrors.BAD_REQUEST,
    ],
    [
      'of another account',
      async (aep: AepEmulator) => jwt(aep, privateKey, { sub: 'x@techacct' }),
      ImsErrors.BAD_REQUEST,
    ],
    [
      'without a meta-scope',
      async (aep: AepEmulator) =>
        jwt(aep, privateKey, { [`${aep.imsEndpoint}/s/ent_dataservices_sdk`]: undefined }),
      ImsErrors.INVALID_SCOPE,
    ],
    ['not a JWT', async () => 'not-a-jwt', ImsErrors.INVALID_TOKEN],
  ])('refuses a JWT %s', async (_, make, error) => {
    const aep = await emulator({ auth, imsOrgId: 'ORG@AdobeOrg' });
    const answer = await exchange(aep, await make(aep));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
    expect(aep.tokensIssued).toBe(0);
  });

  it('refuses every JWT when no public key is registered', async () => {
    const aep = await emulator({ auth: { clientId: 'client-1', clientSecret: SECRET } });
    expect((await exchange(aep, await jwt(aep, privateKey))).body.error).toBe(ImsErrors.INVALID_SIGNATURE);
  });
});

describe('authenticated inlets', () => {
  const auth = { clientId: 'client-1', clientSecret: SECRET };

  it('accepts collection requests with an issued bearer token', async () => {
    const aep = await emulator({ auth });
    const token = await tokenOf(aep);
    expect((await post(batchUrl(aep), { messages: [{}] }, bearer(token))).status).toBe(207);
    expect((await post(aep.endpoint(), {}, { authorization: `bearer  ${token}` })).status).toBe(200);
    expect(aep.messages).toHaveLength(2);
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic Y2xpZW50OnNlY3JldA==' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 with AEP problem JSON to %s', async (_, headers) => {
    const aep = await emulator({ auth });
    const answer = await post(batchUrl(aep), { messages: [{}] }, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      type: ProblemTypes.AUTHORIZATION,
      status: '401',
      title: 'Authorization',
      report: { message: expect.stringMatching(/^\[[\d:]+\] Ims service token is empty$/) },
    });
    expect(aep.messages).toEqual([]);
  });

  it('answers 403 to an unknown token and to tokens after expireTokens()', async () => {
    const aep = await emulator({ auth });
    const token = await tokenOf(aep);
    const unknown = await post(batchUrl(aep), { messages: [{}] }, bearer('made-up'));
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatchObject({
      type: ProblemTypes.AUTHORIZATION,
      status: '403',
      title: 'Authorization',
    });

    aep.expireTokens();
    expect((await post(batchUrl(aep), { messages: [{}] }, bearer(token))).status).toBe(403);
    const fresh = await tokenOf(aep);
    expect((await post(batchUrl(aep), { messages: [{}] }, bearer(fresh))).status).toBe(207);
    expect(aep.tokensIssued).toBe(2);
    expect(aep.messages).toHaveLength(1);
  });

  it('answers 403 once a token outlives its TTL', async () => {
    const aep = await emulator({ auth: { ...auth, tokenTtlSeconds: 1 } });
    const token = await tokenOf(aep);
    expect((await post(batchUrl(aep), { messages: [{}] }, bearer(token))).status).toBe(207);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1_001 });
    try {
      expect((await post(batchUrl(aep), { messages: [{}] }, bearer(token))).status).toBe(403);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 401 to bad tokens when invalidTokenStatus is 401', async () => {
    const aep = await emulator({ auth, invalidTokenStatus: 401 });
    const answer = await post(batchUrl(aep), { messages: [{}] }, bearer('made-up'));
    expect(answer).toMatchObject({ status: 401, body: { status: '401' } });
    expect(answer.body.report.message).toMatch(/invalid or expired/);
  });

  it('does not ask for a token when auth is off', async () => {
    const aep = await emulator();
    expect((await post(batchUrl(aep), { messages: [{}] })).status).toBe(207);
  });
});
