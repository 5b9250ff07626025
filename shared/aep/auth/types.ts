// The port through which the sender gets bearer tokens; one adapter per `aep.connection.auth.token.type`.
import type { Dispatcher } from 'undici';
import type { Logger } from '../../logging/index.ts';
import type { RetryPolicy } from '../retry.ts';
import type { AepMetrics } from '../types.ts';

/**
 * A bearer token and when it stops being valid (epoch ms; `Infinity` when unknown).
 */
export interface AccessToken {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * What an IMS call needs: the sender's dispatcher (same proxy), its retry policy and the caller's deadline.
 */
export interface ImsRequestContext {
  readonly dispatcher: Dispatcher;
  readonly policy: RetryPolicy;
  readonly deadline: number;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly metrics?: AepMetrics;
}

/**
 * Gets tokens for one credential.
 *
 * @example
 * const token = await provider.fetch(context); // one IMS call, retried like AEP calls
 */
export interface TokenProvider {
  /** Tokens are shared across senders and warm invocations under this key; undefined: never cached. */
  readonly cacheKey: string | undefined;
  /** Whether fetching again can fix a 401/403 from AEP. */
  readonly refreshable: boolean;
  /** The token type, for logs. */
  readonly type: string;
  fetch(context: ImsRequestContext): Promise<AccessToken>;
}
