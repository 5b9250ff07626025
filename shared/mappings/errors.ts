// Domain errors of the mapping runtimes. Each says whether trying again can succeed.

/**
 * The runtime could not bring a connector's mappings to its intent (a Lambda API error, or mappings still changing
 * state after the bounded wait). When `retriable`, calling `apply` again finishes the job.
 *
 * @example
 * throw new MappingRuntimeError('orders', 'UpdateEventSourceMapping failed: …', { retriable: true, cause });
 */
export class MappingRuntimeError extends Error {
  override readonly name = 'MappingRuntimeError';
  readonly connector: string;
  readonly retriable: boolean;

  constructor(connector: string, reason: string, options: { retriable: boolean; cause?: unknown }) {
    super(`Event source mappings of connector ${connector}: ${reason}`, { cause: options.cause });
    this.connector = connector;
    this.retriable = options.retriable;
  }
}

/**
 * A restart named a task the connector does not have (task ids are indexes into `topics`). Not retriable.
 *
 * @example
 * throw new UnknownTaskError('orders', 7);
 */
export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError';
  readonly retriable = false;
  readonly connector: string;
  readonly task: number;

  constructor(connector: string, task: number) {
    super(`Task ${connector}-${task} does not exist`);
    this.connector = connector;
    this.task = task;
  }
}
