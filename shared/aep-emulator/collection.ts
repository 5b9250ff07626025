// DCS collection answers: the batch endpoint's 207 Multi-Status ("Send multiple messages in a single HTTP request",
// streaming-multiple-messages) and the single-message endpoint with optional synchronous validation ("Streaming
// ingestion validation", streaming-validation).
import { AepEmulatorDefaults, MessageRejections, ProblemTypes } from './constants.ts';
import type { ResolvedOptions } from './options.ts';
import type { AcceptedMessage, JsonObject } from './types.ts';

/**
 * An HTTP answer: status, JSON (or text) body and extra headers.
 */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A collection request: its connection id, its index in `requests`, its arrival time and decoded body.
 */
export interface CollectionRequest {
  readonly connectionId: string;
  readonly requestIndex: number;
  readonly receivedAt: number;
  /** The decoded body text. */
  readonly text: string;
}

/**
 * The answer to a collection request and the messages it accepted.
 */
export interface CollectionResult {
  readonly answer: Answer;
  readonly accepted: readonly AcceptedMessage[];
}

/**
 * AEP's problem JSON (`type`, `status`, `title`, `report.message`).
 */
export function problem(
  status: number,
  title: string,
  message: string,
  options: { type?: string; cause?: unknown; statusAsString?: boolean } = {},
): Answer {
  return {
    status,
    body: {
      type: options.type ?? ProblemTypes.INLET,
      status: options.statusAsString ? String(status) : status,
      title,
      report: options.cause === undefined ? { message } : { message, cause: options.cause },
    },
  };
}

/**
 * `POST /collection/batch/{id}` with `{"messages":[…]}`: 207 with one entry per message, in order; refused messages
 * get `{"statusCode"|"status": 400, "message"}` and do not affect the others.
 */
export function collectBatch(request: CollectionRequest, options: ResolvedOptions): CollectionResult {
  const parsed = parseJson(request.text);
  if (!parsed.ok) return { answer: parsed.answer, accepted: [] };
  const messages = isObject(parsed.value) ? parsed.value.messages : undefined;
  if (!Array.isArray(messages)) {
    return {
      answer: problem(400, 'Bad Request', 'Request body must be a JSON object with a "messages" array'),
      accepted: [],
    };
  }
  if (messages.length === 0) {
    return { answer: problem(400, 'Bad Request', '"messages" must hold at least one message'), accepted: [] };
  }
  const batchId = transactionId(request);
  const accepted: AcceptedMessage[] = [];
  const responses = messages.map((message: unknown, position) => {
    const reason = rejection(message, position, request.connectionId, options);
    if (reason !== undefined) {
      return {
        [options.failureStatusField]: 400,
        message: aepReason(request.connectionId, message, reason, options),
      };
    }
    const xactionId = `${batchId}:${position}`;
    accepted.push(acceptance(request, message as JsonObject, position, xactionId));
    return { xactionId };
  });
  return {
    answer: {
      status: 207,
      body: { inletId: request.connectionId, batchId, receivedTimeMs: request.receivedAt, responses },
    },
    accepted,
  };
}

/**
 * `POST /collection/{id}` with one message: 200 with `syncValidation: {skipped: true}`, or with `{status: "pass"}`
 * under `?syncValidation=true`; a refused message gets a 400 problem JSON (with the `_streamingValidation` cause
 * under synchronous validation).
 */
export function collectOne(
  request: CollectionRequest,
  options: ResolvedOptions,
  syncValidation: boolean,
): CollectionResult {
  const parsed = parseJson(request.text);
  if (!parsed.ok) return { answer: parsed.answer, accepted: [] };
  const message = parsed.value;
  const reason = rejection(message, 0, request.connectionId, options);
  if (reason !== undefined) {
    const cause = syncValidation
      ? {
          _streamingValidation: [
            {
              schemaLocation: '#',
              pointerToViolation: '#',
              causingExceptions: [],
              keyword: 'message',
              message: reason,
            },
          ],
        }
      : undefined;
    return {
      answer: problem(
        400,
        'Invalid XDM Message Format',
        aepReason(request.connectionId, message, reason, options),
        {
          cause,
        },
      ),
      accepted: [],
    };
  }
  const xactionId = transactionId(request);
  return {
    answer: {
      status: 200,
      body: {
        inletId: request.connectionId,
        xactionId,
        receivedTimeMs: request.receivedAt,
        syncValidation: syncValidation ? { status: 'pass' } : { skipped: true },
      },
    },
    accepted: [acceptance(request, message as JsonObject, 0, xactionId)],
  };
}

/** Why AEP refuses `message`, or `undefined` when it accepts it. */
function rejection(
  message: unknown,
  position: number,
  connectionId: string,
  options: ResolvedOptions,
): string | undefined {
  if (!isObject(message)) return MessageRejections.NOT_AN_OBJECT;
  const header = isObject(message.header) ? message.header : undefined;
  // "The collection request expects message elements to have valid header and body sections" (xdm inlets).
  if (options.dataType === 'xdm') {
    const body = isObject(message.body) ? message.body : undefined;
    if (!isObject(header?.schemaRef) || !isObject(body?.xdmEntity))
      return MessageRejections.UNKNOWN_XDM_FORMAT;
  }
  // "The imsOrgId field in the message header has to match the inlet definition"; DCCS adds it when absent.
  if (
    options.imsOrgId !== undefined &&
    header?.imsOrgId !== undefined &&
    header.imsOrgId !== options.imsOrgId
  ) {
    return MessageRejections.WRONG_IMS_ORG;
  }
  return options.rejectMessage?.(message, position, connectionId);
}

/** AEP's wording: `inletId: [...] imsOrgId: [...] <reason>`. */
function aepReason(connectionId: string, message: unknown, reason: string, options: ResolvedOptions): string {
  return `inletId: [${connectionId}] imsOrgId: [${options.imsOrgId ?? orgOf(message)}] ${reason}`;
}

function orgOf(message: unknown): string {
  const header = isObject(message) && isObject(message.header) ? message.header : undefined;
  return typeof header?.imsOrgId === 'string' ? header.imsOrgId : AepEmulatorDefaults.IMS_ORG_ID;
}

/** `{receivedTimeMs}:{pid}:{request}`, shaped like AEP's `1565628583792:1485:153`. */
function transactionId(request: CollectionRequest): string {
  return `${request.receivedAt}:${process.pid}:${request.requestIndex}`;
}

function acceptance(
  request: CollectionRequest,
  message: JsonObject,
  position: number,
  xactionId: string,
): AcceptedMessage {
  return {
    connectionId: request.connectionId,
    message,
    requestIndex: request.requestIndex,
    position,
    xactionId,
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; answer: Answer } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      answer: problem(400, 'Bad Request', `Request body is not valid JSON: ${(error as Error).message}`),
    };
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
