// Token providers, one per `aep.connection.auth.token.type`, and the token cache shared by warm invocations.

import { TokenType } from '../constants.ts';
import type { AepAuthConfig } from '../settings.ts';
import { accessTokenProvider } from './access-token.ts';
import { jwtTokenProvider } from './jwt.ts';
import { oauth2TokenProvider } from './oauth2.ts';
import { staticTokenProvider } from './static-token.ts';
import type { TokenProvider } from './types.ts';

export { cachedToken, invalidateToken, TOKEN_REFRESH_MARGIN_MS } from './token-cache.ts';
export type { AccessToken, ImsRequestContext, TokenProvider } from './types.ts';

/**
 * The token provider of a parsed auth config.
 */
export function tokenProvider(auth: AepAuthConfig): TokenProvider {
  switch (auth.type) {
    case TokenType.OAUTH2_ACCESS_TOKEN:
      return oauth2TokenProvider(auth);
    case TokenType.ACCESS_TOKEN:
      return accessTokenProvider(auth);
    case TokenType.JWT_TOKEN:
      return jwtTokenProvider(auth);
    case TokenType.STATIC:
      return staticTokenProvider(auth);
  }
}
