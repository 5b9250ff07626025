// The progress hook (`SinkProgress`) and the graceful stop, through the real AEP sender against the AEP emulator:
// what a host that commits offsets itself (the local runtime) is told while an invocation runs.
import { afterEach, describe, expect, it } from 'vitest';
import { createAepSender, FAST_RETRY } from '../../../shared/aep/index.ts';
import { type AepEmulator, startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import {
  createSinkHandler,
  createSinkTask,
  type PartitionFailure,
  type SinkProgress,
} from '../../../shared/sink/index.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { kafkaEvent } from '../../support/records.ts';
import { MemoryDeadLetterQueue } from '../../support/sink-doubles.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((close) => close()));
});

async function emulator(options: Parameters<typeof startAepEmulator>[0] = {}): Promise<AepEmulator> {
  const aep = await startAepEmulator(options);
  cleanups.push(() => aep.close());
  return aep;
}

/** A connector delivering to `aep`, 10 messages per request, 4 requests in flight. */
function task(aep: AepEmulator, config: Record<string, string> = {}, dlq = new MemoryDeadLetterQueue()) {
  const built = createSinkTask(
    {
      name: 'aep',
      'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
      topics: 't',
      'aep.endpoint': aep.endpoint(),
      'aep.max.messages.per.request': '10',
      'aep.max.in.flight.requests': '4',
      ...config,
    },
    {
      createSender: (c) => createAepSender(c, { allowedHosts: ['127.0.0.1'], retry: FAST_RETRY }),
      createDeadLetterQueue: () => dlq,
    },
  );
  cleanups.push(() => built.close());
  return built;
}

/** A progress hook that keeps what it hears, checking each report against what the emulator holds at that moment. */
function recorder(aep: AepEmulator, dlq?: MemoryDeadLetterQueue) {
  const settled = new Map<string, number[]>();
  const failures: PartitionFailure[] = [];
  const early: string[] = [];
  const progress: SinkProgress = {
    settled(topic, partition, next) {
      const key = `${topic}-${partition}`;
      settled.set(key, [...(settled.get(key) ?? []), next]);
      // Every record below `next` must be in AEP or in the dead letter queue by now.
      const done = new Set([
        ...aep.messages.map((m) => (m.message as { i: number }).i),
        ...(dlq?.entries.map((e) => e.record.offset) ?? []),
      ]);
      for (let offset = 0; offset < next; offset++) {
        if (!done.has(offset) && !skipped.has(offset)) early.push(`${key}@${offset}`);
      }
    },
    failed: (failure) => failures.push(failure),
  };
  const skipped = new Set<number>();
  return { progress, settled, failures, early, skipped };
}

const values =
  (bad: Record<number, string> = {}) =>
  (i: number) =>
    bad[i] ?? JSON.stringify({ i });
const soon = () => ({ deadline: Date.now() + 10_000 });

