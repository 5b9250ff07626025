// Helpers of the AEP emulator tests: real HTTP on 127.0.0.1 with fetch.
import { afterEach } from 'vitest';
import {
  type AepEmulator,
  type AepEmulatorOptions,
  startAepEmulator,
} from '../../../shared/aep-emulator/index.ts';

const started: AepEmulator[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((aep) => aep.close()));
});

/** An emulator closed after the test. */
export async function emulator(options?: AepEmulatorOptions): Promise<AepEmulator> {
  const aep = await startAepEmulator(options);
  started.push(aep);
  return aep;
}

/** The batch URL the sink posts to for `connectionId` (`/collection/` rewritten to `/collection/batch/`). */
export function batchUrl(aep: AepEmulator, connectionId = 'inlet'): string {
  return aep.endpoint(connectionId).replace('/collection/', '/collection/batch/');
}

/** An HTTP answer with its JSON body parsed (or its text when it is not JSON). */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
  readonly body: any;
}

/** POSTs `body` (JSON-encoded unless a string or bytes) with `Content-Type: application/json` unless overridden. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Reply> {
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload as RequestInit['body'],
    ...init,
  });
  return reply(answer);
}

/** Reads a fetch answer. */
export async function reply(answer: Response): Promise<Reply> {
  const text = await answer.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: answer.status, headers: answer.headers, body };
}

/** An XDM message as Adobe's batch tutorial shows it. */
export function xdmMessage(id: string): Record<string, unknown> {
  const schemaRef = {
    id: 'https://ns.adobe.com/tenant/schemas/abc',
    contentType: 'application/vnd.adobe.xed-full+json;version=1',
  };
  return {
    header: { schemaRef, imsOrgId: 'ORG@AdobeOrg', datasetId: 'ds', createdAt: 1526283801869 },
    body: { xdmMeta: { schemaRef }, xdmEntity: { _id: id, timestamp: '2019-02-23T22:07:01Z' } },
  };
}

/** A form POST to the emulator's IMS. */
export async function imsPost(aep: AepEmulator, path: string, form: Record<string, string>): Promise<Reply> {
  const answer = await fetch(`${aep.imsEndpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return reply(answer);
}
