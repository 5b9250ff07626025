// A bearer token obtained outside the sink (`aep.connection.auth.token`), sent as is. It cannot be refreshed.
import type { AepAuthConfig } from '../settings.ts';
import type { TokenProvider } from './types.ts';

/**
 * The configured token, never expiring as far as the sink knows.
 */
export function staticTokenProvider(auth: Extract<AepAuthConfig, { type: 'static' }>): TokenProvider {
  const token = { value: auth.token.value, expiresAt: Number.POSITIVE_INFINITY };
  return { type: auth.type, cacheKey: undefined, refreshable: false, fetch: async () => token };
}
