// OAuth server-to-server credentials (`OAuth2IMSTokenProvider`; Adobe Developer Console "OAuth Server-to-Server
// credential API Reference"): `client_credentials` at `/ims/token/v3`, `expires_in` in seconds.
import type { AepAuthConfig } from '../settings.ts';
import { requestImsToken } from './ims.ts';
import { tokenCacheKey } from './token-cache.ts';
import type { TokenProvider } from './types.ts';

/**
 * Tokens of an OAuth server-to-server credential (`aep.connection.auth.token.type=oauth2_access_token`).
 */
export function oauth2TokenProvider(
  auth: Extract<AepAuthConfig, { type: 'oauth2_access_token' }>,
): TokenProvider {
  const secret = auth.clientSecret.value;
  return {
    type: auth.type,
    cacheKey: tokenCacheKey(auth.type, auth.endpoint, auth.clientId, secret, auth.scope),
    refreshable: true,
    fetch: (context) =>
      requestImsToken(
        auth.endpoint,
        '/ims/token/v3',
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: auth.clientId,
          client_secret: secret,
          scope: auth.scope,
        }),
        'seconds',
        context,
      ),
  };
}
