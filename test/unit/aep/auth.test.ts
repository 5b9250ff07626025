import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessToken,
  cachedToken,
  type ImsRequestContext,
  invalidateToken,
  type TokenProvider,
  tokenProvider,
} from '../../../shared/aep/auth/index.ts';
import { signJwt } from '../../../shared/aep/auth/jwt.ts';
import { ImsTokenError } from '../../../shared/aep/errors.ts';
import { FAST_RETRY } from '../../../shared/aep/retry.ts';
import { type AepAuthConfig, parseAepConfig } from '../../../shared/aep/settings.ts';

const dispatcher = new Agent();
const context = (deadline = Date.now() + 5_000): ImsRequestContext => ({
  dispatcher,
  policy: { maxAttempts: 3, ...FAST_RETRY },
  deadline,
});

/** A provider of our own port that counts fetches and hands out numbered tokens. */
function countingProvider(lifetimeMs: number, fail?: () => boolean) {
  const provider = {
    type: 'test',
    cacheKey: randomUUID(),
    refreshable: true,
    fetches: 0,
    async fetch(): Promise<AccessToken> {
      provider.fetches++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (fail?.()) throw new ImsTokenError('https://ims.test', 'IMS answered 503', { retriable: true });
      return { value: `token-${provider.fetches}`, expiresAt: Date.now() + lifetimeMs };
    },
  };
  return provider satisfies TokenProvider;
}

describe('cachedToken', () => {
  it('shares one IMS request between concurrent callers, then serves the cached token', async () => {
    const provider = countingProvider(3_600_000);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cachedToken(provider, context())));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(await cachedToken(provider, context())).toBe('token-1');
    expect(provider.fetches).toBe(1);
  });

  it('refreshes before expiry: at half the lifetime of a short token', async () => {
    const provider = countingProvider(200);
    expect(await cachedToken(provider, context())).toBe('token-1');
    await new Promise((resolve) => setTimeout(resolve, 130));
    expect(await cachedToken(provider, context())).toBe('token-2');
  });

  it('drops a token AEP refused, unless a newer one replaced it already', async () => {
    const provider = countingProvider(3_600_000);
    const first = await cachedToken(provider, context());
    invalidateToken(provider, first);
    const second = await cachedToken(provider, context());
    expect(second).toBe('token-2');
    invalidateToken(provider, first);
    expect(await cachedToken(provider, context())).toBe('token-2');
  });

  it('keeps using an unexpired token when its refresh fails, and fails once it expired', async () => {
    let failing = false;
    const provider = countingProvider(300, () => failing);
    expect(await cachedToken(provider, context())).toBe('token-1');
    failing = true;
    await new Promise((resolve) => setTimeout(resolve, 180));
    expect(await cachedToken(provider, context())).toBe('token-1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(cachedToken(provider, context())).rejects.toThrow(ImsTokenError);
  });
});

