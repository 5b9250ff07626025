// The plugins this project ships, assembled for the herder: the AEP sink connector with its keys from the folders
// that own them (`aep.*`, the sink's own keys, `esm.*`), the transformations and predicates (whose keys enrich
// validation) and the converters. The `esm.*` cross-key checks depend on the host's mapping defaults, so the herder
// runs them (HerderOptions.mapping).
import {
  aepDefinition,
  checkAllowedEndpoints,
  connectorAllowlistProblems,
  parseAepConfig,
  validateAepConfig,
} from '../aep/index.ts';
import { ConfigErrors } from '../config/index.ts';
import {
  aepSinkConnectorPlugin,
  type ConfigCheck,
  type PluginDescriptor,
  PluginRegistry,
} from '../connector/index.ts';
import { converterPlugins } from '../converters/index.ts';
import { mappingDefinition } from '../mappings/index.ts';
import { sinkDefinition, validateSinkSettings } from '../sink/index.ts';
import { transformPlugins, transformsConfigDef, validateTransformsConfig } from '../transforms/index.ts';

/**
 * The registry the REST API uses unless the host passes its own.
 *
 * @example
 * defaultPluginRegistry().infos(true); // [{ class: 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector', type: 'sink', version: '0.1.0' }]
 */
export function defaultPluginRegistry(): PluginRegistry {
  const converters: PluginDescriptor[] = converterPlugins().flatMap((plugin) =>
    plugin.types.map((type) => ({
      className: plugin.className,
      type,
      version: plugin.version,
      configDef: () => plugin.configDef(),
    })),
  );
  const transforms: PluginDescriptor[] = transformPlugins().map((plugin) => {
    // `InsertField$Value` names the nested class, as the transforms registry accepts it.
    const nested = plugin.className.slice(plugin.className.lastIndexOf('.') + 1);
    return {
      className: plugin.className,
      type: plugin.type,
      version: plugin.version,
      ...(nested.includes('$') && { aliases: [nested] }),
      configDef: () => plugin.configDef(),
    };
  });
  return new PluginRegistry(
    [
      aepSinkConnectorPlugin({
        definitions: [aepDefinition, sinkDefinition, mappingDefinition],
        checks: [
          (config) => validateAepConfig(config),
          connectorAllowlistProblems,
          (config) => validateSinkSettings(config),
          // What Connect finds only when a task starts: each transform's and predicate's configure() checks.
          (config) =>
            [...validateTransformsConfig(config).values()].flatMap((v) =>
              v.errorMessages.map((message) => ({ key: v.name, message })),
            ),
        ],
      }),
      ...transforms,
      ...converters,
    ],
    { enrich: transformsConfigDef },
  );
}

/**
 * The deployment's AEP host allowlist as a validation check: `aep.endpoint` (and the IMS endpoint, when used) must
 * name an allowed host, over https unless on loopback. Reported against those keys; a config whose `aep.*` keys do
 * not parse is left to the AEP checks.
 */
export function allowedEndpointsCheck(allowedHosts: readonly string[]): ConfigCheck {
  return (config) => {
    let parsed: ReturnType<typeof parseAepConfig>;
    try {
      parsed = parseAepConfig(config);
    } catch (e) {
      if (e instanceof ConfigErrors) return [];
      throw e;
    }
    return checkAllowedEndpoints(parsed, allowedHosts);
  };
}
