// The legacy IMS authorization-code exchange (`IMSTokenProvider`): `authorization_code` at `/ims/token/v1`; the Java
// connector reads `expires_in` as milliseconds, and so does this.
import type { AepAuthConfig } from '../settings.ts';
import { requestImsToken } from './ims.ts';
import { tokenCacheKey } from './token-cache.ts';
import type { TokenProvider } from './types.ts';

/**
 * Tokens from an authorization code (`aep.connection.auth.token.type=access_token`).
 */
export function accessTokenProvider(auth: Extract<AepAuthConfig, { type: 'access_token' }>): TokenProvider {
  const secret = auth.clientSecret.value;
  const code = auth.clientCode.value;
  return {
    type: auth.type,
    cacheKey: tokenCacheKey(auth.type, auth.endpoint, auth.clientId, secret, code),
    refreshable: true,
    fetch: (context) =>
      requestImsToken(
        auth.endpoint,
        '/ims/token/v1',
        new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: auth.clientId,
          client_secret: secret,
          code,
        }),
        'milliseconds',
        context,
      ),
  };
}