describe('IMS token requests', () => {
  const seen: { path: string; type: string | undefined; form: URLSearchParams }[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', type: req.headers['content-type'], form: new URLSearchParams(body) });
      answer(req, res);
    });
  });
  let ims = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ims = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await dispatcher.close();
  });
  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const auth = (props: Record<string, string>) =>
    parseAepConfig(
      {
        'aep.endpoint': 'https://dcs.adobedc.net/collection/abc',
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.endpoint': ims,
        'aep.connection.auth.client.id': `client-${randomUUID()}`,
        'aep.connection.auth.client.secret': 's3cr&t+=%?',
        ...props,
      },
      { env: {} },
    ).auth as AepAuthConfig;

  it('sends client_credentials URL-encoded to /ims/token/v3 and reads expires_in as seconds', async () => {
    seen.length = 0;
    answer = json(200, { access_token: 'at-1', token_type: 'bearer', expires_in: 86_399 });
    const config = auth({ 'aep.connection.auth.scope': 'openid,AdobeID,a b' });
    const started = Date.now();
    const token = await tokenProvider(config).fetch(context());
    expect(token.value).toBe('at-1');
    expect(token.expiresAt - started).toBeGreaterThan(86_000_000);
    expect(seen[0]?.path).toBe('/ims/token/v3');
    expect(seen[0]?.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(seen[0]?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: (config as { clientId: string }).clientId,
      client_secret: 's3cr&t+=%?',
      scope: 'openid,AdobeID,a b',
    });
  });

  it('exchanges the authorization code at /ims/token/v1 and reads expires_in as milliseconds, like Java', async () => {
    seen.length = 0;
    answer = json(200, { access_token: 'at-2', expires_in: 82_399_996 });
    const started = Date.now();
    const token = await tokenProvider(
      auth({ 'aep.connection.auth.token.type': 'access_token', 'aep.connection.auth.client.code': 'c&d' }),
    ).fetch(context());
    expect(token.expiresAt - started).toBeGreaterThan(82_000_000);
    expect(token.expiresAt - started).toBeLessThan(83_000_000);
    expect(seen[0]?.path).toBe('/ims/token/v1');
    expect(seen[0]?.form.get('grant_type')).toBe('authorization_code');
    expect(seen[0]?.form.get('code')).toBe('c&d');
  });

  it('retries IMS 503s and fails retriably when they last', async () => {
    seen.length = 0;
    answer = json(503, { error: 'unavailable' });
    const error = await tokenProvider(auth({}))
      .fetch(context())
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(ImsTokenError);
    expect(error).toMatchObject({ retriable: true, status: 503 });
    expect((error as Error).message).toContain('gave up after 3 attempts: IMS answered 503: unavailable');
  });

  it('fails at once, not retriably, when IMS refuses the credentials, and never shows the secret', async () => {
    seen.length = 0;
    answer = json(400, { error: 'invalid_client', error_description: 'invalid client_secret parameter' });
    const error = await tokenProvider(auth({}))
      .fetch(context())
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ retriable: false, status: 400 });
    expect((error as Error).message).toBe(
      `IMS token request to ${ims} failed: IMS answered 400: invalid_client (invalid client_secret parameter)`,
    );
    expect((error as Error).message).not.toContain('s3cr&t');
  });

  it('refuses an answer without a token', async () => {
    answer = json(200, { token_type: 'bearer' });
    await expect(tokenProvider(auth({})).fetch(context())).rejects.toMatchObject({ retriable: false });
  });

  it.each(['der', 'pem'] as const)(
    'signs a JWT with a %s key file and exchanges it at /ims/exchange/jwt/',
    async (format) => {
      seen.length = 0;
      answer = json(200, { access_token: 'at-3', expires_in: 86_400_000 });
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const dir = mkdtempSync(join(tmpdir(), 'aep-jwt-'));
      const file = join(dir, 'private-pkcs8.key');
      const key =
        format === 'der'
          ? privateKey.export({ type: 'pkcs8', format: 'der' })
          : privateKey.export({ type: 'pkcs8', format: 'pem' });
      writeFileSync(file, key);
      const config = auth({
        'aep.connection.auth.token.type': 'jwt_token',
        'aep.connection.auth.imsOrg': 'ORG@AdobeOrg',
        'aep.connection.auth.accountKey': 'TA@techacct.adobe.com',
        'aep.connection.auth.filePath': file,
      });
      expect((await tokenProvider(config).fetch(context())).value).toBe('at-3');
      expect(seen[0]?.path).toBe('/ims/exchange/jwt/');
      const jwt = seen[0]?.form.get('jwt_token') as string;
      const { payload } = await jwtVerify(jwt, publicKey);
      expect(decodeProtectedHeader(jwt).alg).toBe('RS256');
      expect(payload).toMatchObject({
        iss: 'ORG@AdobeOrg',
        sub: 'TA@techacct.adobe.com',
        aud: `${ims}/c/${(config as { clientId: string }).clientId}`,
        [`${ims}/s/ent_dataservices_sdk`]: true,
      });
      expect((payload.exp as number) - Date.now() / 1000).toBeGreaterThan(86_000);
    },
  );

  it('fails not retriably, naming aep.connection.auth.filePath, when the key cannot be read', async () => {
    const config = auth({
      'aep.connection.auth.token.type': 'jwt_token',
      'aep.connection.auth.imsOrg': 'o',
      'aep.connection.auth.accountKey': 'a',
      'aep.connection.auth.filePath': '/nonexistent/key.der',
    });
    await expect(tokenProvider(config).fetch(context())).rejects.toMatchObject({
      retriable: false,
      message: expect.stringContaining('aep.connection.auth.filePath /nonexistent/key.der is not a readable'),
    });
  });
});

describe('signJwt', () => {
  it('expires 24 h after signing, as in Java', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.parse('2026-03-01T00:00:00Z');
    const jwt = await signJwt(
      {
        type: 'jwt_token',
        endpoint: 'https://ims-na1.adobelogin.com',
        clientId: 'c',
        clientSecret: undefined as never,
        imsOrg: 'o',
        accountKey: 'a',
        filePath: '',
      },
      privateKey,
      now,
    );
    expect(decodeJwt(jwt).exp).toBe(now / 1000 + 86_400);
  });
});
