// One delivery of the AEP sender: messages arrive (all at once, or while earlier ones are being converted), are cut
// into requests as they come; the bodies of the next requests in line are built and compressed ahead (libuv's thread
// pool), and requests are sent with at most `aep.max.in.flight.requests` in flight, in the order they were cut;
// outcomes are reported request by request.

import type { Logger } from '../logging/index.ts';
import { type BatchLimits, BatchPlanner, messageBytes } from './batching.ts';
import { AepRequestError, type ImsTokenError } from './errors.ts';
import { failedOutcome } from './responses.ts';
import type { AepDelivery, AepMessage, DeliveryOptions, MessageOutcome } from './types.ts';

/** The messages of one delivery and their outcomes so far. */
export interface DeliveryState {
  readonly messages: AepMessage[];
  readonly sizes: number[];
  readonly outcomes: MessageOutcome[];
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly stop?: AbortSignal;
  readonly onOutcomes?: DeliveryOptions['onOutcomes'];
  readonly onSend?: DeliveryOptions['onSend'];
}

/** A request body as sent, and its uncompressed size. */
export interface Payload {
  readonly payload: Buffer;
  readonly rawBytes: number;
}

/** What a delivery needs from its sender: the limits, and how one request is built and sent. */
export interface RequestRunner {
  readonly limits: BatchLimits;
  readonly maxInFlight: number;
  /** The request's body, compressed when the config says so. */
  payload(state: DeliveryState, indexes: readonly number[]): Promise<Payload>;
  /** Sends one request (retries, token refresh, 413 splits) and reports its outcomes; never throws. */
  deliver(state: DeliveryState, indexes: number[], payload: Promise<Payload>): Promise<void>;
  /** The outcome of a message too large for any request. */
  oversized(size: number): MessageOutcome;
}

/** A request waiting for its turn, and its body once it is being prepared. */
interface Queued {
  readonly indexes: number[];
  payload?: Promise<Payload>;
}

/**
 * An open delivery: {@link AepDelivery} over a sender's {@link RequestRunner}.
 *
 * @example
 * const delivery = new OpenDelivery(runner, { deadline });
 * delivery.add(messages);
 * const outcomes = await delivery.end();
 */
export class OpenDelivery implements AepDelivery {
  readonly #state: DeliveryState;
  readonly #runner: RequestRunner;
  readonly #planner: BatchPlanner;
  readonly #queue: Array<Queued | undefined> = [];
  readonly #done = Promise.withResolvers<void>();
  #next = 0;
  #active = 0;
  #ended = false;

  constructor(runner: RequestRunner, options: DeliveryOptions) {
    this.#runner = runner;
    this.#state = {
      messages: [],
      sizes: [],
      outcomes: [],
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stop ? { stop: options.stop } : {}),
      ...(options.onOutcomes ? { onOutcomes: options.onOutcomes } : {}),
      ...(options.onSend ? { onSend: options.onSend } : {}),
    };
    this.#planner = new BatchPlanner(runner.limits, (indexes) => this.#enqueue(indexes));
  }

  add(messages: readonly AepMessage[]): void {
    if (this.#ended) throw new Error('AEP delivery: add() after end()');
    const state = this.#state;
    for (const message of messages) {
      const index = state.messages.length;
      const size = messageBytes(message);
      state.messages.push(message);
      state.sizes.push(size);
      if (!this.#planner.add(index, size)) report(state, [index], [this.#runner.oversized(size)]);
    }
  }

  end(): Promise<MessageOutcome[]> {
    if (!this.#ended) {
      this.#planner.flush();
      this.#ended = true;
      this.#pump();
    }
    return this.#done.promise.then(() => this.#state.outcomes);
  }

  #enqueue(indexes: number[]): void {
    this.#queue.push({ indexes });
    this.#pump();
  }

  /**
   * Builds and compresses the bodies of the next requests in line, up to as many as may be in flight: compression
   * runs ahead of sending without taking the cores from the requests already out.
   */
  #prepareAhead(): void {
    if (this.#state.stop?.aborted) return;
    const until = Math.min(this.#queue.length, this.#next + this.#runner.maxInFlight);
    for (let k = this.#next; k < until; k++) {
      const request = this.#queue[k];
      if (!request || request.payload) continue;
      request.payload = this.#runner.payload(this.#state, request.indexes);
      request.payload.catch(() => {}); // met where the request awaits it
    }
  }

  #pump(): void {
    this.#prepareAhead();
    while (this.#active < this.#runner.maxInFlight && this.#next < this.#queue.length) {
      const request = this.#queue[this.#next] as Queued;
      this.#queue[this.#next++] = undefined;
      if (!request.payload || this.#state.stop?.aborted) {
        fail(this.#state, request.indexes, stopped());
        continue;
      }
      this.#active++;
      this.#state.onSend?.(request.indexes);
      void this.#runner.deliver(this.#state, request.indexes, request.payload).finally(() => {
        this.#active--;
        this.#pump();
      });
    }
    this.#prepareAhead();
    if (this.#ended && this.#active === 0 && this.#next === this.#queue.length) this.#done.resolve();
  }
}

/** Every message of a request failed alike; `status` is AEP's only (an IMS status is in the cause). */
export function fail(
  state: DeliveryState,
  indexes: readonly number[],
  error: AepRequestError | ImsTokenError,
  logger?: Logger,
): void {
  const outcome = failedOutcome({
    status: error instanceof AepRequestError ? error.status : undefined,
    retriable: error.retriable,
    reason: error.message,
    cause: error,
  });
  report(
    state,
    indexes,
    indexes.map(() => outcome),
  );
  logger?.warn('AEP request failed', {
    reason: error.message,
    retriable: error.retriable,
    messages: indexes.length,
  });
}

/** The final outcomes of some messages: kept for the delivery's answer and reported at once. */
export function report(
  state: DeliveryState,
  indexes: readonly number[],
  outcomes: readonly MessageOutcome[],
): void {
  for (let k = 0; k < indexes.length; k++)
    state.outcomes[indexes[k] as number] = outcomes[k] as MessageOutcome;
  state.onOutcomes?.(indexes, outcomes);
}

/** The failure of messages a graceful stop kept from being sent (or sent again). */
export function stopped(): AepRequestError {
  return new AepRequestError('not sent: the task is stopping', { retriable: true, attempts: 0 });
}
