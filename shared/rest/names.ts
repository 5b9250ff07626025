// Connector names, decided once for creates and for every lookup by path. Connect requires a non-empty name without
// control characters; this service also refuses what no URL or store can hold: `.` and `..` (URL normalisation
// removes them from a path, so such a connector could never be managed again), lone UTF-16 surrogates (no UTF-8 or
// percent-encoding exists for them), and names longer than the store keeps (a DynamoDB sort key: 1024 bytes).
import { nonEmptyStringWithoutControlChars } from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';

const DOT_SEGMENTS: readonly string[] = ['.', '..'];

/**
 * Why a name that passes Connect's own rule cannot be a connector's here, or undefined when it can.
 *
 * @example
 * connectorNameProblem('..', 1024); // 'a connector name may not be . or .. (a URL cannot address it)'
 */
export function connectorNameProblem(name: string, maxBytes: number): string | undefined {
  if (DOT_SEGMENTS.includes(name)) return 'a connector name may not be . or .. (a URL cannot address it)';
  if (!name.isWellFormed()) {
    return 'a connector name may not hold a lone UTF-16 surrogate (it is not a Unicode character)';
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > maxBytes) return `a connector name can have at most ${maxBytes} bytes of UTF-8, not ${bytes}`;
  return undefined;
}

/**
 * Whether a connector may have this name (Connect's rule and {@link connectorNameProblem}'s); a lookup of any other
 * name answers 404 without asking the store.
 *
 * @example
 * isConnectorName('orders', 1024); // true
 * isConnectorName('a\u0000b', 1024); // false
 */
export function isConnectorName(name: string, maxBytes: number): boolean {
  try {
    nonEmptyStringWithoutControlChars.ensureValid(FrameworkKeys.NAME, name);
  } catch {
    return false;
  }
  return connectorNameProblem(name, maxBytes) === undefined;
}
