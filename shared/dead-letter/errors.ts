// Errors of the dead-letter destinations.
import { ConnectException } from '../errors/index.ts';

/**
 * Records could not be written to the dead-letter destination (unreachable cluster, denied write, deadline).
 * Retriable: the sink fails the invocation, the event source mapping retries the batch, nothing is lost.
 */
export class DeadLetterQueueError extends ConnectException {
  override readonly name = 'DeadLetterQueueError';
  readonly destination: string;

  constructor(destination: string, reason: string, options?: ErrorOptions) {
    super(`Could not write to the dead letter queue (${destination}): ${reason}`, {
      retriable: true,
      cause: options?.cause,
    });
    this.destination = destination;
  }
}
