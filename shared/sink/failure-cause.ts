// What stopped a partition, as far as the hint of what to change goes: each host (the local runtime, the Lambda
// status) words the hint for how it recovers, from the same classification.
import type { PartitionFailure } from './types.ts';

/**
 * `allowlist`: the deployment's allowlist refuses an endpoint; `config`: the connector could not start; `credentials`:
 * AEP or IMS refused them (401/403, or no token); `inlet`: AEP does not know the inlet (404); `record`: anything else.
 */
export type FailureCause = 'allowlist' | 'config' | 'credentials' | 'inlet' | 'record';

/**
 * The cause of a failure retrying cannot heal.
 *
 * @example
 * failureCause({ stage: 'TASK_PUT', error: Object.assign(new Error('Unauthorized'), { status: 401 }) }); // 'credentials'
 */
export function failureCause(failure: {
  readonly error: Error;
  readonly stage?: PartitionFailure['stage'];
}): FailureCause {
  const chain = errorChain(failure.error);
  if (chain.some((e) => e.message.includes('aep.allowed.hosts'))) return 'allowlist';
  if (failure.stage === 'TASK_START') return 'config';
  const status = errorStatus(failure.error);
  if (status === 401 || status === 403 || chain.some((e) => e.name === 'ImsTokenError')) return 'credentials';
  if (status === 404) return 'inlet';
  return 'record';
}

/** The error and its causes, outermost first (at most 10). */
export function errorChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
}

/** The HTTP status AEP or IMS answered, carried by the error or one of its causes. */
export function errorStatus(error: unknown): number | undefined {
  for (const e of errorChain(error)) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}
