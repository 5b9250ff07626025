// Domain errors of the mapping runtimes. Each says whether trying again can succeed.
import { ConnectException, type ConnectExceptionOptions } from '../errors/index.ts';

/**
 * The runtime could not bring a connector's mappings to its intent (a Lambda API error, or mappings still changing
 * state after the bounded wait). When `retriable`, calling `apply` again finishes the job.
 */
export class MappingRuntimeError extends ConnectException {
  override readonly name = 'MappingRuntimeError';

  constructor(connector: string, reason: string, options: ConnectExceptionOptions) {
    super(`Event source mappings of connector ${connector}: ${reason}`, options);
  }
}
