// Tokens shared by every sender of a warm container, as Adobe asks ("cache and reuse tokens": IMS may throttle
// integrations that request too many). Like the Java `AbstractAuthProvider`, a token is refreshed before it expires;
// unlike it, concurrent callers share one IMS request and a 401/403 from AEP drops the token.
import { createHash } from 'node:crypto';
import type { AccessToken, ImsRequestContext, TokenProvider } from './types.ts';

/**
 * A token is refreshed this long before it expires (or at half its lifetime when that is shorter).
 */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

interface CachedToken extends AccessToken {
  readonly refreshAt: number;
}

interface CacheEntry {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
}

const cache = new Map<string, CacheEntry>();

/**
 * The cache key of a credential: a SHA-256 over its parts (endpoint, client id, secret, scope…), so a token is only
 * reused by a config that holds the same secret, and the key itself reveals nothing.
 */
export function tokenCacheKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/**
 * A valid token of `provider`: the cached one until its refresh time, else a new one. Concurrent callers share one
 * fetch. When a refresh fails while the cached token has not expired yet, the cached token is used.
 *
 * @throws the provider's error (`ImsTokenError`) when no valid token can be had.
 */
export async function cachedToken(provider: TokenProvider, context: ImsRequestContext): Promise<string> {
  const key = provider.cacheKey;
  if (key === undefined) return (await provider.fetch(context)).value;
  let entry = cache.get(key);
  if (!entry) {
    entry = {};
    cache.set(key, entry);
  }
  if (entry.token && Date.now() < entry.token.refreshAt) return entry.token.value;
  const current = entry;
  current.pending ??= fetchCached(provider, context).finally(() => {
    current.pending = undefined;
  });
  try {
    const token = await current.pending;
    current.token = token;
    return token.value;
  } catch (error) {
    if (current.token && Date.now() < current.token.expiresAt) {
      context.logger?.warn('IMS token refresh failed; using the current token until it expires', {
        tokenType: provider.type,
        error: (error as Error).message,
      });
      return current.token.value;
    }
    throw error;
  }
}

/**
 * Drops `value` from the cache (AEP refused it), unless a newer token already replaced it.
 */
export function invalidateToken(provider: TokenProvider, value: string): void {
  const entry = provider.cacheKey === undefined ? undefined : cache.get(provider.cacheKey);
  if (entry?.token?.value === value) entry.token = undefined;
}

async function fetchCached(provider: TokenProvider, context: ImsRequestContext): Promise<CachedToken> {
  const obtainedAt = Date.now();
  const token = await provider.fetch(context);
  const lifetime = token.expiresAt - obtainedAt;
  return { ...token, refreshAt: obtainedAt + Math.max(lifetime - TOKEN_REFRESH_MARGIN_MS, lifetime / 2) };
}
