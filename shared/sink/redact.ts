// Connector configs as they may be logged: secrets hidden, as Connect renders PASSWORD values (`[hidden]`). Which
// values are secrets is decided in one place (shared/connector/secrets.ts).
import { aepDefinition } from '../aep/index.ts';
import type { ConfigDef } from '../config/index.ts';
import { hideSecrets, type KeyTypes, secretsHider } from '../connector/index.ts';

/**
 * A copy of `config` safe to log: values of keys typed PASSWORD in any of `defs` (the `aep.*` keys by default), of
 * Kafka client PASSWORD keys (`sasl.jaas.config`, … under any prefix) and of undefined keys whose name says they hold
 * a secret become `[hidden]`; so do the header values of `aep.connection.endpoint.headers`, keeping their names.
 * Placeholders such as `${secretsmanager:…}` are hidden too once resolved, because the key decides, not the value.
 *
 * @example
 * redactConfig({ 'aep.connection.auth.client.secret': 's3cret', topics: 't' });
 * // { 'aep.connection.auth.client.secret': '[hidden]', topics: 't' }
 */
export function redactConfig(
  config: Readonly<Record<string, string>>,
  defs: readonly ConfigDef[] = [aepDefinition.configDef()],
): Record<string, string> {
  return hideSecrets(config, typesOf(defs));
}

/**
 * Hides the secrets of a config (resolved or not) in a text the sink stores or shows, such as a failure's reason: the
 * same values {@link redactConfig} hides.
 *
 * @example
 * configSecretsHider({ 'aep.connection.auth.client.secret': 's3cret!' })('IMS said s3cret! is wrong');
 * // 'IMS said [hidden] is wrong'
 */
export function configSecretsHider(
  config: Readonly<Record<string, string>>,
  defs: readonly ConfigDef[] = [aepDefinition.configDef()],
): (text: string) => string {
  return secretsHider(config, typesOf(defs));
}

function typesOf(defs: readonly ConfigDef[]): KeyTypes {
  return (key) => defs.map((def) => def.key(key)?.type).find((t) => t !== undefined);
}