describe('the progress hook', () => {
  it('reports each partition’s settled offset as requests are acknowledged, increasing, never ahead of AEP', async () => {
    const aep = await emulator({ latencyMs: 5 });
    const seen = recorder(aep);
    const event = kafkaEvent({ count: 120, partitions: 1, topic: 't', value: values() });

    const response = await task(aep).process(event, { ...soon(), progress: seen.progress });

    expect(response).toBeUndefined();
    const nexts = seen.settled.get('t-0') ?? [];
    expect(nexts.length).toBeGreaterThan(1);
    expect(nexts).toEqual([...nexts].sort((a, b) => a - b));
    expect(new Set(nexts).size).toBe(nexts.length);
    expect(nexts.at(-1)).toBe(120);
    expect(seen.early).toEqual([]);
    expect(seen.failures).toEqual([]);
  });

  it('reports what went out in requests as each leaves, increasing, never behind what settled and never past AEP', async () => {
    const aep = await emulator({ latencyMs: 5 });
    const seen = recorder(aep);
    const sent: number[] = [];
    const received: number[] = [];
    const event = kafkaEvent({ count: 120, partitions: 1, topic: 't', value: values() });
    await task(aep).process(event, {
      ...soon(),
      progress: {
        ...seen.progress,
        sending(topic, partition, next) {
          expect(`${topic}-${partition}`).toBe('t-0');
          sent.push(next);
          received.push(aep.messages.length);
        },
      },
    });
    // One report per request of 10 messages, each reaching 10 records further.
    expect(sent).toEqual(Array.from({ length: 12 }, (_, k) => 10 * (k + 1)));
    // A request is reported before AEP has it: what a crash may duplicate is bounded by it.
    expect(received.every((n, k) => n <= 10 * k)).toBe(true);
    const settled = seen.settled.get('t-0') ?? [];
    expect(settled.at(-1)).toBe(120);
  });

  it('with concurrent requests and one failing, settles nothing past the failure though AEP took later requests', async () => {
    const aep = await emulator({ latencyMs: 5 });
    // The second request to arrive answers 503, and one attempt is all there is.
    aep.enqueue({ delayMs: 0 }, { status: 503 });
    const seen = recorder(aep);
    const event = kafkaEvent({ count: 100, topic: 't', value: values() });

    const response = await task(aep, { 'aep.connection.maxRetries': '1' }).process(event, {
      ...soon(),
      progress: seen.progress,
    });

    const taken = new Set(aep.messages.map((m) => (m.message as { i: number }).i));
    const firstMissing = [...Array(100).keys()].find((i) => !taken.has(i)) as number;
    expect(firstMissing).toBeDefined();
    expect([...taken].some((i) => i > firstMissing + 10)).toBe(true); // later requests were delivered meanwhile
    expect(Math.max(...(seen.settled.get('t-0') ?? [0]))).toBe(firstMissing);
    expect(seen.early).toEqual([]);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: firstMissing } }],
    });
    expect(seen.failures).toEqual([
      expect.objectContaining({
        topic: 't',
        partition: 0,
        offset: firstMissing,
        stage: 'TASK_PUT',
        healable: true,
      }),
    ]);
    expect(seen.failures[0]?.reason).toContain('503');
  });

  it('reports an AEP per-message 400 under errors.tolerance=none as a failure retrying cannot heal', async () => {
    const aep = await emulator({
      rejectMessage: (m) => ((m as { i: number }).i === 25 ? 'bad event' : undefined),
    });
    const seen = recorder(aep);
    const event = kafkaEvent({ count: 40, topic: 't', value: values() });

    const response = await task(aep).process(event, { ...soon(), progress: seen.progress });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 25 } }] });
    expect(Math.max(...(seen.settled.get('t-0') ?? [0]))).toBe(25);
    expect(seen.failures).toEqual([
      expect.objectContaining({ topic: 't', partition: 0, offset: 25, stage: 'TASK_PUT', healable: false }),
    ]);
    expect(seen.failures[0]?.reason).toContain('bad event');
  });

  it('reports a record that does not convert under errors.tolerance=none with its stage, per partition', async () => {
    const aep = await emulator();
    const seen = recorder(aep);
    const event = kafkaEvent({ count: 20, partitions: 2, topic: 't', value: values({ 3: 'not json' }) });

    await task(aep).process(event, { ...soon(), progress: seen.progress });

    expect(seen.settled.get('t-0')?.at(-1)).toBe(3);
    expect(seen.settled.get('t-1')?.at(-1)).toBe(10);
    expect(seen.failures).toEqual([
      expect.objectContaining({
        topic: 't',
        partition: 0,
        offset: 3,
        stage: 'VALUE_CONVERTER',
        healable: false,
      }),
    ]);
  });

  it('under errors.tolerance=all settles a bad record only once it is in the dead letter queue', async () => {
    const aep = await emulator();
    const dlq = new MemoryDeadLetterQueue();
    const seen = recorder(aep, dlq);
    const event = kafkaEvent({ count: 30, topic: 't', value: values({ 4: '{' }) });

    await task(aep, { 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq' }, dlq).process(
      event,
      { ...soon(), progress: seen.progress },
    );

    expect(dlq.entries.map((e) => e.record.offset)).toEqual([4]);
    const nexts = seen.settled.get('t-0') ?? [];
    expect(nexts.at(-1)).toBe(30);
    expect(nexts.filter((n) => n > 4 && n < 30)).toEqual([]); // stuck at 4 until the dead letter write
    expect(seen.early).toEqual([]);
    expect(seen.failures).toEqual([]);
  });

  it('names the partitions of an invocation whose connector config is invalid, not healable', async () => {
    const failures: PartitionFailure[] = [];
    const handler = createSinkHandler({
      configSource: {
        get: async () => ({ name: 'aep', config: { 'aep.endpoint': 'not a url' }, version: 1 }),
      },
      createSender: (c) => createAepSender(c, { allowedHosts: ['127.0.0.1'] }),
    });
    const event = kafkaEvent({ count: 4, partitions: 2, topic: 't', firstOffset: 7 });
    const context = {
      ...lambdaContext(),
      progress: { settled() {}, failed: (f: PartitionFailure) => failures.push(f) },
    };

    await expect(handler(event, context)).rejects.toThrow('aep.endpoint');

    expect(failures.map((f) => [f.topic, f.partition, f.offset, f.stage, f.healable])).toEqual([
      ['t', 0, 7, 'TASK_START', false],
      ['t', 1, 7, 'TASK_START', false],
    ]);
    expect(failures[0]?.reason).toContain('aep.endpoint');
  });
});

