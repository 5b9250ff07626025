import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Password } from '../config/index.ts';
import type { DataType, FailureStatusField } from './constants.ts';

/**
 * A JSON object, as messages arrive at AEP.
 */
export type JsonObject = Record<string, unknown>;

/**
 * IMS credentials the emulator accepts. With `auth` set, collection requests need `Authorization: Bearer <token>`
 * with a token the emulator's IMS issued.
 */
export interface AepEmulatorAuth {
  readonly clientId: string;
  readonly clientSecret: string | Password;
  /** Scopes the credential has (comma-separated); a token request asking for another scope gets `invalid_scope`. Any scope when unset. */
  readonly scope?: string;
  /** Lifetime of issued tokens. @default 86399 */
  readonly tokenTtlSeconds?: number;
  /** The authorization code `/ims/token/v1` accepts; that endpoint refuses every code when unset. */
  readonly code?: string;
  /** The public key (PEM SPKI or KeyObject) that verifies JWTs at `/ims/exchange/jwt`; that endpoint refuses every JWT when unset. */
  readonly jwtPublicKey?: string | KeyObject;
  /** The `sub` JWTs must carry (the technical account id); any non-empty `sub` when unset. */
  readonly technicalAccountId?: string;
}

/**
 * A scripted answer served, in order, to the next collection (or IMS, with `enqueueIms`) requests:
 * - `{ status, retryAfter?, body? }` answers that status (with `Retry-After` in seconds or as an HTTP date);
 *   `body` is sent as JSON, or as is when it is a string; a problem JSON by default;
 * - `{ delayMs }` answers normally after that delay (a client that times out has still delivered its messages);
 * - `{ reset: true }` destroys the connection without answering.
 */
export type Fault =
  | { readonly status: number; readonly retryAfter?: number | string; readonly body?: unknown }
  | { readonly delayMs: number }
  | { readonly reset: true };

/**
 * How the emulator behaves. Every option is optional.
 */
export interface AepEmulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Turns on authenticated inlets and the IMS token endpoints. */
  readonly auth?: AepEmulatorAuth;
  /** Largest decoded request body (after gzip); larger requests get 413. @default 1048576 */
  readonly maxRequestBytes?: number;
  /** `xdm` inlets refuse messages without `header.schemaRef` and `body.xdmEntity`. @default 'raw' */
  readonly dataType?: InletDataType;
  /** Field of the status of a refused message in a 207 answer. @default 'statusCode' */
  readonly failureStatusField?: FailureStatusFieldName;
  /** A reason to refuse this message (a 400 for it), or `undefined` to accept it. Called for JSON objects only. */
  readonly rejectMessage?: (message: JsonObject, index: number, connectionId: string) => string | undefined;
  /** The inlet's org: messages whose `header.imsOrgId` names another org are refused, as AEP does. */
  readonly imsOrgId?: string;
  /** Status of a collection request with an unknown or expired token (Adobe documents both 401 and 403). @default 403 */
  readonly invalidTokenStatus?: 401 | 403;
  /** `false` answers 501 to `?syncValidation=true`, as edges without synchronous validation do. @default true */
  readonly syncValidation?: boolean;
  /** Delay before every answer. @default 0 */
  readonly latencyMs?: number;
  /** Called when a request is over (answered, reset or abandoned by the client). */
  readonly onRequest?: (request: RecordedRequest) => void;
}

/**
 * The data type of an inlet: `xdm` or `raw`.
 */
export type InletDataType = (typeof DataType)[keyof typeof DataType];
/**
 * The field name of per-message failure statuses: `statusCode` or `status`.
 */
export type FailureStatusFieldName = (typeof FailureStatusField)[keyof typeof FailureStatusField];

/**
 * What became of a request: `answered`; `reset` by a fault; `abandoned` when the client closed the connection before
 * the answer (its messages were still accepted, as a real server that received them would); `pending` until then.
 */
export type RequestOutcome = 'pending' | 'answered' | 'reset' | 'abandoned';

/**
 * One request the emulator received, in arrival order.
 */
export interface RecordedRequest {
  /** Position in `requests`. */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Epoch milliseconds of arrival. */
  readonly receivedAt: number;
  /** Body bytes on the wire. */
  rawBytes: number;
  /** Body bytes after gzip decoding; `undefined` when the body could not be decoded (or was far over the limit). */
  decodedBytes: number | undefined;
  /** The status answered (or about to be, when the client went away); `undefined` when reset or pending. */
  status: number | undefined;
  outcome: RequestOutcome;
}

/**
 * One message AEP accepted, in acceptance order.
 */
export interface AcceptedMessage {
  readonly connectionId: string;
  readonly message: JsonObject;
  /** Index of the request in `requests`. */
  readonly requestIndex: number;
  /** Position of the message in its request (0 for the single-message endpoint). */
  readonly position: number;
  readonly xactionId: string;
}

/**
 * A running emulator.
 *
 * @example
 * const aep = await startAepEmulator();
 * const config = { 'aep.endpoint': aep.endpoint('inlet-1') };
 * // … deliver …
 * expect(aep.messages).toHaveLength(3);
 * await aep.close();
 */
export interface AepEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The IMS base URL, for `aep.connection.auth.endpoint`. */
  readonly imsEndpoint: string;
  readonly port: number;
  /** The inlet URL users put in `aep.endpoint`: `{url}/collection/{connectionId}`. */
  endpoint(connectionId?: string): string;
  readonly requests: readonly RecordedRequest[];
  readonly messages: readonly AcceptedMessage[];
  /** Access tokens IMS issued since start. */
  readonly tokensIssued: number;
  /** Queues faults for the next collection requests. */
  enqueue(...faults: Fault[]): void;
  /** Queues faults for the next IMS token requests. */
  enqueueIms(...faults: Fault[]): void;
  /** Expires every token issued so far. */
  expireTokens(): void;
  /** Clears `requests`, `messages` and queued faults. */
  reset(): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}
