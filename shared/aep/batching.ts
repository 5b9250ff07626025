// Cutting messages into requests of AEP's batch endpoint. `AbstractSinkTask.put` flushed once the summed
// `String.length()` of its records reached `aep.flush.bytes.kb`, with no count or size cap; here the soft target is
// kept and AEP's 1 MB request limit ("Send multiple messages in a single HTTP request") becomes a hard cap.
import { ENVELOPE } from './constants.ts';
import type { AepMessage } from './types.ts';

/**
 * Bytes of the `{"messages":[` … `]}` envelope around the messages of a request.
 *
 * @example
 * ENVELOPE_BYTES + size > maxRequestBytes; // the message fits in no request
 */
export const ENVELOPE_BYTES = ENVELOPE.HEAD.length + ENVELOPE.TAIL.length;

/**
 * Limits of one request.
 */
export interface BatchLimits {
  /** Hard cap of the whole uncompressed body in UTF-8 bytes, envelope and commas included. */
  readonly maxRequestBytes: number;
  readonly maxMessages: number;
  /** Soft target: a request is closed once its messages add up to this many bytes. */
  readonly flushBytes: number;
}

/**
 * Requests as lists of message indexes (ascending), and the messages that fit in no request.
 */
export interface BatchPlan {
  readonly batches: number[][];
  readonly oversized: number[];
}

/**
 * Cuts messages of the given UTF-8 sizes into requests, in order: a request takes messages until the next one would
 * push its body over `maxRequestBytes` or its count over `maxMessages`, or until its messages reach `flushBytes`.
 * A message that does not fit alone with the envelope is listed in `oversized` and sent in no request.
 *
 * @example
 * planBatches([10, 10, 10], { maxRequestBytes: 40, maxMessages: 10, flushBytes: 1024 });
 * // { batches: [[0, 1], [2]], oversized: [] }   (15 + 10 + 1 + 10 = 36 bytes; a third would need 47)
 */
export function planBatches(sizes: readonly number[], limits: BatchLimits): BatchPlan {
  const batches: number[][] = [];
  const oversized: number[] = [];
  const planner = new BatchPlanner(limits, (batch) => batches.push(batch));
  for (let i = 0; i < sizes.length; i++) if (!planner.add(i, sizes[i] as number)) oversized.push(i);
  planner.flush();
  return { batches, oversized };
}

/**
 * {@link planBatches} one message at a time, for messages that arrive while earlier requests are already sent: each
 * request is handed to `onRequest` as soon as it is closed.
 *
 * @example
 * const planner = new BatchPlanner(limits, (indexes) => send(indexes));
 * planner.add(0, 512); // false: the message fits in no request
 * planner.flush();     // closes the last request
 */
export class BatchPlanner {
  readonly #limits: BatchLimits;
  readonly #onRequest: (indexes: number[]) => void;
  #current: number[] = [];
  #bodyBytes = ENVELOPE_BYTES;
  #messageBytes = 0;

  constructor(limits: BatchLimits, onRequest: (indexes: number[]) => void) {
    this.#limits = limits;
    this.#onRequest = onRequest;
  }

  /** Adds message `index` of `size` bytes; false when it fits in no request (it is left out). */
  add(index: number, size: number): boolean {
    const limits = this.#limits;
    if (ENVELOPE_BYTES + size > limits.maxRequestBytes) return false;
    if (
      this.#current.length > 0 &&
      (this.#bodyBytes + 1 + size > limits.maxRequestBytes || this.#current.length >= limits.maxMessages)
    ) {
      this.flush();
    }
    this.#bodyBytes += (this.#current.length > 0 ? 1 : 0) + size;
    this.#messageBytes += size;
    this.#current.push(index);
    if (this.#messageBytes >= limits.flushBytes) this.flush();
    return true;
  }

  /** Closes the open request, if it holds any message. */
  flush(): void {
    if (this.#current.length === 0) return;
    const closed = this.#current;
    this.#current = [];
    this.#bodyBytes = ENVELOPE_BYTES;
    this.#messageBytes = 0;
    this.#onRequest(closed);
  }
}

const HEAD = Buffer.from(ENVELOPE.HEAD);
const TAIL = Buffer.from(ENVELOPE.TAIL);
const COMMA = 0x2c;

/**
 * The UTF-8 size of a message: its length when it is bytes already.
 *
 * @example
 * messageBytes('{"a":"é"}'); // 10
 */
export function messageBytes(message: AepMessage): number {
  return typeof message === 'string' ? Buffer.byteLength(message) : message.length;
}

/**
 * The body of a request: the messages in the batch envelope, written once into one buffer of `bytes` bytes (see
 * {@link requestBytes}); messages that are bytes already are copied as they are, never decoded.
 *
 * @example
 * requestBody(['{"a":1}', Buffer.from('{"b":2}')], [0, 1], requestBytes([7, 7], [0, 1])).toString(); // '{"messages":[{"a":1},{"b":2}]}'
 */
export function requestBody(
  messages: readonly AepMessage[],
  indexes: readonly number[],
  bytes: number,
): Buffer {
  const body = Buffer.allocUnsafe(bytes);
  let at = HEAD.copy(body, 0);
  for (let k = 0; k < indexes.length; k++) {
    if (k > 0) body[at++] = COMMA;
    const message = messages[indexes[k] as number] as AepMessage;
    if (typeof message === 'string') at += body.write(message, at);
    else {
      body.set(message, at);
      at += message.length;
    }
  }
  TAIL.copy(body, at);
  return body;
}

/**
 * UTF-8 bytes of a request body, from the sizes measured once per message.
 *
 * @example
 * requestBytes([7, 7], [0, 1]); // 30
 */
export function requestBytes(sizes: readonly number[], indexes: readonly number[]): number {
  let bytes = ENVELOPE_BYTES + Math.max(0, indexes.length - 1);
  for (const i of indexes) bytes += sizes[i] as number;
  return bytes;
}
