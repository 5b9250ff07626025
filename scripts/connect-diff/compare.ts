// How two answers to the same REST call are compared: each side's own words (its connector class, plugin version,
// worker id, base URL, plugin-specific config keys) are replaced by placeholders, then the JSON trees are compared
// leaf by leaf and every difference is named by its JSON path.

/** One side of the replay: where it answers and the words that are its own. */
export interface Side {
  readonly name: 'reference' | 'ours';
  readonly url: string;
  /** The connector class the scenario uses on this side (as the calls send it: alias or full name). */
  readonly connectorClass: string;
  /** Every name of that class (full name, aliases) that answers may contain. */
  readonly connectorClassNames: readonly string[];
  /** The version the connector plugin reports. */
  readonly connectorVersion: string;
  /** The connector's own required keys, sent with every connector config on this side. */
  readonly ownConfig: Readonly<Record<string, string>>;
  /** Plugins only this side has besides its connector (left out of plugin lists). */
  readonly ownPlugins: readonly string[];
  /** Config groups only this side's connector has (left out of validate's `groups`). */
  readonly ownGroups: readonly string[];
  /** Whether a config key belongs to this side's connector plugin (not to the framework). */
  isOwnKey(key: string): boolean;
}

/** A normalised answer. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** One difference between the two answers to a call. */
export interface Difference {
  /** `status`, or a JSON path into the body (`$.configs[3].value.errors`). */
  readonly path: string;
  readonly reference: unknown;
  readonly ours: unknown;
}

/**
 * The answer with this side's own words replaced by placeholders and the connector's own config keys removed, so
 * that only framework behaviour is compared.
 */
export function normalise(
  answer: Answer,
  side: Side,
  workerId: string | undefined,
  run: string,
  keepConnector: (name: string) => boolean = () => true,
): Answer {
  const names = [...side.connectorClassNames].sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s.replaceAll(side.url, '<base-url>').replaceAll(run, '<run>');
    if (workerId) out = out.replaceAll(workerId, '<worker-id>');
    for (const name of names)
      out = out.replace(new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), '<connector-class>');
    return out;
  };
  const version = (v: unknown) => (v === side.connectorVersion ? '<connector-version>' : v);
  const walk = (value: unknown, key: string | undefined): unknown => {
    // Documentation is Connect's own text (it names FileStreamSink as its example): compared as written.
    if (typeof value === 'string') return key === 'documentation' ? value : text(value);
    if (Array.isArray(value)) {
      return value
        .filter((item) => !isOwnEntry(item, side))
        .filter((item) => !(key === 'groups' && side.ownGroups.includes(item as string)))
        .filter((item) => !(key === '<connectors>' && !keepConnector(item as string)))
        .filter((item) => !(typeof item === 'string' && side.ownPlugins.includes(item)))
        .map((item) => walk(item, undefined));
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      // The connector's version where it is the connector's: its plugin entry, its status and its tasks' status.
      const isConnector =
        (typeof record.class === 'string' && side.connectorClassNames.includes(record.class)) ||
        ('state' in record && 'worker_id' in record);
      const isVersionKey = record.name === 'connector.plugin.version';
      // A connector config itself (GET /connectors/{c}/config).
      const isConfig = key === undefined && typeof record['connector.class'] === 'string';
      for (const [k0, v] of Object.entries(record)) {
        const k = k0.replaceAll(run, '<run>');
        if (side.isOwnKey(k) && (key === 'config' || isConfig)) continue;
        if (k === 'last_modified' && typeof v === 'number') {
          out[k] = '<time>';
          continue;
        }
        if (isConnector && k === 'version') out[k] = version(v);
        else if (isVersionKey && (k === 'value' || k === 'default_value')) out[k] = version(v);
        else if (isVersionKey && k === 'recommended_values' && Array.isArray(v)) out[k] = v.map(version);
        else out[text(k)] = walk(v, k);
      }
      return out;
    }
    return value;
  };
  // A list of connectors (or the expanded map) holds only this run's: a reference worker may have others.
  const body = answer.body;
  if (Array.isArray(body) && body.every((x) => typeof x === 'string'))
    return { status: answer.status, body: walk(body, '<connectors>') };
  if (
    isObject(body) &&
    Object.values(body).every(
      (v) => isObject(v) && ('status' in v || 'info' in v || Object.keys(v).length === 0),
    ) &&
    Object.keys(body).length > 0 &&
    !('name' in body)
  )
    return {
      status: answer.status,
      body: walk(Object.fromEntries(Object.entries(body).filter(([k]) => keepConnector(k))), undefined),
    };
  return { status: answer.status, body: walk(body, undefined) };
}

/** A `ConfigInfo` or `ConfigKeyInfo` of the connector's own keys (validate, plugin config). */
function isOwnEntry(item: unknown, side: Side): boolean {
  if (item === null || typeof item !== 'object') return false;
  const plugin = item as { class?: unknown };
  if (typeof plugin.class === 'string' && side.ownPlugins.includes(plugin.class)) return true;
  const entry = item as {
    name?: unknown;
    definition?: { name?: unknown } | null;
    value?: { name?: unknown };
  };
  const name = entry.definition?.name ?? entry.value?.name ?? entry.name;
  return typeof name === 'string' && side.isOwnKey(name) && ('documentation' in entry || 'value' in entry);
}

/** Every leaf that differs, by JSON path. */
export function differences(reference: Answer, ours: Answer): Difference[] {
  const out: Difference[] = [];
  if (reference.status !== ours.status)
    out.push({ path: 'status', reference: reference.status, ours: ours.status });
  compare(reference.body, ours.body, '$', out);
  return out;
}

function compare(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    // Lists of named things (configs, plugins, keys) are compared by name, so one extra entry is one difference.
    const keyOf = namedBy(a) ?? namedBy(b);
    if (keyOf) {
      const left = new Map(a.map((x) => [keyOf(x), x]));
      const right = new Map(b.map((x) => [keyOf(x), x]));
      for (const [k, v] of left) compare(v, right.get(k), `${path}[${JSON.stringify(k)}]`, out);
      for (const [k, v] of right)
        if (!left.has(k)) out.push({ path: `${path}[${JSON.stringify(k)}]`, reference: undefined, ours: v });
      const order = (m: Map<string, unknown>, other: Map<string, unknown>) =>
        [...m.keys()].filter((k) => other.has(k));
      if (JSON.stringify(order(left, right)) !== JSON.stringify(order(right, left)))
        out.push({ path: `${path}<order>`, reference: order(left, right), ours: order(right, left) });
      return;
    }
    if (a.length !== b.length) {
      out.push({ path, reference: a, ours: b });
      return;
    }
    for (const [i, x] of a.entries()) compare(x, b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) compare(a[k], b[k], `${path}.${k}`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, reference: a, ours: b });
}

/** How the entries of a list are named, when every entry has a name (ConfigInfo, ConfigKeyInfo, PluginInfo). */
function namedBy(list: readonly unknown[]): ((x: unknown) => string) | undefined {
  if (list.length === 0) return undefined;
  const name = (x: unknown): string | undefined => {
    if (!isObject(x)) return undefined;
    const def = x.definition as { name?: unknown } | null | undefined;
    const value = x.value as { name?: unknown } | null | undefined;
    if (typeof def?.name === 'string') return def.name;
    if (typeof value?.name === 'string') return value.name;
    if (typeof x.name === 'string' && 'documentation' in x) return x.name;
    if (typeof x.class === 'string' && typeof x.type === 'string') return `${x.type}:${x.class}`;
    return undefined;
  };
  return list.every((x) => name(x) !== undefined) ? (x) => name(x) as string : undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
