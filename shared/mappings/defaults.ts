// The deployment's `esm.*` defaults (`MAPPING_DEFAULTS` of the façade and the sink, derived by the CDK stack from its
// Kafka settings), applied under each connector's own keys.

import { MappingKeys } from './constants.ts';
import { mappingDefinition } from './definitions.ts';

const K = MappingKeys;

/** Keys that describe where and how to connect: host defaults for them apply only as a whole (see below). */
const SOURCE_KEYS: readonly string[] = [
  K.SOURCE,
  K.MSK_CLUSTER_ARN,
  K.BOOTSTRAP_SERVERS,
  K.AUTH_TYPE,
  K.AUTH_SECRET_ARN,
  K.SERVER_ROOT_CA_SECRET_ARN,
  K.VPC_SUBNETS,
  K.VPC_SECURITY_GROUPS,
];
const SOURCE_SELECTORS: readonly string[] = [K.SOURCE, K.MSK_CLUSTER_ARN, K.BOOTSTRAP_SERVERS];

/**
 * Deployment defaults (`MAPPING_DEFAULTS`, a JSON object of `esm.*` keys) under a connector's own keys. A connector
 * that names its own source (`esm.source`, `esm.msk.cluster.arn` or `esm.bootstrap.servers`) gets none of the
 * default source keys (cluster, servers, auth, CA, VPC), so a default cluster never mixes with its own.
 *
 * @example
 * withMappingDefaults({ topics: 't' }, { 'esm.msk.cluster.arn': arn }); // { 'esm.msk.cluster.arn': arn, topics: 't' }
 */
export function withMappingDefaults(
  config: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
): Record<string, string> {
  const ownSource = SOURCE_SELECTORS.some((k) => config[k] !== undefined);
  const applicable = Object.entries(defaults).filter(([k]) => !(ownSource && SOURCE_KEYS.includes(k)));
  return { ...Object.fromEntries(applicable), ...config };
}

/**
 * Parses the host's `MAPPING_DEFAULTS` (a JSON object of `esm.*` keys to string values); unset or empty → `{}`.
 *
 * @throws {Error} naming `MAPPING_DEFAULTS` and the offending key when it is not such an object.
 */
export function mappingDefaultsFromEnv(json: string | undefined): Record<string, string> {
  if (json === undefined || json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new Error(`MAPPING_DEFAULTS is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('MAPPING_DEFAULTS must be a JSON object of esm.* keys');
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (!(k in mappingDefinition.keys)) throw new Error(`MAPPING_DEFAULTS: ${k} is not an esm.* key`);
    if (typeof v !== 'string') throw new Error(`MAPPING_DEFAULTS: the value of ${k} must be a string`);
  }
  return parsed as Record<string, string>;
}

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

/**
 * The config the sink reads a mapping's records with when the mapping decodes them itself (`esm.schema.registry.url`
 * on Lambda): each part it validates (`esm.schema.registry.validate`) arrives as JSON text, so that slot's converter
 * becomes a schemaless JsonConverter, whatever the connector names (e.g. AvroConverter). Other configs are returned
 * unchanged.
 *
 * @example
 * mappingDecodedConverters({ 'esm.schema.registry.url': 'https://sr', 'value.converter': 'AvroConverter' })['value.converter'];
 * // 'org.apache.kafka.connect.json.JsonConverter'
 */
export function mappingDecodedConverters(
  config: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  if (!config[MappingKeys.SCHEMA_REGISTRY_URL]?.trim()) return config;
  const parts = (config[MappingKeys.SCHEMA_REGISTRY_VALIDATE] ?? 'VALUE')
    .split(',')
    .map((p) => p.trim().toUpperCase());
  const out: Record<string, string> = { ...config };
  for (const [part, slot] of [
    ['KEY', 'key.converter'],
    ['VALUE', 'value.converter'],
  ] as const) {
    if (!parts.includes(part)) continue;
    for (const key of Object.keys(out)) if (key.startsWith(`${slot}.`)) delete out[key];
    out[slot] = JSON_CONVERTER;
    out[`${slot}.schemas.enable`] = 'false';
  }
  return out;
}
