// The floor's requests, shared by the benchmarks: messages joined into `{"messages":[…]}` bodies of at most
// `capBytes` (characters of ASCII-heavy JSON), gzipped and POSTed, as any AEP batch sink must build and send them.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { GZIP_LEVEL } from '../shared/aep/constants.ts';

const gzipAsync = promisify(gzip);

/**
 * @example
 * requestBodies(['{"a":1}', '{"b":2}'], 1_000_000); // ['{"messages":[{"a":1},{"b":2}]}']
 */
export function requestBodies(messages: Iterable<string>, capBytes: number): string[] {
  const bodies: string[] = [];
  let body: string[] = [];
  let size = 0;
  for (const message of messages) {
    if (size + message.length + 1 > capBytes - 20 && body.length > 0) {
      bodies.push(`{"messages":[${body.join(',')}]}`);
      body = [];
      size = 0;
    }
    body.push(message);
    size += message.length + 1;
  }
  bodies.push(`{"messages":[${body.join(',')}]}`);
  return bodies;
}

/**
 * Gzips every body and POSTs it to AEP's batch URL, all at once; without `batchUrl` it stops after gzip (the
 * in-process floor).
 */
export async function sendBodies(bodies: readonly string[], batchUrl?: string): Promise<void> {
  await Promise.all(
    bodies.map(async (text) => {
      const body = await gzipAsync(text, { level: GZIP_LEVEL });
      if (!batchUrl) return;
      const response = await fetch(batchUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`the floor's request answered ${response.status}`);
    }),
  );
}
