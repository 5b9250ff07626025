import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConverterClasses } from '../../../shared/converters/index.ts';
import { Stage } from '../../../shared/dead-letter/index.ts';
import { MalformedEventError } from '../../../shared/records/index.ts';
import type { EsmRecord } from '../../../shared/records/types.ts';
import { createSinkTask } from '../../../shared/sink/index.ts';
import type { BatchSummary } from '../../../shared/sink/types.ts';
import { MemoryDeadLetterQueue, ScriptedSender } from '../../support/sink-doubles.ts';

const STAGES = new Set<string>(Object.values(Stage));
const CONVERTERS: ReadonlyArray<Record<string, string>> = [
  { 'value.converter': ConverterClasses.JSON, 'value.converter.schemas.enable': 'false' },
  { 'value.converter': ConverterClasses.JSON, 'value.converter.schemas.enable': 'true' },
  { 'value.converter': ConverterClasses.STRING },
  { 'value.converter': ConverterClasses.BYTE_ARRAY },
];

// Random bytes, and random JSON (so some records are deliverable), for keys, values and headers.
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.json().map((j) => Buffer.from(j)),
);
const record = fc.record({
  key: fc.option(bytes),
  value: fc.option(bytes),
  headers: fc.array(fc.tuple(fc.string({ maxLength: 5 }), bytes), { maxLength: 3 }),
});

describe('sink task under random input', () => {
  it('turns any record bytes into a delivered message, a skipped null value or a dead-letter entry with our error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(...CONVERTERS),
        async (records, converter) => {
          const sender = new ScriptedSender();
          const dlq = new MemoryDeadLetterQueue();
          const summaries: BatchSummary[] = [];
          const task = createSinkTask(
            {
              name: 'p',
              'connector.class': 'AEPSinkConnector',
              'errors.tolerance': 'all',
              'errors.deadletterqueue.topic.name': 'dlq',
              ...converter,
            },
            {
              createSender: () => sender,
              createDeadLetterQueue: () => dlq,
              metrics: { batch: (_c, s) => summaries.push(s) },
            },
          );
          const esm: EsmRecord[] = records.map((r, offset) => ({
            topic: 't',
            partition: 0,
            offset,
            timestamp: offset,
            timestampType: 'CREATE_TIME',
            ...(r.key ? { key: r.key.toString('base64') } : {}),
            ...(r.value ? { value: r.value.toString('base64') } : {}),
            headers: r.headers.map(([name, value]) => ({ [name]: [...value] })),
          }));

          await expect(
            task.process(
              { eventSource: 'aws:kafka', records: { 't-0': esm } },
              { deadline: Date.now() + 5_000 },
            ),
          ).resolves.toBeUndefined();

          const [summary] = summaries;
          expect(sender.sent.length + dlq.entries.length + (summary?.filtered ?? 0)).toBe(records.length);
          for (const message of sender.sent) expect(() => JSON.parse(message)).not.toThrow();
          for (const { failure } of dlq.entries) {
            expect(STAGES.has(failure.stage)).toBe(true);
            expect(failure.error).toHaveProperty('retriable', false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails an event of any other shape only with MalformedEventError', async () => {
    const task = createSinkTask(
      { name: 'p', 'connector.class': 'AEPSinkConnector' },
      { createSender: () => new ScriptedSender() },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({
            eventSource: fc.constant('aws:kafka'),
            records: fc.dictionary(fc.string(), fc.anything()),
          }),
        ),
        async (event) => {
          try {
            await task.process(event, { deadline: Date.now() + 5_000 });
          } catch (e) {
            expect(e).toBeInstanceOf(MalformedEventError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
