// The port through which the sink delivers messages to AEP. The HTTP adapter (batching, gzip, auth, retries) lives
// next to it; the sink pipeline only sees this interface.

/** What happened to one message. A failed message says whether trying again later could succeed. */
export type MessageOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** true for 429/5xx/network/deadline failures (retry the batch later); false for 400-class rejections. */
      readonly retriable: boolean;
      /** AEP's HTTP or per-message status, when there was one. */
      readonly status?: number;
      /** AEP's reason (per-message `message`, problem `title`/`report.message`) or the local cause. */
      readonly reason: string;
      readonly cause?: unknown;
    };

export interface DeliveryOptions {
  /** Epoch milliseconds by which delivery must have given up (the Lambda deadline minus a safety margin). */
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

/**
 * Delivers AEP messages (each the JSON text of one message) and reports an outcome for each, in input order.
 * It does not throw for delivery failures; those are outcomes.
 *
 * @example
 * const outcomes = await sender.send(['{"header":{},"body":{}}'], { deadline: Date.now() + 10_000 });
 */
export interface AepSender {
  send(messages: readonly string[], options: DeliveryOptions): Promise<MessageOutcome[]>;
  close(): Promise<void>;
}
