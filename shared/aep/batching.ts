// Cutting messages into requests of AEP's batch endpoint. `AbstractSinkTask.put` flushed once the summed
// `String.length()` of its records reached `aep.flush.bytes.kb`, with no count or size cap; here the soft target is
// kept and AEP's 1 MB request limit ("Send multiple messages in a single HTTP request") becomes a hard cap.
import { ENVELOPE } from './constants.ts';

/**
 * Bytes of the `{"messages":[` … `]}` envelope around the messages of a request.
 *
 * @example
 * ENVELOPE_BYTES + size > maxRequestBytes; // the message fits in no request
 */
export const ENVELOPE_BYTES = ENVELOPE.HEAD.length + ENVELOPE.TAIL.length;

/**
 * Limits of one request.
 *
 * @example
 * const limits: BatchLimits = { maxRequestBytes: 1_000_000, maxMessages: 1_000, flushBytes: 4_096 };
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
 *
 * @example
 * const { batches, oversized }: BatchPlan = planBatches(sizes, limits);
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
  let current: number[] = [];
  let bodyBytes = ENVELOPE_BYTES;
  let messageBytes = 0;
  const close = () => {
    batches.push(current);
    current = [];
    bodyBytes = ENVELOPE_BYTES;
    messageBytes = 0;
  };
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i] as number;
    if (ENVELOPE_BYTES + size > limits.maxRequestBytes) {
      oversized.push(i);
      continue;
    }
    if (
      current.length > 0 &&
      (bodyBytes + 1 + size > limits.maxRequestBytes || current.length >= limits.maxMessages)
    ) {
      close();
    }
    bodyBytes += (current.length > 0 ? 1 : 0) + size;
    messageBytes += size;
    current.push(i);
    if (messageBytes >= limits.flushBytes) close();
  }
  if (current.length > 0) close();
  return { batches, oversized };
}

/**
 * The body of a request: the messages' JSON texts in the batch envelope, built once per request.
 *
 * @example
 * requestBody(['{"a":1}', '{"b":2}'], [0, 1]); // '{"messages":[{"a":1},{"b":2}]}'
 */
export function requestBody(messages: readonly string[], indexes: readonly number[]): string {
  const parts = new Array<string>(indexes.length);
  for (let i = 0; i < indexes.length; i++) parts[i] = messages[indexes[i] as number] as string;
  return `${ENVELOPE.HEAD}${parts.join(',')}${ENVELOPE.TAIL}`;
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
