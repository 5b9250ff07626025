// The keys every converter has (`org.apache.kafka.connect.storage.ConverterConfig`) and the plugin naming rules
// (`PluginUtils.computeAliases`).
import { ConfigDef, validString } from '../config/index.ts';
import { CONVERTER_TYPE_KEY } from './constants.ts';
import type { ConverterPluginType } from './types.ts';

/**
 * A ConfigDef holding `converter.type` (`ConverterConfig.newConfigDef`); the sink sets it, users never do.
 */
export function converterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_KEY,
    type: 'STRING',
    importance: 'LOW',
    documentation: 'How this converter will be used.',
    validator: validString('key', 'value', 'header'),
  });
}

/**
 * The aliases Connect accepts for a plugin class: its simple name, and that name without the plugin type's suffix
 * (`Converter`, `HeaderConverter`) when it has one.
 *
 * @example
 * converterAliases('org.apache.kafka.connect.json.JsonConverter', ['converter']); // ['JsonConverter', 'Json']
 */
export function converterAliases(className: string, types: readonly ConverterPluginType[]): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const aliases = [simple];
  for (const type of types) {
    const suffix = type === 'converter' ? 'Converter' : 'HeaderConverter';
    if (simple.endsWith(suffix) && simple !== suffix) aliases.push(simple.slice(0, -suffix.length));
  }
  return [...new Set(aliases)];
}
