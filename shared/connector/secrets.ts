// Which config values may carry a credential, decided in one place for everything that shows or logs a config or a
// message about one: validate, the 400 messages of create/update, status traces, the herder's and the sink's logs.
// A value is secret when its key is typed PASSWORD (Connect's rule), or, for a key no definition types, when the
// key is a Kafka client's PASSWORD key (`sasl.jaas.config`, `ssl.key.password`, … under any prefix) or its name says
// so; the values of `aep.connection.endpoint.headers` are secrets too (an API key, a bearer token), its header names
// are not.
import { type ConfigType, HIDDEN } from '../config/index.ts';
import { CLIENT_PASSWORD_KEYS } from '../kafka/index.ts';
import { parseJsonObject } from '../records/index.ts';

/** The AEP sink's extra request headers: a JSON object whose values may be credentials. */
export const HEADERS_KEY = 'aep.connection.endpoint.headers';

// Names of keys that hold secrets though no definition types them (client overrides, plugins' free-form keys).
const SECRET_NAME =
  /password|secret|token$|\.token\.|jaas\.config|keystore\.key|private|credential|user\.info$|\.code$/i;
// Shorter values would hide ordinary words in a message.
const MIN_SCRUBBED_LENGTH = 4;

/**
 * The type a key is defined with, if any (from the connector's, converters' and clients' definitions).
 */
export type KeyTypes = (key: string) => ConfigType | undefined;

/**
 * Whether a key's whole value is a secret (the headers key is not: only its values are).
 *
 * @example
 * isSecretKey('consumer.override.sasl.jaas.config'); // true
 * isSecretKey('aep.connection.auth.token.type', () => 'STRING'); // false
 */
export function isSecretKey(key: string, typeOf: KeyTypes = () => undefined): boolean {
  if (key === HEADERS_KEY) return false;
  const type = typeOf(key);
  if (type !== undefined) return type === 'PASSWORD';
  return CLIENT_PASSWORD_KEYS.some((k) => key === k || key.endsWith(`.${k}`)) || SECRET_NAME.test(key);
}

/**
 * A value as it may be shown: `[hidden]` for a secret key, header names with hidden values for the headers key.
 *
 * @example
 * shownValue('aep.connection.endpoint.headers', '{"x-api-key":"k"}'); // '{"x-api-key":"[hidden]"}'
 */
export function shownValue(key: string, value: string | null, typeOf?: KeyTypes): string | null {
  if (value === null) return null;
  if (key === HEADERS_KEY) return headerNamesOnly(value);
  return isSecretKey(key, typeOf) ? HIDDEN : value;
}

/**
 * A copy of a config safe to log or show, every value through {@link shownValue}.
 *
 * @example
 * hideSecrets({ 'aep.connection.auth.client.secret': 's3cret', topics: 't' }, typeOf);
 * // { 'aep.connection.auth.client.secret': '[hidden]', topics: 't' }
 */
export function hideSecrets<V extends string | null>(
  config: Readonly<Record<string, V>>,
  typeOf?: KeyTypes,
): Record<string, V> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, shownValue(k, v, typeOf)])) as Record<
    string,
    V
  >;
}

/**
 * A function that replaces every secret of a config found in a text (a message, a trace) with `[hidden]`: each secret
 * value, each header value, and each quoted part of a secret (a JAAS `password="…"`), which a client library may
 * quote on its own.
 *
 * @example
 * const hide = secretsHider({ 'consumer.override.sasl.jaas.config': '… password="pw12";' });
 * hide('login failed with password="pw12"'); // 'login failed with password="[hidden]"'
 */
export function secretsHider(
  config: Readonly<Record<string, string | null>>,
  typeOf?: KeyTypes,
): (text: string) => string {
  const secrets = new Set<string>();
  for (const [key, value] of Object.entries(config)) {
    if (value === null) continue;
    if (key === HEADERS_KEY) for (const v of headerValues(value)) secrets.add(v);
    else if (isSecretKey(key, typeOf)) {
      secrets.add(value);
      for (const [, quoted] of value.matchAll(/"((?:[^"\\]|\\.)*)"/g)) if (quoted) secrets.add(quoted);
    }
  }
  const ordered = [...secrets]
    .filter((s) => s.length >= MIN_SCRUBBED_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce((t, secret) => t.replaceAll(secret, HIDDEN), text);
}

/** The header names of a JSON headers object with every value hidden; all of it hidden when it is not one. */
function headerNamesOnly(value: string): string {
  const parsed = parseJsonObject(value);
  if (!parsed) return value.trim() === '' ? value : HIDDEN;
  return JSON.stringify(Object.fromEntries(Object.keys(parsed).map((name) => [name, HIDDEN])));
}

/** The values of a headers object, or the whole text when it is not one (it may still hold a token). */
function headerValues(value: string): string[] {
  const parsed = parseJsonObject(value);
  if (!parsed) return [value, ...[...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '')];
  return Object.values(parsed).map(String);
}
