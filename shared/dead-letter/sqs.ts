// The dead letter queue as an Amazon SQS queue (`errors.deadletterqueue.sqs.queue.url`, this sink's key): one
// message per record, a JSON document with the original bytes (base64) and the error context (AWS docs:
// "SendMessageBatch"; at most 10 messages and 1 MiB per call).
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DeadLetterDefaults } from './constants.ts';
import { DeadLetterQueueError } from './errors.ts';
import { errorContext, type TaskIdentity } from './headers.ts';
import type { DeadLetterEntry, DeadLetterQueue, DeadLetterSendOptions } from './types.ts';

/** SQS limits of one `SendMessageBatch` call. */
export const SqsLimits = {
  MESSAGES_PER_BATCH: 10,
  BATCH_BYTES: 1_048_576,
  MESSAGE_BYTES: 1_048_576,
} as const;

export interface SqsDeadLetterQueueOptions {
  readonly client: Pick<SQSClient, 'send'>;
  /** `errors.deadletterqueue.sqs.queue.url`; a URL ending in `.fifo` gets group and deduplication ids. */
  readonly queueUrl: string;
  /** `errors.deadletterqueue.context.headers.enable`: add the `errors` object. */
  readonly contextHeaders: boolean;
  readonly task: TaskIdentity;
}

/**
 * The message body of one dead-lettered record.
 *
 * @example
 * JSON.parse(message.Body) as SqsDeadLetterMessage; // { topic: 'orders', partition: 0, offset: 42, value: 'eyJ…', … }
 */
export interface SqsDeadLetterMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: string;
  /** base64 of the original key bytes, or null. */
  readonly key: string | null;
  /** base64 of the original value bytes, or null (a tombstone). */
  readonly value: string | null;
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: string | null }>;
  /** The `__connect.errors.*` context (with `errors.deadletterqueue.context.headers.enable=true`). */
  readonly errors?: Readonly<Record<string, string>>;
}

/**
 * Writes failed records to an SQS queue in batches of up to 10. Entries SQS refuses in a batch are sent once more;
 * what is still refused, a record too large for an SQS message, or a failed call ends the send with a retriable
 * {@link DeadLetterQueueError} (the invocation fails and the batch is retried). Bounded by the deadline.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  readonly destination: string;
  readonly #options: SqsDeadLetterQueueOptions;
  readonly #fifo: boolean;

  constructor(options: SqsDeadLetterQueueOptions) {
    this.#options = options;
    this.destination = `SQS queue ${options.queueUrl}`;
    this.#fifo = options.queueUrl.endsWith('.fifo');
  }

  async send(entries: readonly DeadLetterEntry[], options: DeadLetterSendOptions): Promise<void> {
    const deadline = options.deadline ?? Date.now() + DeadLetterDefaults.SEND_TIMEOUT_MS;
    const messages = entries.map((entry, i) => this.#message(entry, i));
    for (const batch of batches(messages)) {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const refused = await this.#sendBatch(pending, deadline);
        if (refused.length === 0) break;
        if (attempt === 2) {
          throw new DeadLetterQueueError(
            this.destination,
            `SQS refused ${refused.map((r) => r.reason).join('; ')}`,
          );
        }
        pending = pending.filter((m) => refused.some((r) => r.id === m.Id));
      }
    }
  }

  async close(): Promise<void> {}

  async #sendBatch(
    batch: SendMessageBatchRequestEntry[],
    deadline: number,
  ): Promise<Array<{ id: string; reason: string }>> {
    try {
      const answer = await this.#options.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.#options.queueUrl, Entries: batch }),
        { abortSignal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) },
      );
      return (answer.Failed ?? []).map((f) => ({
        id: f.Id ?? '',
        reason: `${f.Id}: ${f.Code ?? 'error'} ${f.Message ?? ''}`.trim(),
      }));
    } catch (e) {
      throw new DeadLetterQueueError(this.destination, (e as Error).message, { cause: e });
    }
  }

  #message(entry: DeadLetterEntry, index: number): SendMessageBatchRequestEntry {
    const { record } = entry;
    const base64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
    const body: SqsDeadLetterMessage = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      timestampType: record.timestampType,
      key: base64(record.key),
      value: base64(record.value),
      headers: record.headers.map((h) => ({ key: h.key, value: base64(h.value) })),
      ...(this.#options.contextHeaders ? { errors: errorContext(entry, this.#options.task) } : {}),
    };
    // JSON.stringify escapes control characters and lone surrogates, but not these two, which SQS refuses.
    const text = JSON.stringify(body).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    const ref = `${record.topic}-${record.partition}@${record.offset}`;
    if (Buffer.byteLength(text) > SqsLimits.MESSAGE_BYTES) {
      throw new DeadLetterQueueError(
        this.destination,
        `record ${ref} needs ${Buffer.byteLength(text)} bytes as an SQS message, more than ${SqsLimits.MESSAGE_BYTES}`,
      );
    }
    return {
      Id: String(index),
      MessageBody: text,
      ...(this.#fifo
        ? { MessageGroupId: `${record.topic}-${record.partition}`, MessageDeduplicationId: ref.slice(0, 128) }
        : {}),
    };
  }
}

// Batches of at most 10 messages and 1 MiB of bodies.
function batches(messages: SendMessageBatchRequestEntry[]): SendMessageBatchRequestEntry[][] {
  const out: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.MessageBody ?? '');
    if (
      current.length === SqsLimits.MESSAGES_PER_BATCH ||
      (current.length > 0 && bytes + size > SqsLimits.BATCH_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
