// The AEP sink connector plugin: Adobe's `com.adobe.platform.streaming.sink.impl.AEPSinkConnector`, whose own keys
// and cross-key checks (`Connector.config()` / `validate()`) come from the folders that own them (`aep.*` from
// shared/aep, `esm.*` from shared/mappings); the host assembles them, so this folder depends on neither.
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigDef } from '../config/index.ts';
import { AEP_SINK_CONNECTOR_CLASS } from './constants.ts';
import type { ConfigCheck, SinkConnectorPlugin } from './types.ts';

/** The parts of the AEP sink's configuration: key definitions (`defineConfig`) and the checks that span keys. */
export interface AepSinkParts {
  readonly definitions: readonly { configDef(): ConfigDef }[];
  readonly checks: readonly ConfigCheck[];
}

/**
 * The AEP sink as a sink connector plugin, listed with this project's version. Its keys feed
 * `GET /connector-plugins/{plugin}/config` and validation; `validate` runs the cross-key checks.
 *
 * @example
 * const plugin = aepSinkConnectorPlugin({ definitions: [mappingDefinition], checks: [] });
 * plugin.configDef().groups(); // ['Event Source Mapping']
 */
export function aepSinkConnectorPlugin(parts: AepSinkParts): SinkConnectorPlugin {
  return {
    className: AEP_SINK_CONNECTOR_CLASS,
    type: 'sink',
    version: packageJson.version,
    configDef: () => {
      const def = new ConfigDef();
      for (const part of parts.definitions) def.defineAll(part.configDef());
      return def;
    },
    validate: (config) => parts.checks.flatMap((check) => check(config)),
  };
}
