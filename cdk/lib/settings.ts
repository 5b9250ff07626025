// The deployment settings an `AepSinkStack` takes, as props or from context (cdk/lib/definitions.ts): their type,
// parsing from context, the problems across keys, and the `esm.*` defaults they produce.
import type { Node } from 'constructs';
import { ConfigErrors, type ConfigProblem, type ConfigValues } from '../../shared/config/index.ts';
import { AuthType, MappingKeys, validateMappingConfig } from '../../shared/mappings/index.ts';
import type { ConnectorDeclaration } from './aep-sink-connector.ts';
import { deploymentDefinition } from './definitions.ts';

type Values = ConfigValues<typeof deploymentDefinition.keys>;

/**
 * The deployment settings an `AepSinkStack` takes, as props or from context (same names, documented in
 * docs/deploy.md and `deploymentDefinition`). Every one is optional; `mappingDefaults` and `connectors` are objects.
 */
export type DeploymentSettings = {
  readonly [K in Exclude<keyof Values, 'stackName' | 'mappingDefaults' | 'connectors'>]?: Exclude<
    Values[K],
    null
  >;
} & {
  /** More `esm.*` deployment defaults (e.g. `esm.batch.size`), under the ones derived from the Kafka keys. */
  readonly mappingDefaults?: Readonly<Record<string, string>>;
  /** Connectors declared as code (see `AepSinkConnector`). */
  readonly connectors?: readonly ConnectorDeclaration[];
};

/** The context keys that set an `esm.*` deployment default, and the key each sets. */
const ESM_KEY_OF = {
  mskClusterArn: MappingKeys.MSK_CLUSTER_ARN,
  bootstrapServers: MappingKeys.BOOTSTRAP_SERVERS,
  kafkaAuthType: MappingKeys.AUTH_TYPE,
  kafkaAuthSecretArn: MappingKeys.AUTH_SECRET_ARN,
  kafkaRootCaSecretArn: MappingKeys.SERVER_ROOT_CA_SECRET_ARN,
  subnetIds: MappingKeys.VPC_SUBNETS,
  securityGroupIds: MappingKeys.VPC_SECURITY_GROUPS,
} as const;

const CONTEXT_KEY_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ESM_KEY_OF).map(([context, esm]) => [esm, context]),
);

/** The two keys whose values are JSON (objects in props and cdk.json, strings on the command line). */
const JSON_KEYS: readonly string[] = ['mappingDefaults', 'connectors'];

/**
 * The stack props the context holds: every key of {@link deploymentDefinition}, typed, unset optional keys omitted.
 * `mappingDefaults` and `connectors` may be written in cdk.json as JSON values or as JSON strings.
 *
 * @throws {ConfigErrors} listing every bad context key.
 */
export function settingsFromContext(node: Node): DeploymentSettings & { readonly stackName: string } {
  const names = Object.keys(deploymentDefinition.keys);
  const context = Object.fromEntries(names.map((name) => [name, node.tryGetContext(name)]));
  const parsed = deploymentDefinition.parse(configInput(context));
  const settings: Record<string, unknown> = {};
  for (const name of names) {
    const key = name as keyof Values;
    const value = parsed.get(key);
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    settings[key] = JSON_KEYS.includes(key) ? JSON.parse(String(value)) : value;
  }
  return settings as unknown as DeploymentSettings & { readonly stackName: string };
}

/**
 * Every problem of the settings, each naming its key: each key on its own (the context keys' rules, applied to
 * props set in code too), then keys that conflict or need each other, then what `validateMappingConfig` says about
 * the `esm.*` defaults they produce.
 *
 * @example
 * settingsProblems({ mskClusterArn: arn, bootstrapServers: ['b:9092'] });
 * // [{ key: 'bootstrapServers', message: 'bootstrapServers cannot be set together with mskClusterArn' }]
 */
export function settingsProblems(settings: DeploymentSettings): ConfigProblem[] {
  const problems: ConfigProblem[] = [
    ...deploymentDefinition
      .configDef()
      .validate(configInput({ ...settings }))
      .values(),
  ].flatMap((v) => v.errorMessages.map((message) => ({ key: v.name, message })));
  const conflict = (a: string, b: string) =>
    problems.push({ key: b, message: `${b} cannot be set together with ${a}` });
  const missing = (key: string, because: string) =>
    problems.push({ key, message: `Missing configuration "${key}": required when ${because}` });
  const has = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);

  if (has(settings.mskClusterArn) && has(settings.bootstrapServers)) {
    conflict('mskClusterArn', 'bootstrapServers');
  }
  if (has(settings.alarmEmail) && has(settings.alarmTopicArn)) conflict('alarmEmail', 'alarmTopicArn');
  const vpcKeys = ['vpcId', 'subnetIds', 'securityGroupIds'] as const;
  const vpcSet = vpcKeys.filter((k) => has(settings[k]));
  if (vpcSet.length > 0) {
    for (const k of vpcKeys) if (!has(settings[k])) missing(k, `${vpcSet.join(' and ')} set`);
  }
  // The esm.* defaults these keys produce, checked by the same code that checks connectors, with each problem
  // reported against the context key that set it (once the keys above agree, so nothing is reported twice).
  const defaults = deploymentMappingDefaults({ ...settings, mappingDefaults: {} });
  if (problems.length === 0 && Object.keys(defaults).length > 0) {
    const probe = { name: 'probe', topics: 'probe', ...defaults };
    for (const p of validateMappingConfig(probe, { lambda: true })) {
      const key = CONTEXT_KEY_OF[p.key] ?? p.key;
      problems.push({ key, message: `${p.message} (set through ${key})` });
    }
  }
  return problems;
}

/**
 * Throws when the settings have problems.
 *
 * @throws {ConfigErrors} listing every problem, each naming its key.
 */
export function assertValidSettings(settings: DeploymentSettings): void {
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new ConfigErrors(problems);
}

/**
 * `MAPPING_DEFAULTS` of the façade (and the defaults of connectors declared as code): the source, auth and VPC of
 * the settings as `esm.*` keys, over `mappingDefaults`. VPC keys apply to self-managed Kafka only: Lambda reaches
 * an MSK cluster through the cluster's own VPC configuration.
 *
 * @example
 * deploymentMappingDefaults({ mskClusterArn: arn, kafkaAuthType: 'NONE' }); // { 'esm.msk.cluster.arn': arn }
 */
export function deploymentMappingDefaults(settings: DeploymentSettings): Record<string, string> {
  const out: Record<string, string> = { ...settings.mappingDefaults };
  for (const [contextKey, esmKey] of Object.entries(ESM_KEY_OF)) {
    const value = settings[contextKey as keyof typeof ESM_KEY_OF];
    // NONE is the esm.* default; VPC keys apply to self-managed Kafka only.
    if (contextKey === 'kafkaAuthType' && value === AuthType.NONE) continue;
    if (
      (contextKey === 'subnetIds' || contextKey === 'securityGroupIds') &&
      !settings.bootstrapServers?.length
    )
      continue;
    if (value !== undefined && value.length > 0)
      out[esmKey] = typeof value === 'string' ? value : value.join(',');
  }
  return out;
}

/** Context values or props as ConfigDef input: the two object-valued keys as JSON strings. */
function configInput(values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    input[key] = JSON_KEYS.includes(key) && typeof value !== 'string' ? JSON.stringify(value) : value;
  }
  return input;
}
