// The port through which the sink hands records it gives up on to a dead-letter destination (a Kafka topic, as
// Connect's `DeadLetterQueueReporter`; an SQS queue; …).
import type { KafkaRecord } from '../records/types.ts';
import type { Stage } from './constants.ts';

/** Why a record failed, as Connect's `ProcessingContext` records it. */
export interface RecordFailure {
  readonly stage: Stage;
  /** The class that was executing (converter, transform or sink task class), for `__connect.errors.class.name`. */
  readonly className: string;
  readonly error: Error;
  /** AEP's answer, when AEP rejected the record (stage TASK_PUT). */
  readonly aep?: { readonly status?: number; readonly message: string };
}

/** One record to dead-letter: the record exactly as consumed (original key, value and headers) and its failure. */
export interface DeadLetterEntry {
  readonly record: KafkaRecord;
  readonly failure: RecordFailure;
}

/** What a send may use: where the records came from, and when it must have finished. */
export interface DeadLetterSendOptions {
  /** The cluster the records came from (the event's `bootstrapServers`), used unless the config names one. */
  readonly bootstrapServers: readonly string[];
  /** Epoch milliseconds by which the send must succeed or fail. */
  readonly deadline?: number;
}

/**
 * A dead-letter destination. `send` stores every entry or throws a retriable {@link DeadLetterQueueError}: the sink
 * then fails the invocation so the event source mapping retries the batch, and no record is lost.
 */
export interface DeadLetterQueue {
  /** Where entries go, for logs (e.g. `Kafka topic aep-dlq`). */
  readonly destination: string;
  send(entries: readonly DeadLetterEntry[], options: DeadLetterSendOptions): Promise<void>;
  /** Releases connections (producers are kept between sends). */
  close(): Promise<void>;
}
