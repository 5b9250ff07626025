// Builds a connector's key, value and header converters from `key.converter`, `value.converter`,
// `header.converter` and their prefixed settings, falling back to worker defaults (Connect's `Worker.startTask`).
import { ConfigDef, ConfigErrors, ConfigException, type ConfigProblem } from '../config/index.ts';
import { CONVERTER_TYPE_KEY, SINK_CONVERTER_DEFAULTS } from './constants.ts';
import { findConverterPlugin } from './registry.ts';
import type {
  ConnectorConverters,
  Converter,
  ConverterPluginType,
  ConverterType,
  HeaderConverter,
} from './types.ts';

const SLOTS: ReadonlyArray<{ type: ConverterType; key: string; pluginType: ConverterPluginType }> = [
  { type: 'key', key: 'key.converter', pluginType: 'converter' },
  { type: 'value', key: 'value.converter', pluginType: 'converter' },
  { type: 'header', key: 'header.converter', pluginType: 'header_converter' },
];

/**
 * Configures the three converters of a connector. For each of `key.converter`, `value.converter` and
 * `header.converter`: a class named in the connector config is configured with the connector's `<slot>.*` keys;
 * otherwise the worker default (`defaults`) is used with the worker's `<slot>.*` keys, and the connector's `<slot>.*`
 * keys on top of them (Connect ignores those; applying them lets configs such as Adobe's, which set
 * `value.converter.schemas.enable` without `value.converter`, mean what they say).
 *
 * @param defaults worker-level converter settings; a slot they do not name uses {@link SINK_CONVERTER_DEFAULTS}.
 * @throws {ConfigErrors} naming every bad key (`value.converter`, `value.converter.schemas.enable`, …) at once.
 * @example
 * const converters = buildConverters({ 'value.converter': 'org.apache.kafka.connect.json.JsonConverter' });
 * converters.value.toConnectData('t', Buffer.from('{"schema":null,"payload":1}')).value; // 1
 */
export function buildConverters(
  config: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>> = {},
): ConnectorConverters {
  const problems: ConfigProblem[] = [];
  const built: Partial<Record<ConverterType, { className: string; instance: Converter | HeaderConverter }>> =
    {};
  for (const slot of SLOTS) {
    const prefix = `${slot.key}.`;
    const fromConnector = Boolean(config[slot.key]?.trim());
    const worker = defaults[slot.key]?.trim() ? defaults : SINK_CONVERTER_DEFAULTS;
    const className = (fromConnector ? config[slot.key] : worker[slot.key]) as string;
    const settings: Record<string, string> = {};
    const origin = fromConnector ? [config] : [worker, config];
    for (const source of origin) {
      for (const [k, v] of Object.entries(source))
        if (k.startsWith(prefix)) settings[k.slice(prefix.length)] = v;
    }
    const plugin = findConverterPlugin(className, slot.pluginType);
    if (!plugin) {
      problems.push(notFound(slot.key, className, slot.pluginType, fromConnector));
      continue;
    }
    settings[CONVERTER_TYPE_KEY] = slot.type;
    try {
      // Parsing under the prefix makes every message name the key as the user wrote it.
      const parsed = new ConfigDef()
        .embed(prefix, slot.key, 0, plugin.configDef())
        .parse(prefixed(prefix, settings));
      const instance = plugin.create(unprefixed(prefix, parsed));
      built[slot.type] = { className: plugin.className, instance: instance as Converter | HeaderConverter };
    } catch (e) {
      if (e instanceof ConfigErrors) problems.push(...e.problems);
      else if (e instanceof ConfigException) problems.push({ key: `${prefix}${e.key}`, message: e.message });
      else throw e;
    }
  }
  if (problems.length > 0 || !built.key || !built.value || !built.header) throw new ConfigErrors(problems);
  const key = built.key.instance as Converter;
  const value = built.value.instance as Converter;
  return {
    key,
    value,
    prepare:
      key.prepare || value.prepare
        ? async (records) => {
            await key.prepare?.(records);
            await value.prepare?.(records);
          }
        : async () => {},
    header: built.header.instance as HeaderConverter,
    classNames: { key: built.key.className, value: built.value.className, header: built.header.className },
  };
}

function notFound(
  key: string,
  className: string,
  type: ConverterPluginType,
  fromConnector: boolean,
): ConfigProblem {
  const exists = findConverterPlugin(className) !== undefined;
  const reason = exists
    ? `Class ${className} is not a ${type === 'converter' ? 'Converter' : 'HeaderConverter'}.`
    : `Class ${className} could not be found.`;
  const e = new ConfigException(key, className, fromConnector ? reason : `${reason} (worker default)`);
  return { key, message: e.message };
}

function prefixed(prefix: string, settings: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings)) out[`${prefix}${k}`] = v;
  return out;
}

function unprefixed(prefix: string, parsed: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) out[k.slice(prefix.length)] = v;
  return out;
}
