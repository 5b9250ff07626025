// Adobe IMS token endpoints: OAuth server-to-server `/ims/token/v3` ("OAuth Server-to-Server credential API
// Reference", developer.adobe.com), the legacy authorization-code `/ims/token/v1` and the JWT exchange
// `/ims/exchange/jwt` (error codes from Adobe's "Access API Reference", adobe-apiplatform/umapi-documentation).
import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import type { Answer } from './collection.ts';
import { ImsErrors } from './constants.ts';
import type { ResolvedAuth } from './options.ts';

/**
 * The three IMS token flows the Java connector uses.
 *
 * @example
 * const flow: ImsFlow = 'client_credentials'; // POST /ims/token/v3
 */
export type ImsFlow = 'client_credentials' | 'authorization_code' | 'jwt';

/**
 * What an `Authorization` header proves: a live issued token, nothing (401), or a bad or expired token (403).
 */
export type Authorization = 'valid' | 'missing' | 'invalid';

/**
 * The emulator's IMS: issues opaque bearer tokens and checks them on collection requests.
 *
 * @example
 * const ims = createIms(auth, 'http://127.0.0.1:8090', undefined);
 * const answer = await ims.issue('client_credentials', form);
 */
export interface Ims {
  issue(flow: ImsFlow, form: URLSearchParams): Promise<Answer>;
  authorize(authorizationHeader: string | undefined): Authorization;
  expireAll(): void;
  readonly tokensIssued: number;
}

/**
 * Creates the IMS of an emulator whose base URL is `imsEndpoint` (JWT audiences are `{imsEndpoint}/c/{clientId}`).
 * Without `auth` every client is unknown.
 */
export function createIms(
  auth: ResolvedAuth | undefined,
  imsEndpoint: string,
  imsOrgId: string | undefined,
): Ims {
  const tokens = new Map<string, number>(); // token → expiry (epoch ms)
  let tokensIssued = 0;
  const given = auth?.jwtPublicKey;
  const jwtKey =
    given === undefined || (given instanceof KeyObject && given.type === 'public')
      ? given
      : createPublicKey(given);

  const grant = (unit: 'seconds' | 'milliseconds', extra: Record<string, string> = {}): Answer => {
    const ttlSeconds = auth?.tokenTtlSeconds ?? 0;
    const token = `emulator-${randomBytes(24).toString('base64url')}`;
    tokens.set(token, Date.now() + ttlSeconds * 1000);
    tokensIssued++;
    // v3 answers `expires_in` in seconds; the Java connector reads v1 and JWT answers as milliseconds.
    const expiresIn = unit === 'seconds' ? ttlSeconds : ttlSeconds * 1000;
    return {
      status: 200,
      body: { access_token: token, ...extra, token_type: 'bearer', expires_in: expiresIn },
    };
  };

  /** The client id and secret: 400 `invalid_client` for an unknown id, 401 for a wrong secret. */
  const client = (form: URLSearchParams): Answer | undefined => {
    const clientId = form.get('client_id');
    if (!clientId)
      return refusal(400, ImsErrors.INVALID_REQUEST, 'Required parameter (client_id) is missing');
    if (auth === undefined || clientId !== auth.clientId) {
      return refusal(400, ImsErrors.INVALID_CLIENT, `Invalid client_id ${clientId}`);
    }
    if (form.get('client_secret') !== auth.clientSecret.value) {
      return refusal(401, ImsErrors.INVALID_CLIENT, 'Client authentication (client secret) failed');
    }
    return undefined;
  };

  const flows: Record<ImsFlow, (form: URLSearchParams) => Promise<Answer> | Answer> = {
    client_credentials: (form) => {
      const refused = grantType(form, 'client_credentials') ?? client(form);
      if (refused) return refused;
      const scope = form.get('scope');
      if (!scope) return refusal(400, ImsErrors.INVALID_REQUEST, 'Required parameter (scope) is missing');
      const allowed = auth?.scope === undefined ? undefined : new Set(splitScopes(auth.scope));
      const unknown = allowed && splitScopes(scope).filter((s) => !allowed.has(s));
      if (unknown && unknown.length > 0) {
        return refusal(
          400,
          ImsErrors.INVALID_SCOPE,
          `Scopes not granted to this credential: ${unknown.join(',')}`,
        );
      }
      return grant('seconds');
    },
    authorization_code: (form) => {
      const refused = grantType(form, 'authorization_code') ?? client(form);
      if (refused) return refused;
      const code = form.get('code');
      if (!code) return refusal(400, ImsErrors.INVALID_REQUEST, 'Required parameter (code) is missing');
      if (auth?.code === undefined || code !== auth.code) {
        return refusal(400, ImsErrors.INVALID_GRANT, 'The authorization code is invalid or expired');
      }
      return grant('milliseconds', {
        refresh_token: `emulator-refresh-${randomBytes(16).toString('base64url')}`,
      });
    },
    jwt: async (form) => {
      const refused = client(form);
      if (refused) return refused;
      const jwt = form.get('jwt_token');
      if (!jwt) return refusal(400, ImsErrors.INVALID_TOKEN, 'JWT is missing');
      if (jwtKey === undefined) {
        return refusal(400, ImsErrors.INVALID_SIGNATURE, 'No certificate on record for this client');
      }
      const audience = `${imsEndpoint}/c/${auth?.clientId}`;
      const refusedJwt = await verifyJwt(
        imsEndpoint,
        jwt,
        jwtKey,
        audience,
        imsOrgId,
        auth?.technicalAccountId,
      );
      return refusedJwt ?? grant('milliseconds');
    },
  };

  return {
    issue: async (flow, form) => flows[flow](form),
    authorize(header) {
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
      if (!match?.[1]) return 'missing';
      const expiresAt = tokens.get(match[1]);
      return expiresAt !== undefined && Date.now() < expiresAt ? 'valid' : 'invalid';
    },
    expireAll() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    get tokensIssued() {
      return tokensIssued;
    },
  };
}

