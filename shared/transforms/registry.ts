// The installed transform and predicate plugins and how a configured class name resolves to one: the full class
// name, or an alias by Connect's `PluginUtils.computeAliases` rules (the unique simple class name), plus the
// `Outer$Inner` short form for the `$Key`/`$Value` SMTs.

import { jsonPatch } from './adobe/json-patch.ts';
import { xdmEnvelope } from './adobe/xdm-envelope.ts';
import { cast } from './apache/cast.ts';
import { dropHeaders } from './apache/drop-headers.ts';
import { extractField } from './apache/extract-field.ts';
import { filter } from './apache/filter.ts';
import { flatten } from './apache/flatten.ts';
import { headerFrom } from './apache/header-from.ts';
import { hoistField } from './apache/hoist-field.ts';
import { insertField } from './apache/insert-field.ts';
import { insertHeader } from './apache/insert-header.ts';
import { maskField } from './apache/mask-field.ts';
import { regexRouter } from './apache/regex-router.ts';
import { replaceField } from './apache/replace-field.ts';
import { setSchemaMetadata } from './apache/set-schema-metadata.ts';
import { timestampConverter } from './apache/timestamp-converter.ts';
import { timestampRouter } from './apache/timestamp-router.ts';
import { valueToKey } from './apache/value-to-key.ts';
import { PluginType } from './constants.ts';
import { KEY, type Plugin, VALUE } from './plugin.ts';
import { hasHeaderKey } from './predicates/has-header-key.ts';
import { recordIsTombstone } from './predicates/record-is-tombstone.ts';
import { topicNameMatches } from './predicates/topic-name-matches.ts';
import type { TransformPluginInfo } from './types.ts';

const keyed = [
  insertField,
  replaceField,
  maskField,
  hoistField,
  extractField,
  setSchemaMetadata,
  flatten,
  cast,
  timestampConverter,
  headerFrom,
];

/** Every plugin, transformations first, in class-name order within each type (as `/connector-plugins` sorts). */
const PLUGINS: readonly Plugin[] = [
  ...keyed.flatMap((variant) => [variant(KEY), variant(VALUE)]),
  valueToKey,
  timestampRouter,
  regexRouter,
  filter,
  insertHeader,
  dropHeaders,
  jsonPatch,
  xdmEnvelope,
  topicNameMatches,
  hasHeaderKey,
  recordIsTombstone,
].sort((a, b) =>
  a.type === b.type ? a.className.localeCompare(b.className) : a.type === PluginType.TRANSFORMATION ? -1 : 1,
);

/** Connect's `Class.getSimpleName()`: the name after the last `.` and `$`. */
function simpleName(className: string): string {
  return className.slice(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
}

/** `PluginUtils.prunedName`: the simple name without a trailing `Transformation`/`Predicate`. */
function prunedName(plugin: Plugin): string {
  const simple = simpleName(plugin.className);
  const suffix = plugin.type === PluginType.TRANSFORMATION ? 'Transformation' : 'Predicate';
  const pos = simple.lastIndexOf(suffix);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

/** Name → plugin: full names, unambiguous aliases and `Outer$Inner` forms. */
const BY_NAME: ReadonlyMap<string, Plugin> = (() => {
  const candidates = new Map<string, Set<Plugin>>();
  const add = (name: string, plugin: Plugin) =>
    candidates.set(name, (candidates.get(name) ?? new Set()).add(plugin));
  for (const plugin of PLUGINS) {
    add(simpleName(plugin.className), plugin);
    add(prunedName(plugin), plugin);
    const nested = plugin.className.slice(plugin.className.lastIndexOf('.') + 1);
    if (nested.includes('$')) add(nested, plugin);
  }
  const byName = new Map<string, Plugin>();
  for (const [name, plugins] of candidates)
    if (plugins.size === 1) byName.set(name, [...plugins][0] as Plugin);
  for (const plugin of PLUGINS) byName.set(plugin.className, plugin);
  return byName;
})();

/** Abstract `$Key`/`$Value` bases, which Connect refuses with "This class is abstract … Did you mean …?". */
const ABSTRACT_BASES: ReadonlyMap<string, readonly string[]> = (() => {
  const bases = new Map<string, string[]>();
  for (const plugin of PLUGINS) {
    const dollar = plugin.className.indexOf('$');
    if (dollar > 0)
      bases.set(plugin.className.slice(0, dollar), [
        ...(bases.get(plugin.className.slice(0, dollar)) ?? []),
        plugin.className,
      ]);
  }
  return bases;
})();

/**
 * Every transform and predicate plugin (`GET /connector-plugins?connectorsOnly=false`).
 */
export function transformPlugins(): readonly TransformPluginInfo[] {
  return PLUGINS;
}

/**
 * The plugin a `transforms.<alias>.type` / `predicates.<alias>.type` value names, or `undefined`.
 *
 * @example
 * findPlugin('RegexRouter')?.className; // "org.apache.kafka.connect.transforms.RegexRouter"
 */
export function findPlugin(name: string): Plugin | undefined {
  return BY_NAME.get(name.trim());
}

/**
 * The concrete classes of an abstract SMT base class (`…InsertField` → `$Key`, `$Value`), or `undefined`.
 *
 * @example
 * concreteClassesOf('org.apache.kafka.connect.transforms.Cast'); // ['…Cast$Key', '…Cast$Value']
 */
export function concreteClassesOf(name: string): readonly string[] | undefined {
  return ABSTRACT_BASES.get(name.trim());
}
