// Domain errors of the mapping runtimes and the offsets adapter. Each says whether trying again can succeed.

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

/**
 * Reading or changing a consumer group's offsets failed. `retriable` follows the Kafka client's verdict.
 *
 * @example
 * throw new OffsetsError('connect-orders', 'fetching offsets failed: …', { retriable: true, cause });
 */
export class OffsetsError extends Error {
  override readonly name: string = 'OffsetsError';
  readonly groupId: string;
  readonly retriable: boolean;

  constructor(groupId: string, reason: string, options: { retriable: boolean; cause?: unknown }) {
    super(`Consumer group ${groupId}: ${reason}`, { cause: options.cause });
    this.groupId = groupId;
    this.retriable = options.retriable;
  }
}

/**
 * Offsets can only change while no consumer is in the group (Connect: the connector must be STOPPED and its tasks
 * gone). Retriable: the members leave shortly after a stop.
 *
 * @example
 * if (e instanceof ConsumerGroupNotEmptyError) return restError(500, 'tasks have not stopped yet');
 */
export class ConsumerGroupNotEmptyError extends OffsetsError {
  override readonly name = 'ConsumerGroupNotEmptyError';

  constructor(groupId: string, state: string, cause?: unknown) {
    super(groupId, `offsets can only change while the group has no members (it is ${state})`, {
      retriable: true,
      cause,
    });
  }
}