/** The JWT's signature (RS256), expiry, `aud`, `iss`, `sub` and meta-scope claims; a refusal or `undefined`. */
async function verifyJwt(
  imsEndpoint: string,
  jwt: string,
  key: KeyObject,
  audience: string,
  issuer: string | undefined,
  subject: string | undefined,
): Promise<Answer | undefined> {
  try {
    const { payload } = await jwtVerify(jwt, key, {
      algorithms: ['RS256'],
      audience,
      ...(issuer === undefined ? {} : { issuer }),
      ...(subject === undefined ? {} : { subject }),
      requiredClaims: ['iss', 'sub', 'exp'],
    });
    const metascopes = Object.entries(payload).filter(
      ([k, v]) => k.startsWith(`${imsEndpoint}/s/`) && v === true,
    );
    if (metascopes.length === 0) return refusal(400, ImsErrors.INVALID_SCOPE, 'The JWT has no metascopes');
    return undefined;
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refusal(400, ImsErrors.INVALID_TOKEN, 'JWT has expired');
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
      return refusal(
        400,
        ImsErrors.INVALID_SIGNATURE,
        'The JWT signature does not match any certificate on record',
      );
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') {
        return refusal(400, ImsErrors.INVALID_CLIENT, `The JWT aud must be ${audience}`);
      }
      return refusal(400, ImsErrors.BAD_REQUEST, `The JWT claim ${error.claim} is invalid (${error.reason})`);
    }
    return refusal(400, ImsErrors.INVALID_TOKEN, `JWT cannot be decoded: ${(error as Error).message}`);
  }
}

/** `grant_type` must be `expected`: 400 `invalid_request` when missing, `unsupported_grant_type` when another. */
function grantType(form: URLSearchParams, expected: string): Answer | undefined {
  const type = form.get('grant_type');
  if (!type) return refusal(400, ImsErrors.INVALID_REQUEST, 'Required parameter (grant_type) is missing');
  if (type !== expected) {
    return refusal(
      400,
      ImsErrors.UNSUPPORTED_GRANT_TYPE,
      `Unsupported value for field (grant_type): ${type}`,
    );
  }
  return undefined;
}

function refusal(status: 400 | 401, error: string, description: string): Answer {
  return { status, body: { error, error_description: description } };
}

function splitScopes(scope: string): string[] {
  return scope
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
