// Untrusted bodies never crash the emulator: any body gets a 207 or a 4xx, and a 207 accounts for every message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchUrl, emulator, post } from './support.ts';

describe('fuzzed collection requests', () => {
  it('answers any JSON batch with one entry per message, recording exactly the accepted objects', async () => {
    const aep = await emulator();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), async (messages) => {
        aep.reset();
        const answer = await post(batchUrl(aep), { messages });
        expect(answer.status).toBe(207);
        const responses: Array<{ xactionId?: string; statusCode?: number }> = answer.body.responses;
        expect(responses).toHaveLength(messages.length);
        const acceptedPositions = responses.flatMap((r, i) => (r.xactionId === undefined ? [] : [i]));
        expect(aep.messages.map((m) => m.position)).toEqual(acceptedPositions);
        const sent = JSON.parse(JSON.stringify(messages)); // as on the wire (-0 becomes 0)
        expect(aep.messages.map((m) => m.message)).toEqual(acceptedPositions.map((i) => sent[i]));
        expect(acceptedPositions).toEqual(
          sent.flatMap((m: unknown, i: number) =>
            typeof m === 'object' && m !== null && !Array.isArray(m) ? [i] : [],
          ),
        );
        expect(responses.filter((r) => r.xactionId === undefined).every((r) => r.statusCode === 400)).toBe(
          true,
        );
      }),
      { numRuns: 60 },
    );
  });

  it('answers arbitrary bytes, content types and encodings with a 4xx or a 207, never a 5xx', async () => {
    const aep = await emulator({ maxRequestBytes: 512 });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 1024 }),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        fc.constantFrom('identity', 'gzip', 'br', 'GZIP'),
        fc.constantFrom(batchUrl(aep), aep.endpoint(), `${aep.url}/collection/%zz`),
        async (bytes, contentType, encoding, url) => {
          const answer = await post(url, bytes, {
            'content-type': contentType,
            'content-encoding': encoding,
          });
          expect([200, 207, 400, 404, 413, 415]).toContain(answer.status);
        },
      ),
      { numRuns: 80 },
    );
  });
});
