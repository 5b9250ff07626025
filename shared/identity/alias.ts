// Connector identity on AWS: each connector's event source mappings target its own alias of the sink function
// (AWS docs: "Lambda function aliases"; CreateAlias `Name` rules), so the invoked ARN names the connector.
import { createHash } from 'node:crypto';
import { AliasRules } from './constants.ts';

/**
 * The alias of the sink function that a connector's event source mappings invoke: a readable slug of the name plus
 * 16 hex characters of its SHA-256. Deterministic (same name → same alias), within Lambda's alias rules, and distinct
 * for distinct names (a collision needs two names with the same 64-bit hash prefix).
 *
 * @example
 * connectorAliasName('orders → AEP'); // 'orders-AEP-<16 hex>'
 */
export function connectorAliasName(connector: string): string {
  const hash = createHash('sha256').update(connector, 'utf8').digest('hex').slice(0, AliasRules.HASH_LENGTH);
  const room = AliasRules.MAX_LENGTH - AliasRules.HASH_LENGTH - 1;
  const slug = connector
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return `${slug || AliasRules.EMPTY_SLUG}-${hash}`;
}

/**
 * The qualified ARN a connector's mappings invoke: the sink function's unqualified ARN plus the connector's alias. The
 * local worker passes the same kind of ARN as `invokedFunctionArn` so the same handler resolves the connector.
 *
 * @example
 * connectorAliasArn('arn:aws:lambda:eu-west-1:123456789012:function:aep-sink', 'orders');
 * // 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink:orders-<16 hex>'
 */
export function connectorAliasArn(functionArn: string, connector: string): string {
  return `${unqualifiedFunctionArn(functionArn)}:${connectorAliasName(connector)}`;
}

/**
 * The alias in an invoked function ARN (`context.invokedFunctionArn`), or undefined when the function was invoked
 * unqualified, as `$LATEST` or as a numbered version.
 *
 * @example
 * aliasFromInvokedArn('arn:aws:lambda:eu-west-1:123456789012:function:aep-sink:orders-0123456789abcdef'); // 'orders-0123456789abcdef'
 * aliasFromInvokedArn('arn:aws:lambda:eu-west-1:123456789012:function:aep-sink'); // undefined
 */
export function aliasFromInvokedArn(invokedFunctionArn: string): string | undefined {
  const qualifier = invokedFunctionArn.split(':')[7];
  return qualifier !== undefined && AliasRules.PATTERN.test(qualifier) ? qualifier : undefined;
}

/**
 * The function ARN without a version or alias qualifier.
 *
 * @throws {Error} when the value is not a Lambda function ARN.
 * @example
 * unqualifiedFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:aep-sink:live'); // '…:function:aep-sink'
 */
export function unqualifiedFunctionArn(functionArn: string): string {
  const parts = functionArn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'lambda' || parts[5] !== 'function') {
    throw new Error(`Not a Lambda function ARN: ${functionArn}`);
  }
  return parts.slice(0, 7).join(':');
}
