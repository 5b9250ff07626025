// Acknowledging cdk-nag's AwsSolutions-IAM5 findings (wildcard resources). cdk-nag 3 names each finding
// `AwsSolutions-IAM5[Resource::<resource>]`, with the resource flattened by its own flattenCfnReference, so the ids
// here match whatever the resource renders to (tokens, partition/region/account references, literal ARNs).
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** cdk-nag's AwsSolutions pack, as CDK's validation reports name it (`AwsSolutions::<rule>`). */
const NAMESPACE = 'AwsSolutions';

/**
 * Acknowledges one AwsSolutions finding on `scope` and everything under it, with the reason recorded in the
 * validation report.
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${NAMESPACE}::${rule}`, reason });
}

/**
 * Acknowledges the IAM5 finding of each wildcard resource granted to `principal` (a role or policy), with one
 * reason for all of them.
 */
export function acknowledgeWildcards(
  principal: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  const stack = Stack.of(principal);
  for (const resource of new Set(resources)) {
    const flat = flattenCfnReference(stack.resolve(resource));
    if (flat.includes('*')) {
      acknowledgeNag(principal, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
    }
  }
}
