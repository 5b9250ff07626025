// ESM `State`, `StateTransitionReason` and `LastProcessingResult` (Lambda API reference,
// EventSourceMappingConfiguration; "Troubleshooting Kafka event source mapping errors") in Connect's status vocabulary
// (`AbstractStatus.State`): one task per topic's ESM.
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import type { TargetState } from '../../store/types.ts';
import type { ConnectState, TaskStatus } from '../types.ts';

/** `LastProcessingResult` values that mean the mapping works ("OK", or nothing polled yet). */
const HEALTHY_RESULT = /^(OK|No records processed)/i;
/** `StateTransitionReason` values that mean a user (or this adapter) made the change, not Lambda. */
const USER_CHANGE = /^(USER_INITIATED|User action)$/i;

/**
 * One ESM as a Connect task: UNASSIGNED while Creating, Enabling or Deleting; RUNNING when Enabled (or Updating) and
 * the last processing result is OK or there is none yet; PAUSED when a user disabled it; FAILED with the reason as
 * `trace` when Lambda disabled it (e.g. ESM_CONFIG_NOT_VALID) or the last result is a problem (e.g. "SASL
 * authentication failed").
 *
 * @example
 * taskStatus(0, { State: 'Enabled', LastProcessingResult: 'PROBLEM: SASL authentication failed' });
 * // { id: 0, state: 'FAILED', trace: 'PROBLEM: SASL authentication failed' }
 */
export function taskStatus(id: number, esm: EventSourceMappingConfiguration): TaskStatus {
  const result = esm.LastProcessingResult;
  const problem = result && !HEALTHY_RESULT.test(result) ? result : undefined;
  switch (esm.State) {
    case 'Creating':
    case 'Enabling':
    case 'Deleting':
      return { id, state: 'UNASSIGNED' };
    case 'Disabling':
    case 'Disabled': {
      const reason = esm.StateTransitionReason;
      if (!reason || USER_CHANGE.test(reason)) return { id, state: 'PAUSED' };
      return { id, state: 'FAILED', trace: problem ? `${reason}: ${problem}` : reason };
    }
    default:
      return problem ? { id, state: 'FAILED', trace: problem } : { id, state: 'RUNNING' };
  }
}

/**
 * The connector and its tasks: task `i` is the ESM of `topics[i]` (UNASSIGNED while it does not exist yet). The
 * connector is STOPPED when its target is STOPPED and no ESM is left (no tasks, as in Connect), FAILED when its
 * config cannot become ESMs, UNASSIGNED while no ESM exists yet (or a stop is still deleting them), else PAUSED or
 * RUNNING after its target.
 *
 * @example
 * mappingStatus('STARTED', ['orders'], [esm]); // { connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'RUNNING' }] }
 */
export function mappingStatus(
  target: TargetState,
  topics: readonly string[],
  esms: readonly EventSourceMappingConfiguration[],
  configError?: string,
): { connector: { state: ConnectState; trace?: string }; tasks: TaskStatus[] } {
  const tasks =
    target === 'STOPPED'
      ? []
      : topics.map((topic, id) => {
          const esm = esms.find((e) => e.Topics?.[0] === topic && e.State !== 'Deleting');
          return { ...(esm ? taskStatus(id, esm) : { id, state: 'UNASSIGNED' as const }), topic };
        });
  if (configError !== undefined) return { connector: { state: 'FAILED', trace: configError }, tasks };
  if (target === 'STOPPED')
    return { connector: { state: esms.length === 0 ? 'STOPPED' : 'UNASSIGNED' }, tasks };
  if (esms.length === 0) return { connector: { state: 'UNASSIGNED' }, tasks };
  return { connector: { state: target === 'PAUSED' ? 'PAUSED' : 'RUNNING' }, tasks };
}
