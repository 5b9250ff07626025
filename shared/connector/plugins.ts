// The plugins a worker offers and how names find them: Connect's `Plugins` lookup by class name or alias, with
// aliases computed as `PluginUtils.computeAliases` does (simple class name, and the simple name without its type
// suffix; an alias naming two classes is dropped).

import { ConfigException } from '../config/index.ts';
import { ALIAS_SUFFIX, PLUGIN_TYPE_ORDER } from './constants.ts';
import { FrameworkKeys } from './framework.ts';
import type {
  ConfigEnricher,
  PluginDescriptor,
  PluginInfo,
  PluginType,
  SinkConnectorPlugin,
} from './types.ts';

/**
 * The plugin registry behind `GET /connector-plugins`, `…/config`, validation and connector creation.
 *
 * @example
 * const registry = new PluginRegistry([aepSinkConnectorPlugin(parts), ...converters], { enrich: transformsConfigDef });
 * registry.find('AEPSink')?.className; // 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector'
 */
export class PluginRegistry {
  /** Adds the transform and predicate keys to a definition, when the host has transforms. */
  readonly enrich: ConfigEnricher | undefined;
  readonly #plugins: readonly PluginDescriptor[];
  readonly #aliases = new Map<string, string>();

  constructor(plugins: readonly PluginDescriptor[], options: { readonly enrich?: ConfigEnricher } = {}) {
    this.enrich = options.enrich;
    const seen = new Set<string>();
    this.#plugins = plugins.filter((p) => {
      const id = `${p.type}:${p.className}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const classesByAlias = new Map<string, Set<string>>();
    for (const plugin of this.#plugins) {
      for (const alias of aliasesOf(plugin)) {
        const classes = classesByAlias.get(alias) ?? new Set<string>();
        classes.add(plugin.className);
        classesByAlias.set(alias, classes);
      }
    }
    for (const [alias, classes] of classesByAlias) {
      const [only] = classes;
      if (classes.size === 1 && only !== undefined && only !== alias) this.#aliases.set(alias, only);
    }
  }

  /**
   * `GET /connector-plugins`: connectors only (the default), or every plugin type, in Connect's order.
   *
   * @example
   * registry.infos(false).map((p) => p.type); // ['sink', 'transformation', …, 'converter', 'header_converter']
   */
  infos(connectorsOnly: boolean): PluginInfo[] {
    const types = connectorsOnly ? PLUGIN_TYPE_ORDER.slice(0, 2) : PLUGIN_TYPE_ORDER;
    // Connect lists each type's plugins sorted by class name (its PluginDesc order).
    return types.flatMap((type) =>
      this.#plugins
        .filter((p) => p.type === type)
        .sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0))
        .map((p) => ({
          class: p.className,
          type: p.type,
          ...(p.version !== undefined && p.version !== 'undefined' && { version: p.version }),
        })),
    );
  }

  /**
   * The plugin with this class name or alias, optionally only among `types`.
   */
  find(name: string, types?: readonly PluginType[]): PluginDescriptor | undefined {
    const wanted = name.trim();
    const className = this.#aliases.get(wanted) ?? wanted;
    return this.#plugins.find(
      (p) => p.className === className && (types === undefined || types.includes(p.type)),
    );
  }

  /**
   * The class names of every plugin of `type`, sorted (the recommended values of Connect's class keys).
   *
   * @example
   * registry.classNames('header_converter'); // ['org.apache.kafka.connect.converters.ByteArrayConverter', …]
   */
  classNames(type: PluginType): string[] {
    return [...new Set(this.#plugins.filter((p) => p.type === type).map((p) => p.className))].sort();
  }

  /**
   * The versions of a class (by name or alias), once per plugin type it is registered as, as Connect lists them in
   * version errors (`[4.1.1, 4.1.1]` for a class that is both a converter and a header converter).
   *
   * @example
   * registry.versions('StringConverter'); // ['4.1.1', '4.1.1']
   */
  versions(name: string): string[] {
    const className = this.find(name)?.className;
    return this.#plugins.filter((p) => p.className === className).map((p) => p.version ?? 'undefined');
  }

  /**
   * Whether any plugin of `type` is registered. Validation checks class names only for types the registry knows.
   */
  has(type: PluginType): boolean {
    return this.#plugins.some((p) => p.type === type);
  }

  /**
   * The connector plugin named by `connector.class` (class name or alias).
   *
   * @throws {ConfigException} for connector.class, listing the available connectors, as `Plugins.connectorClass` does.
   * @example
   * registry.connector('AEPSinkConnector').type; // 'sink'
   */
  connector(name: string): SinkConnectorPlugin {
    const plugin = this.find(name, ['sink']);
    if (plugin && isSinkConnector(plugin)) return plugin;
    const available = this.#plugins
      .filter((p) => p.type === 'sink' || p.type === 'source')
      .map(
        (p) =>
          `PluginDesc{klass=class ${p.className}, name='${p.className}', version='${p.version ?? 'undefined'}', encodedVersion=${p.version ?? 'undefined'}, type=${p.type}, typeName='${p.type}', location='classpath'}`,
      );
    throw ConfigException.withMessage(
      FrameworkKeys.CONNECTOR_CLASS,
      `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${available.join(', ')}`,
    );
  }
}

function isSinkConnector(plugin: PluginDescriptor): plugin is SinkConnectorPlugin {
  return plugin.type === 'sink' && typeof (plugin as Partial<SinkConnectorPlugin>).validate === 'function';
}

/** Java's `Class.getSimpleName()` (after the last `.` or `$`) and that name without the type's suffix. */
function aliasesOf(plugin: PluginDescriptor): string[] {
  const simple = plugin.className.slice(
    Math.max(plugin.className.lastIndexOf('.'), plugin.className.lastIndexOf('$')) + 1,
  );
  const suffix = ALIAS_SUFFIX[plugin.type];
  const at = simple.lastIndexOf(suffix);
  return [simple, ...(at > 0 ? [simple.slice(0, at)] : []), ...(plugin.aliases ?? [])];
}