describe('a graceful stop', () => {
  it('starts no request after the stop, lets those in flight end, and reports what settled', async () => {
    const aep = await emulator({ latencyMs: 30 });
    const stop = new AbortController();
    const seen = recorder(aep);
    const progress: SinkProgress = {
      settled(topic, partition, next) {
        seen.progress.settled(topic, partition, next);
        stop.abort();
      },
      failed: seen.progress.failed,
    };
    const event = kafkaEvent({ count: 200, topic: 't', value: values() });

    const response = await task(aep).process(event, { ...soon(), progress, stop: stop.signal });

    const taken = aep.messages.map((m) => (m.message as { i: number }).i).sort((a, b) => a - b);
    const resume = response?.batchItemFailures[0]?.itemIdentifier.offset as number;
    expect(resume).toBeGreaterThan(0);
    expect(resume).toBeLessThan(200);
    expect(taken).toEqual([...Array(resume).keys()]); // in-flight requests ended; nothing after them was sent
    expect(aep.requests.every((r) => r.outcome === 'answered')).toBe(true);
    expect(seen.settled.get('t-0')?.at(-1)).toBe(resume);
    expect(seen.failures).toEqual([expect.objectContaining({ offset: resume, healable: true })]);
  });
});

describe('records AEP took after a partition’s resume point', () => {
  it('are not sent again when the batch after an offsets reset past an AEP-rejected record brings them back', async () => {
    const aep = await emulator({
      rejectMessage: (m) => ((m as { i: number }).i === 12 ? 'bad event' : undefined),
    });
    const sink = task(aep, { 'aep.max.messages.per.request': '100' });
    const taken = () => aep.messages.map((m) => (m.message as { i: number }).i);

    // errors.tolerance=none: the partition stops at 12, but AEP took 13…29 in the same request.
    const first = await sink.process(kafkaEvent({ count: 30, topic: 't', value: values() }), soon());
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 12 } }] });
    expect(taken()).toEqual([...Array(30).keys()].filter((i) => i !== 12));

    // The same offsets again (the retry): 12 is sent again (and refused again), 13…29 are not.
    const seen = recorder(aep);
    const retry = kafkaEvent({
      count: 18,
      firstOffset: 12,
      topic: 't',
      value: (i) => JSON.stringify({ i: i + 12 }),
    });
    expect(await sink.process(retry, { ...soon(), progress: seen.progress })).toEqual(first);
    expect(taken()).toHaveLength(29);

    // After the offsets are moved past the bad record: nothing is sent again, and the partition is settled at once.
    const skipped = kafkaEvent({
      count: 20,
      firstOffset: 13,
      topic: 't',
      value: (i) => JSON.stringify({ i: i + 13 }),
    });
    const after = recorder(aep);
    after.skipped.add(12);
    expect(await sink.process(skipped, { ...soon(), progress: after.progress })).toBeUndefined();
    expect(taken()).toEqual([...[...Array(30).keys()].filter((i) => i !== 12), 30, 31, 32]);
    expect(after.settled.get('t-0')?.at(-1)).toBe(33);
    expect(after.early).toEqual([]);
  });

  it('are not sent again after a failed request among concurrent ones, and a replay from further back sends all', async () => {
    const aep = await emulator({ latencyMs: 5 });
    aep.enqueue({ delayMs: 0 }, { status: 503 });
    const sink = task(aep, { 'aep.connection.maxRetries': '1' });
    const event = kafkaEvent({ count: 100, topic: 't', value: values() });

    const first = await sink.process(event, soon());
    const resume = first?.batchItemFailures[0]?.itemIdentifier.offset as number;
    const takenFirst = aep.messages.length;
    expect(takenFirst).toBe(90);

    // The mapping delivers again from the resume offset: only the 10 records of the failed request are sent.
    const retry = kafkaEvent({
      count: 100 - resume,
      firstOffset: resume,
      topic: 't',
      value: (i) => JSON.stringify({ i: i + resume }),
    });
    expect(await sink.process(retry, soon())).toBeUndefined();
    const ids = aep.messages.map((m) => (m.message as { i: number }).i);
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);

    // A replay from before (offsets reset further back) is delivered in full, as asked.
    expect(await sink.process(event, soon())).toBeUndefined();
    expect(aep.messages).toHaveLength(200);
  });
});
