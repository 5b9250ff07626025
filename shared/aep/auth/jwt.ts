// Service account (JWT) credentials (`JWTTokenProvider`), deprecated: Adobe stopped new JWT credentials in June 2024,
// ended them on June 30, 2025 and converts the rest to OAuth server-to-server. A JWT signed RS256 with the PKCS#8 key
// is exchanged at `/ims/exchange/jwt/`; the Java connector reads `expires_in` as milliseconds, and so does this.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import { AepKeys } from '../constants.ts';
import { ImsTokenError } from '../errors.ts';
import type { AepAuthConfig } from '../settings.ts';
import { requestImsToken } from './ims.ts';
import { tokenCacheKey } from './token-cache.ts';
import type { TokenProvider } from './types.ts';

/** Lifetime of the signed JWT (Java: 24 h). */
const JWT_LIFETIME_SECONDS = 86_400;
/** The meta-scope the Java connector hard-codes. */
const META_SCOPE = 'ent_dataservices_sdk';

type JwtAuth = Extract<AepAuthConfig, { type: 'jwt_token' }>;

/**
 * Tokens of a service account (`aep.connection.auth.token.type=jwt_token`). The key file is read once, at the first
 * token request.
 */
export function jwtTokenProvider(auth: JwtAuth): TokenProvider {
  const secret = auth.clientSecret.value;
  let key: Promise<KeyObject> | undefined;
  return {
    type: auth.type,
    cacheKey: tokenCacheKey(
      auth.type,
      auth.endpoint,
      auth.clientId,
      secret,
      auth.imsOrg,
      auth.accountKey,
      auth.filePath,
    ),
    refreshable: true,
    async fetch(context) {
      key ??= readPrivateKey(auth);
      let privateKey: KeyObject;
      try {
        privateKey = await key;
      } catch (error) {
        key = undefined; // read the file again next time: it may have been fixed
        throw error;
      }
      const jwt = await signJwt(auth, privateKey);
      return requestImsToken(
        auth.endpoint,
        '/ims/exchange/jwt/',
        new URLSearchParams({ client_id: auth.clientId, client_secret: secret, jwt_token: jwt }),
        'milliseconds',
        context,
      );
    },
  };
}

/**
 * The JWT the Java connector signs: `iss` the org, `sub` the technical account, `aud` `{ims}/c/{clientId}`, the
 * `{ims}/s/ent_dataservices_sdk` meta-scope, expiring in 24 h.
 */
export function signJwt(auth: JwtAuth, key: KeyObject, now: number = Date.now()): Promise<string> {
  return new SignJWT({
    iss: auth.imsOrg,
    sub: auth.accountKey,
    aud: `${auth.endpoint}/c/${auth.clientId}`,
    exp: Math.floor(now / 1000) + JWT_LIFETIME_SECONDS,
    [`${auth.endpoint}/s/${META_SCOPE}`]: true,
  })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(key);
}

async function readPrivateKey(auth: JwtAuth): Promise<KeyObject> {
  try {
    const bytes = await readFile(auth.filePath);
    const pem = bytes.subarray(0, 10).toString('latin1').startsWith('-----BEGIN');
    return createPrivateKey(
      pem ? { key: bytes, format: 'pem' } : { key: bytes, format: 'der', type: 'pkcs8' },
    );
  } catch (error) {
    throw new ImsTokenError(
      auth.endpoint,
      `${AepKeys.AUTH_FILE_PATH} ${auth.filePath} is not a readable PKCS#8 private key (DER or PEM): ${(error as Error).message}`,
      { retriable: false, cause: error },
    );
  }
}
