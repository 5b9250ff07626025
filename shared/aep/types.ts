// The port through which the sink delivers messages to AEP. The HTTP adapter (batching, gzip, auth, retries) lives
// next to it; the sink pipeline only sees this interface.

/**
 * What happened to one message, decided once, by the sender (`failedOutcome`). A failed message says whether AEP
 * refused the message itself, and whether sending it again later could succeed.
 */
export type MessageOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * true when AEP refused the message for what it holds (a per-message 4xx of a 207, a request answered 400, a
       * message too large for any request): `errors.tolerance` applies to it. false when its delivery failed
       * (throttling, an outage, the network, the deadline, a stop, refused credentials, an unknown inlet, IMS): the
       * message is fine, must be delivered again and is never dead-lettered.
       */
      readonly rejected: boolean;
      /**
       * Whether sending it again later can succeed: true for 429/5xx/network/deadline/stop failures and IMS outages;
       * false for rejections, refused credentials (401/403 after a token refresh), an unknown inlet (404), proxy
       * authentication (407) and IMS refusing the client.
       */
      readonly retriable: boolean;
      /** AEP's HTTP or per-message status, when there was one. */
      readonly status?: number;
      /** AEP's reason (per-message `message`, problem `title`/`report.message`) or the local cause. */
      readonly reason: string;
      readonly cause?: unknown;
    };

/**
 * The JSON text of one AEP message: a string, or its UTF-8 bytes (valid JSON, sent as they are).
 */
export type AepMessage = string | Uint8Array;

export interface DeliveryOptions {
  /** Epoch milliseconds by which delivery must have given up (the Lambda deadline minus a safety margin). */
  readonly deadline: number;
  /** Aborts everything at once, requests in flight included (the deadline's signal). */
  readonly signal?: AbortSignal;
  /**
   * A graceful stop: once aborted, no request or retry is started (their messages fail retriably), and the attempts
   * in flight are awaited, so what AEP takes is known rather than abandoned.
   */
  readonly stop?: AbortSignal;
  /**
   * Called as soon as the outcomes of some messages are final (a request answered, failed for good, or could not
   * be sent), before `send` resolves; every message is reported exactly once. `outcomes[k]` is message `indexes[k]`'s.
   */
  readonly onOutcomes?: (indexes: readonly number[], outcomes: readonly MessageOutcome[]) => void;
  /** Called as a request goes out (its first attempt), with the indexes of its messages. */
  readonly onSend?: (indexes: readonly number[]) => void;
}

/**
 * Delivers AEP messages (each the JSON text of one message, as a string or UTF-8 bytes) and reports an outcome for each, in input order.
 * It does not throw for delivery failures; those are outcomes.
 */
export interface AepSender {
  send(messages: readonly AepMessage[], options: DeliveryOptions): Promise<MessageOutcome[]>;
  /** A delivery whose messages arrive over time; `send` is `open`, one `add` and `end`. */
  open(options: DeliveryOptions): AepDelivery;
  close(): Promise<void>;
}

/**
 * A delivery whose messages arrive in parts (while later records are still being converted): each request is sent as
 * soon as it is full, so the first requests are on their way while the last messages are made.
 *
 * @example
 * const delivery = sender.open({ deadline, onOutcomes });
 * delivery.add(firstMessages);
 * delivery.add(moreMessages); // indexes go on from the first part
 * const outcomes = await delivery.end();
 */
export interface AepDelivery {
  /** Appends messages; their indexes continue from those added before. */
  add(messages: readonly AepMessage[]): void;
  /** Sends what is left, and resolves with every message's outcome, in input order, once every request ended. */
  end(): Promise<MessageOutcome[]>;
}

/**
 * Units of the sender's metrics, named as Powertools' `MetricUnit` values.
 */
export type AepMetricUnit = 'Count' | 'Bytes' | 'Milliseconds';

/**
 * Where the sender reports its metrics (`AepMetricNames`): requests, retries, throttles, raw and wire bytes, latency,
 * token requests. Structurally the `addMetric` of the Powertools `Metrics`, which can be passed as is.
 */
export interface AepMetrics {
  addMetric(name: string, unit: AepMetricUnit, value: number): unknown;
}
