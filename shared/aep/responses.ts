// Reading AEP's answers: the batch endpoint's 207 Multi-Status body ("Send multiple messages in a single HTTP
// request": one `responses` entry per message, in request order) and the problem bodies of refused requests.
import { parseJsonObject } from '../records/index.ts';
import { MAX_REASON_CHARS, REQUEST_LEVEL_STATUSES } from './constants.ts';
import { ImsTokenError } from './errors.ts';
import { isRetriableStatus } from './retry.ts';
import type { MessageOutcome } from './types.ts';

/**
 * The outcome of a delivered message, shared by every success.
 */
export const DELIVERED: MessageOutcome = Object.freeze({ ok: true });

/**
 * The outcome of a message that was not delivered, and the one place that decides whether AEP rejected the message
 * itself (`errors.tolerance` applies) or its delivery failed (delivered again later, never dead-lettered): a failure
 * that may pass (`retriable`), a request-level status (401, 403, 404, 407) or IMS refusing the client is a delivery
 * failure; any other final status rejects the message.
 *
 * @example
 * failedOutcome({ status: 400, retriable: false, reason: 'bad' }).rejected; // true
 * failedOutcome({ status: 403, retriable: false, reason: 'denied' }).rejected; // false
 */
export function failedOutcome(failure: {
  readonly status?: number;
  readonly retriable: boolean;
  readonly reason: string;
  readonly cause?: unknown;
}): Extract<MessageOutcome, { ok: false }> {
  const rejected = !(
    failure.retriable ||
    (failure.status !== undefined && REQUEST_LEVEL_STATUSES.has(failure.status)) ||
    failure.cause instanceof ImsTokenError
  );
  return {
    ok: false,
    rejected,
    retriable: failure.retriable,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    reason: failure.reason,
    ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
  };
}

/**
 * Per-message outcomes of a 2xx answer to a batch of `count` messages, by position (not by `xactionId`, which the
 * Java connector parsed and which AEP's documented ids do not fit). An entry whose `status` or `statusCode` (number or
 * numeric string) is ≥ 400 failed with AEP's `message`, retriable for 429/5xx; an entry with an `xactionId` and no
 * such status was delivered. A message without a readable entry (no `responses`, too few, or an entry with neither)
 * is a retriable failure: AEP may or may not have it, and at-least-once delivery sends it again.
 *
 * @example
 * multiStatusOutcomes('{"responses":[{"xactionId":"1:2:3"},{"statusCode":400,"message":"bad"}]}', 2);
 * // [{ ok: true }, { ok: false, rejected: true, retriable: false, status: 400, reason: 'bad' }]
 */
export function multiStatusOutcomes(body: string, count: number): MessageOutcome[] {
  const responses = parseJsonObject(body)?.responses;
  const entries: unknown[] = Array.isArray(responses) ? responses : [];
  const outcomes = new Array<MessageOutcome>(count);
  for (let i = 0; i < count; i++) outcomes[i] = entryOutcome(entries[i], i, Array.isArray(responses));
  return outcomes;
}

/**
 * AEP's reason for refusing a whole request: the problem's `title` and `report.message`, or `message`, or IMS's
 * `error` and `error_description`, else the start of the body.
 *
 * @example
 * answerReason(400, '{"title":"Invalid XDM Message Format","report":{"message":"Message is invalid"}}');
 * // 'AEP answered 400: Invalid XDM Message Format: Message is invalid'
 */
export function answerReason(status: number, body: string, service = 'AEP'): string {
  const json = parseJsonObject(body);
  const report = json?.report as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const main = [json?.title, report?.message, json?.message, json?.error]
    .map(text)
    .filter(Boolean)
    .join(': ');
  const description = text(json?.error_description);
  const detail = (description ? `${main} (${description})`.trim() : main) || body.trim();
  return truncate(detail ? `${service} answered ${status}: ${detail}` : `${service} answered ${status}`);
}

function entryOutcome(entry: unknown, index: number, hadResponses: boolean): MessageOutcome {
  if (typeof entry !== 'object' || entry === null) {
    return failedOutcome({
      retriable: true,
      reason: hadResponses
        ? `AEP's 207 answer has no result for message ${index}`
        : "AEP's answer has no per-message results (responses)",
    });
  }
  const fields = entry as Record<string, unknown>;
  const status = numericStatus(fields.status ?? fields.statusCode);
  if (status !== undefined && status >= 400) {
    const message = typeof fields.message === 'string' && fields.message !== '' ? fields.message : undefined;
    return failedOutcome({
      retriable: isRetriableStatus(status),
      status,
      reason: truncate(message ?? `AEP rejected the message with status ${status}`),
    });
  }
  if (status !== undefined || fields.xactionId !== undefined) return DELIVERED;
  return failedOutcome({
    retriable: true,
    reason: `AEP's 207 answer has no status or xactionId for message ${index}`,
  });
}

function numericStatus(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

function truncate(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
}
