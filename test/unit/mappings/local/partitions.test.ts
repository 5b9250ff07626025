// The partitions a task holds, without a broker: assignment, fetched batches, backpressure on fetching.

import { describe, expect, it } from 'vitest';
import type { EachBatchPayload, KafkaMessage } from '../../../../shared/kafka/index.ts';
import { Batcher } from '../../../../shared/mappings/local/batching.ts';
import { type BufferLimits, Partitions } from '../../../../shared/mappings/local/partitions.ts';

/** kafkajs pause/resume, recorded. */
function fetchControl() {
  const paused = new Set<string>();
  return {
    paused,
    pause: (topics: Array<{ topic: string; partitions: number[] }>) => {
      for (const t of topics) for (const p of t.partitions) paused.add(`${t.topic}-${p}`);
    },
    resume: (topics: Array<{ topic: string; partitions: number[] }>) => {
      for (const t of topics) for (const p of t.partitions) paused.delete(`${t.topic}-${p}`);
    },
  };
}

function fetched(partition: number, from: number, count: number, valueBytes = 100) {
  let resolved: string | undefined;
  const messages = Array.from(
    { length: count },
    (_, i) =>
      ({
        key: null,
        value: Buffer.alloc(valueBytes, 1),
        timestamp: '0',
        attributes: 0,
        offset: String(from + i),
        headers: {},
      }) as KafkaMessage,
  );
  const payload = {
    batch: {
      topic: 't',
      partition,
      highWatermark: String(from + count + 10),
      messages,
      lastOffset: () => String(from + count - 1),
    },
    isStale: () => false,
    isRunning: () => true,
    resolveOffset: (offset: string) => {
      resolved = offset;
    },
  } as unknown as EachBatchPayload;
  return { payload, resolved: () => resolved };
}

/** Partitions with `limits` holding `assigned`, pausing and resuming fetches through a recorded `control`. */
function heldPartitions(limits: BufferLimits, assigned: Record<string, number[]>) {
  const control = fetchControl();
  const partitions = new Partitions(limits);
  partitions.attach(control);
  partitions.assign(assigned);
  return { control, partitions };
}

const roomy: BufferLimits = { bytesPerPartition: 1e9, bytesPerTask: 1e9, recordsPerPartition: 1e9 };

describe('Partitions', () => {
  it('takes a fetched batch into memory before marking it consumed, without the records it already has', () => {
    const { partitions } = heldPartitions(roomy, { t: [0] });
    const first = fetched(0, 0, 5);
    expect(partitions.take(first.payload)).toBe(true);
    expect(first.resolved()).toBe('4');
    partitions.take(fetched(0, 3, 5).payload);
    const [state] = [...partitions.values()];
    expect(state?.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(partitions.lag).toBe(18);
  });

  it('leaves a batch of a partition it does not hold unconsumed, so it is fetched again', () => {
    const { partitions } = heldPartitions(roomy, { t: [0] });
    const other = fetched(1, 0, 5);
    expect(partitions.take(other.payload)).toBe(false);
    expect(other.resolved()).toBeUndefined();
  });

  it('pauses a partition once its waiting bytes reach its share of the task limit, and resumes it once drained', () => {
    const { control, partitions } = heldPartitions({ ...roomy, bytesPerTask: 20_000 }, { t: [0, 1] });
    partitions.take(fetched(0, 0, 30).payload); // about 7 KB, under 20 KB / 2 partitions
    expect(control.paused).toEqual(new Set());
    partitions.take(fetched(0, 30, 20).payload);
    expect(control.paused).toEqual(new Set(['t-0']));
    const batcher = new Batcher({
      batchSize: 10_000,
      batchingWindowMs: 0,
      maxPayloadBytes: 6 * 1024 * 1024,
      envelope: { eventSource: 'SelfManagedKafka', bootstrapServers: 'b:9092' },
    });
    const parts = batcher.take(partitions.values(), Date.now());
    if (!Array.isArray(parts)) throw new Error('expected a batch');
    partitions.drained();
    expect(control.paused).toEqual(new Set());
  });

  it('pauses on the record count too, and pauses every partition while the task is paused', () => {
    const { control, partitions } = heldPartitions({ ...roomy, recordsPerPartition: 10 }, { t: [0, 1] });
    partitions.take(fetched(1, 0, 10).payload);
    expect(control.paused).toEqual(new Set(['t-1']));
    partitions.pauseAll(true);
    expect(control.paused).toEqual(new Set(['t-0', 't-1']));
    partitions.pauseAll(false);
    expect(control.paused).toEqual(new Set(['t-1']));
  });

  it('lets partitions go on to twice their limit rather than pause them all (kafkajs would then sleep)', () => {
    const { control, partitions } = heldPartitions({ ...roomy, recordsPerPartition: 10 }, { t: [0, 1] });
    partitions.take(fetched(0, 0, 10).payload);
    expect(control.paused).toEqual(new Set(['t-0']));
    partitions.take(fetched(1, 0, 10).payload);
    expect(control.paused).toEqual(new Set());
    partitions.take(fetched(1, 10, 10).payload);
    expect(control.paused).toEqual(new Set(['t-1']));
    partitions.take(fetched(0, 10, 10).payload);
    expect(control.paused).toEqual(new Set(['t-0', 't-1']));
  });

  it('reports the partitions a rebalance moved away and keeps one with a batch in flight until it is released', () => {
    const { partitions } = heldPartitions(roomy, { t: [0, 1, 2] });
    const busy = [...partitions.values()].find((p) => p.partition === 1);
    if (!busy) throw new Error('no partition 1');
    busy.locked = true;
    expect(partitions.assign({ t: [0] }).sort()).toEqual(['t-1', 't-2']);
    expect([...partitions.values()].map((p) => [p.key, p.assigned])).toEqual([
      ['t-0', true],
      ['t-1', false],
    ]);
    partitions.release(busy);
    expect([...partitions.values()].map((p) => p.key)).toEqual(['t-0']);
  });

  it('drops waiting records at a rebalance (kafkajs fetches them again from the committed offset)', () => {
    const { partitions } = heldPartitions(roomy, { t: [0] });
    partitions.take(fetched(0, 0, 5).payload);
    partitions.assign({ t: [0] });
    const [state] = [...partitions.values()];
    expect(state?.records).toEqual([]);
    expect(state?.bytes).toBe(0);
  });
});
