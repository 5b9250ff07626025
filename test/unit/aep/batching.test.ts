import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_BYTES, planBatches, requestBody, requestBytes } from '../../../shared/aep/batching.ts';

const limitsArb = fc.record({
  maxRequestBytes: fc.integer({ min: 20, max: 4_000 }),
  maxMessages: fc.integer({ min: 1, max: 50 }),
  flushBytes: fc.integer({ min: 1, max: 5_000 }),
});
// JSON texts with multi-byte characters, so UTF-8 bytes differ from string length.
const messagesArb = fc.array(
  fc
    .string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', '"', '\\'), maxLength: 600 })
    .map((s) => JSON.stringify(s)),
  { maxLength: 120 },
);

describe('planBatches', () => {
  it('keeps every request within the byte cap and the count cap, sends each message once, in order', () => {
    fc.assert(
      fc.property(messagesArb, limitsArb, (messages, limits) => {
        const sizes = messages.map((m) => Buffer.byteLength(m));
        const { batches, oversized } = planBatches(sizes, limits);
        for (const batch of batches) {
          const body = requestBody(messages, batch, requestBytes(sizes, batch));
          expect(body.toString()).toBe(`{"messages":[${batch.map((i) => messages[i]).join(',')}]}`);
          expect(body.length).toBeLessThanOrEqual(limits.maxRequestBytes);
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(limits.maxMessages);
          expect(JSON.parse(body.toString()).messages).toEqual(
            batch.map((i) => JSON.parse(messages[i] as string)),
          );
        }
        const sent = batches.flat();
        expect(sent).toEqual([...sent].sort((a, b) => a - b));
        expect([...sent, ...oversized].sort((a, b) => a - b)).toEqual(messages.map((_, i) => i));
        expect(oversized).toEqual(
          sizes.flatMap((size, i) => (ENVELOPE_BYTES + size > limits.maxRequestBytes ? [i] : [])),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('closes a request only at the soft target or when the next message would not fit', () => {
    fc.assert(
      fc.property(messagesArb, limitsArb, (messages, limits) => {
        const sizes = messages.map((m) => Buffer.byteLength(m));
        const { batches } = planBatches(sizes, limits);
        batches.slice(0, -1).forEach((batch, b) => {
          const next = (batches[b + 1] as number[])[0] as number;
          const messageBytes = batch.reduce((sum, i) => sum + (sizes[i] as number), 0);
          const full =
            batch.length === limits.maxMessages ||
            requestBytes(sizes, batch) + 1 + (sizes[next] as number) > limits.maxRequestBytes;
          expect(messageBytes >= limits.flushBytes || full).toBe(true);
          // Like Java, the soft target is only checked after adding a message.
          const withoutLast = messageBytes - (sizes[batch.at(-1) as number] as number);
          expect(withoutLast < limits.flushBytes || batch.length === 1).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('fills requests up to the AEP cap with 1 KiB messages when the soft target is high', () => {
    const sizes = Array.from({ length: 2_500 }, () => 1_024);
    const { batches } = planBatches(sizes, {
      maxRequestBytes: 1_000_000,
      maxMessages: 1_000,
      flushBytes: 1_000_000,
    });
    expect(batches.map((b) => b.length)).toEqual([975, 975, 550]);
  });

  it("batches like the Java connector's 4 KiB default: a request closes once its messages reach the target", () => {
    const sizes = [1_500, 1_500, 1_500, 1_500, 10];
    const { batches } = planBatches(sizes, {
      maxRequestBytes: 1_000_000,
      maxMessages: 1_000,
      flushBytes: 4_096,
    });
    expect(batches).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });
});

describe('requestBody', () => {
  it('wraps the messages in the batch envelope as they are', () => {
    expect(
      requestBody(
        ['{"a":1}', 'x', Buffer.from('{"b":"é"}')],
        [0, 2],
        requestBytes([7, 1, 10], [0, 2]),
      ).toString(),
    ).toBe('{"messages":[{"a":1},{"b":"é"}]}');
    expect(requestBytes([7, 1, 10], [0, 2])).toBe(Buffer.byteLength('{"messages":[{"a":1},{"b":"é"}]}'));
  });
});
