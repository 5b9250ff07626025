// Content negotiation of Connect's resources: every one produces JSON (Jersey's `@Produces(application/json)`), so a
// request that accepts no JSON is answered 406.
import { ConnectRestError } from './errors.ts';

/**
 * Whether an `Accept` header lets the answer be JSON: absent, or naming `application/json`, `application/*` or
 * `*` + `/*` (Jersey matches the media types and ignores their `q`, as Connect's answers show).
 *
 * @example
 * acceptsJson('text/html'); // false: Connect answers 406
 * acceptsJson('text/html,application/xhtml+xml,application/xml;q=0.9,*' + '/*;q=0.8'); // true (a browser)
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept
    .split(',')
    .map((range) => (range.split(';')[0] ?? '').trim().toLowerCase())
    .some((type) => type === 'application/json' || type === 'application/*' || type === '*/*');
}

/**
 * @throws {ConnectRestError} when the request accepts no JSON.
 * @example
 * requireAcceptsJson(c.req.header('accept'));
 */
export function requireAcceptsJson(accept: string | undefined): void {
  if (!acceptsJson(accept)) throw ConnectRestError.notAcceptable();
}
