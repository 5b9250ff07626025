// Connector configs as they may be logged: secrets hidden, as Connect renders PASSWORD values (`[hidden]`).
import { type ConfigDef, HIDDEN } from '../config/index.ts';

// Keys that hold secrets though no ConfigDef of ours types them PASSWORD (client overrides, converter settings).
const SECRET_NAME = /password|secret|token|jaas\.config|keystore\.key|private|credential|\.code$/i;

/**
 * A copy of `config` safe to log: values of keys typed PASSWORD in any of `defs`, and of keys whose name says they
 * hold a secret (`…password`, `…secret`, `…token`, `sasl.jaas.config`, …), become `[hidden]`. Placeholders such as
 * `${secretsmanager:…}` are hidden too once resolved, because the key decides, not the value.
 *
 * @example
 * redactConfig({ 'aep.connection.auth.client.secret': 's3cret', topics: 't' });
 * // { 'aep.connection.auth.client.secret': '[hidden]', topics: 't' }
 */
export function redactConfig(
  config: Readonly<Record<string, string>>,
  defs: readonly ConfigDef[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const typed = defs.some((def) => def.key(key)?.type === 'PASSWORD');
    out[key] = typed || SECRET_NAME.test(key) ? HIDDEN : value;
  }
  return out;
}
