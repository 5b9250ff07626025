// Plugin version requirements of KIP-891 (`connector.plugin.version`, `key/value/header.converter.plugin.version`):
// `latest`, a version (a hard requirement `[v,v]`, as `PluginUtils.connectorVersionRequirement` makes it), or Maven
// version ranges (`[1.0,2.0)`, `(,3.0]`, `[1.0,2.0),[3.0,)`), with Maven's order of numeric version segments.

/** A requirement that cannot be read (Maven's `InvalidVersionSpecificationException`). */
export class InvalidVersionRequirementError extends Error {
  override readonly name = 'InvalidVersionRequirementError';
}

interface Bound {
  readonly version: string;
  readonly inclusive: boolean;
}

interface VersionRange {
  readonly lower?: Bound;
  readonly upper?: Bound;
}

/**
 * How Connect renders a requirement in its messages: a plain version as the range `[v,v]`, a range as written.
 *
 * @example
 * versionRangeText('4.1.1'); // '[4.1.1,4.1.1]'
 */
export function versionRangeText(requirement: string): string {
  return isRange(requirement) ? requirement : `[${requirement},${requirement}]`;
}

/**
 * Whether `version` satisfies `requirement` (`latest` always does).
 *
 * @throws {InvalidVersionRequirementError} for a range that does not parse, e.g. `Unbounded range: [1.0`.
 * @example
 * satisfiesVersion('[4.0,5.0)', '4.1.1'); // true
 */
export function satisfiesVersion(requirement: string, version: string): boolean {
  if (requirement === 'latest') return true;
  const ranges = isRange(requirement)
    ? parseRanges(requirement)
    : [
        {
          lower: { version: requirement, inclusive: true },
          upper: { version: requirement, inclusive: true },
        },
      ];
  return ranges.some((range) => {
    const { lower, upper } = range;
    if (lower) {
      const c = compareVersions(version, lower.version);
      if (c < 0 || (c === 0 && !lower.inclusive)) return false;
    }
    if (upper) {
      const c = compareVersions(version, upper.version);
      if (c > 0 || (c === 0 && !upper.inclusive)) return false;
    }
    return true;
  });
}

function isRange(requirement: string): boolean {
  return requirement.startsWith('[') || requirement.startsWith('(');
}

// Maven's `VersionRange.createFromVersionSpec`: comma-separated bracketed ranges.
function parseRanges(spec: string): VersionRange[] {
  const ranges: VersionRange[] = [];
  let rest = spec;
  while (rest.startsWith('[') || rest.startsWith('(')) {
    const close = rest.search(/[\])]/);
    if (close < 0) throw new InvalidVersionRequirementError(`Unbounded range: ${spec}`);
    const open = rest[0] === '[';
    const shut = rest[close] === ']';
    const inner = rest.slice(1, close);
    const comma = inner.indexOf(',');
    if (comma < 0) {
      if (!open || !shut)
        throw new InvalidVersionRequirementError(`Single version must be surrounded by []: ${spec}`);
      ranges.push({
        lower: { version: inner.trim(), inclusive: true },
        upper: { version: inner.trim(), inclusive: true },
      });
    } else {
      const low = inner.slice(0, comma).trim();
      const high = inner.slice(comma + 1).trim();
      ranges.push({
        ...(low !== '' && { lower: { version: low, inclusive: open } }),
        ...(high !== '' && { upper: { version: high, inclusive: shut } }),
      });
    }
    rest = rest.slice(close + 1).replace(/^\s*,\s*/, '');
  }
  if (rest.trim() !== '') throw new InvalidVersionRequirementError(`Invalid version range ${spec}`);
  return ranges;
}

/** Maven's `ComparableVersion` for the usual shapes: numeric segments by value, others as text, `1.0` = `1`. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p < q ? -1 : 1;
    return String(p) < String(q) ? -1 : 1;
  }
  return 0;
}
