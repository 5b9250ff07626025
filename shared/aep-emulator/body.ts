// Request bodies: read with a bound, gzip-decoded (Content-Encoding, RFC 9110 §8.4) and measured against AEP's 1 MB
// request limit (streaming-multiple-messages: "413 Payload too large").
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/**
 * The raw body, kept up to `keep` bytes; `rawBytes` counts every byte received.
 */
export interface RawBody {
  readonly bytes: Buffer;
  readonly rawBytes: number;
  readonly truncated: boolean;
}

/**
 * A decoded body, or the status and reason to answer instead.
 *
 * @example
 * const body = await decodeBody(raw, 'gzip', 1_048_576);
 * if (body.ok) JSON.parse(body.text);
 */
export type DecodedBody =
  | { readonly ok: true; readonly text: string; readonly decodedBytes: number }
  | {
      readonly ok: false;
      readonly status: 400 | 413 | 415;
      readonly reason: string;
      readonly decodedBytes?: number;
    };

/**
 * Reads the whole body (answering before the client has sent it all would turn a 413 into a connection error),
 * keeping at most `keep` bytes.
 */
export async function readBody(req: IncomingMessage, keep: number): Promise<RawBody> {
  const chunks: Buffer[] = [];
  let rawBytes = 0;
  let kept = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    rawBytes += chunk.length;
    if (kept + chunk.length <= keep) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  return { bytes: Buffer.concat(chunks), rawBytes, truncated: rawBytes > kept };
}

/**
 * Decodes `raw` per `Content-Encoding` (none, `identity` or `gzip`; anything else is 415) and refuses bodies whose
 * decoded size exceeds `maxBytes` with 413.
 *
 * @example
 * const body = await decodeBody(raw, req.headers['content-encoding'], 1_048_576);
 * if (!body.ok) answer(body.status, body.reason);
 */
export async function decodeBody(
  raw: RawBody,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<DecodedBody> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return {
      ok: false,
      status: 415,
      reason: `Content-Encoding ${contentEncoding} is not supported (use gzip)`,
    };
  }
  if (raw.truncated) return tooLarge(undefined, maxBytes);
  let decoded = raw.bytes;
  if (encoding === 'gzip') {
    try {
      // Inflating stops well past the limit: such a body is refused whatever its exact size.
      decoded = await gunzipAsync(raw.bytes, {
        maxOutputLength: Math.max(raw.bytes.length, maxBytes) * 2 + 1024,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        return tooLarge(undefined, maxBytes);
      return {
        ok: false,
        status: 400,
        reason: `Request body is not valid gzip: ${(error as Error).message}`,
      };
    }
  }
  if (decoded.length > maxBytes) return tooLarge(decoded.length, maxBytes);
  return { ok: true, text: decoded.toString('utf8'), decodedBytes: decoded.length };
}

function tooLarge(decodedBytes: number | undefined, maxBytes: number): DecodedBody {
  const size = decodedBytes === undefined ? 'far more than' : `${decodedBytes} bytes, more than`;
  return {
    ok: false,
    status: 413,
    reason: `Payload too large: the request body is ${size} ${maxBytes} bytes`,
    decodedBytes,
  };
}
