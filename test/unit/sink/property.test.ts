import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failedOutcome } from '../../../shared/aep/index.ts';
import { ConverterClasses } from '../../../shared/converters/index.ts';
import { Stage } from '../../../shared/dead-letter/index.ts';
import { MalformedEventError } from '../../../shared/records/index.ts';
import type { EsmRecord, KafkaBatchResponse } from '../../../shared/records/types.ts';
import { DeliveryRetryError, ToleranceExceededError } from '../../../shared/sink/errors.ts';
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

  // What AEP (scripted) or the converter does with each record: the value names its fate.
  const FATES = ['ok', 'retry', 'reject', 'auth', 'bad-json', 'tombstone'] as const;
  type Fate = (typeof FATES)[number];
  const fateValue = (fate: Fate, offset: number): string | undefined =>
    fate === 'tombstone' ? undefined : fate === 'bad-json' ? '{not json' : JSON.stringify({ fate, offset });

  it('never drops a record: each is delivered, filtered, dead-lettered or at/after its partition’s resume offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...FATES), { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom('none', 'all'),
        fc.boolean(),
        async (partitions, tolerance, report) => {
          const sender = new ScriptedSender((message) => {
            const { fate } = JSON.parse(message) as { fate: Fate };
            if (fate === 'retry') return failedOutcome({ retriable: true, status: 503, reason: 'busy' });
            if (fate === 'reject') return failedOutcome({ retriable: false, status: 400, reason: 'bad' });
            if (fate === 'auth') return failedOutcome({ retriable: false, status: 403, reason: 'denied' });
            return { ok: true };
          });
          const dlq = new MemoryDeadLetterQueue();
          const task = createSinkTask(
            {
              name: 'p',
              'connector.class': 'AEPSinkConnector',
              'errors.tolerance': tolerance,
              'errors.deadletterqueue.topic.name': 'dlq',
              'esm.report.batch.item.failures': String(report),
            },
            { createSender: () => sender, createDeadLetterQueue: () => dlq },
          );
          const records: Record<string, EsmRecord[]> = {};
          partitions.forEach((fates, p) => {
            records[`t-${p}`] = fates.map((fate, i) => {
              const value = fateValue(fate, 100 + i);
              return {
                topic: 't',
                partition: p,
                offset: 100 + i,
                timestamp: 0,
                timestampType: 'CREATE_TIME',
                ...(value === undefined ? {} : { value: Buffer.from(value).toString('base64') }),
              };
            });
          });

          let response: KafkaBatchResponse | undefined;
          try {
            response = await task.process(
              { eventSource: 'aws:kafka', records },
              { deadline: Date.now() + 5_000 },
            );
          } catch (e) {
            // The whole batch is retried: nothing may have been dead-lettered, and the error names a record.
            expect(report).toBe(false);
            expect(e instanceof DeliveryRetryError || e instanceof ToleranceExceededError).toBe(true);
            expect(dlq.entries).toEqual([]);
            return;
          }
          const resume = new Map(
            (response?.batchItemFailures ?? []).map((f) => [
              f.itemIdentifier.partition,
              f.itemIdentifier.offset,
            ]),
          );
          const sent = new Set(sender.sent);
          const dead = new Set(dlq.entries.map((e) => `${e.record.partition}@${e.record.offset}`));
          partitions.forEach((fates, p) => {
            const from = resume.get(`t-${p}`) ?? Number.POSITIVE_INFINITY;
            // The resume offset is the partition's first record that must be tried again.
            const firstRetry = fates.findIndex(
              (f) =>
                f === 'retry' ||
                f === 'auth' ||
                (tolerance === 'none' && (f === 'reject' || f === 'bad-json')),
            );
            expect(from).toBe(firstRetry === -1 ? Number.POSITIVE_INFINITY : 100 + firstRetry);
            fates.forEach((fate, i) => {
              const offset = 100 + i;
              const ref = `${p}@${offset}`;
              if (offset >= from) {
                expect(dead.has(ref)).toBe(false);
                return;
              }
              if (fate === 'ok') expect(sent.has(fateValue(fate, offset) as string)).toBe(true);
              else if (fate === 'reject' || fate === 'bad-json') expect(dead.has(ref)).toBe(true);
              else expect(fate).toBe('tombstone');
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
