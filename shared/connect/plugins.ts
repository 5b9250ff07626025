// The plugins this project ships, assembled for the herder: the AEP sink connector with its keys from the folders
// that own them. Converters, transformations and predicates join the registry here as their folders provide them.
import { aepSinkConnectorPlugin, PluginRegistry } from '../connector/index.ts';
import { mappingConfigDef, validateMappingConfig } from '../mappings/index.ts';

/**
 * The registry the REST API uses unless the host passes its own.
 *
 * @example
 * defaultPluginRegistry().infos(true); // [{ class: 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector', type: 'sink', version: '0.1.0' }]
 */
export function defaultPluginRegistry(): PluginRegistry {
  return new PluginRegistry([
    aepSinkConnectorPlugin({
      configDefs: [mappingConfigDef],
      checks: [(config) => validateMappingConfig(config)],
    }),
  ]);
}
