// Errors of the dead-letter destinations.

/**
 * Records could not be written to the dead-letter destination (unreachable cluster, denied write, deadline).
 * Retriable: the sink fails the invocation, the event source mapping retries the batch, nothing is lost.
 *
 * @example
 * throw new DeadLetterQueueError('Kafka topic aep-dlq', 'broker 10.0.0.1:9092 unreachable', { cause });
 */
export class DeadLetterQueueError extends Error {
  override readonly name = 'DeadLetterQueueError';
  readonly retriable = true;
  readonly destination: string;

  constructor(destination: string, reason: string, options?: ErrorOptions) {
    super(`Could not write to the dead letter queue (${destination}): ${reason}`, options);
    this.destination = destination;
  }
}
