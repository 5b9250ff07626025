// `org.apache.kafka.connect.transforms.field.SingleFieldPath` (KIP-821): V1 names one top-level field; V2 splits a
// dotted path, with backtick pairs around names that contain dots (`` `foo.bar`.baz ``, backslash escapes a backtick).
import { DataException } from '../../converters/index.ts';
import { getField, isMap } from './data.ts';
import { javaClassName } from './java.ts';

/**
 * `field.syntax.version`.
 *
 * @example
 * fieldPathSteps('a.b', 'V2' satisfies FieldSyntaxVersion); // ['a', 'b']
 */
export type FieldSyntaxVersion = 'V1' | 'V2';

/**
 * Splits a field path into its steps. Throws `Error` with Connect's message for an unmatched backtick.
 *
 * @example
 * fieldPathSteps('`a.b`.c', 'V2'); // ['a.b', 'c']
 */
export function fieldPathSteps(path: string, version: FieldSyntaxVersion): readonly string[] {
  return version === 'V1' ? [path] : stepsV2(path);
}

function stepsV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path.charAt(idx) !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.substring(start, idx));
        idx++;
      } else {
        steps.push(path.substring(start));
      }
    } else {
      const backtickAt = idx;
      idx++;
      let field = '';
      let start = idx;
      for (;;) {
        idx = path.indexOf('`', idx);
        if (idx === -1) failIncompleteBacktick(path, backtickAt);
        const escaped = path.charAt(idx - 1) === '\\';
        if (idx >= path.length - 1) {
          if (escaped) failIncompleteBacktick(path, backtickAt);
          field += path.substring(start, idx);
          steps.push(field);
          idx++;
          break;
        }
        if (path.charAt(idx + 1) !== '.') {
          idx++;
          continue;
        }
        if (escaped) {
          field += `${path.substring(start, idx - 1)}\``;
          idx++;
          start = idx;
          continue;
        }
        field += path.substring(start, idx);
        steps.push(field);
        idx += 2;
        break;
      }
    }
  }
  if (path.length > 0 && path.charAt(path.length - 1) === '.') steps.push('');
  return steps;
}

function failIncompleteBacktick(path: string, backtickAt: number): never {
  throw new Error(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${backtickAt} to escape it`,
  );
}

/**
 * `SingleFieldPath.valueFrom(Map)`: walks the steps through nested maps; `null` when a step is missing or null.
 * A step that is neither a map nor null fails like Connect (`nested field access`).
 *
 * @example
 * valueAtPath({ a: { b: 1 } }, ['a', 'b']); // 1
 */
export function valueAtPath(map: Record<string, unknown>, steps: readonly string[]): unknown {
  let current: Record<string, unknown> = map;
  const last = steps.length - 1;
  for (let i = 0; i < last; i++) {
    const next = getField(current, steps[i] as string);
    if (next === null || next === undefined) return null;
    if (!isMap(next)) {
      throw new DataException(
        `Only Map objects supported in absence of schema for [nested field access], found: ${javaClassName(next)}`,
      );
    }
    current = next;
  }
  return getField(current, steps[last] as string) ?? null;
}
