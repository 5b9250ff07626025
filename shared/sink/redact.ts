// Connector configs as they may be logged: secrets hidden, as Connect renders PASSWORD values (`[hidden]`).
import { aepDefinition } from '../aep/index.ts';
import { type ConfigDef, HIDDEN } from '../config/index.ts';

// Keys that hold secrets though no ConfigDef of ours types them PASSWORD (client overrides, converter settings).
const SECRET_NAME = /password|secret|token|jaas\.config|keystore\.key|private|credential|\.code$/i;
// Extra HTTP headers (a JSON object): `Authorization` (auth off) or `x-api-key` values are credentials.
const HEADERS_KEY = 'aep.connection.endpoint.headers';

/**
 * A copy of `config` safe to log: values of keys typed PASSWORD in any of `defs` (the `aep.*` keys by default), and of keys whose name says they
 * hold a secret (`…password`, `…secret`, `…token`, `sasl.jaas.config`, …), become `[hidden]`; so do the header values
 * of `aep.connection.endpoint.headers` (an `Authorization` or `x-api-key` value), keeping their names. Placeholders
 * such as `${secretsmanager:…}` are hidden too once resolved, because the key decides, not the value.
 *
 * @example
 * redactConfig({ 'aep.connection.auth.client.secret': 's3cret', topics: 't' });
 * // { 'aep.connection.auth.client.secret': '[hidden]', topics: 't' }
 */
export function redactConfig(
  config: Readonly<Record<string, string>>,
  defs: readonly ConfigDef[] = [aepDefinition.configDef()],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const typed = defs.some((def) => def.key(key)?.type === 'PASSWORD');
    if (typed || SECRET_NAME.test(key)) out[key] = HIDDEN;
    else if (key === HEADERS_KEY) out[key] = headerNamesOnly(value);
    else out[key] = value;
  }
  return out;
}

/** The header names of a JSON headers object with every value hidden; all of it hidden when it is not one. */
function headerNamesOnly(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return HIDDEN;
    return JSON.stringify(Object.fromEntries(Object.keys(parsed).map((name) => [name, HIDDEN])));
  } catch {
    return HIDDEN;
  }
}
