// ESM batching without a broker: size, window, 6 MB payload, one batch per partition at a time, rotation.
import { describe, expect, it } from 'vitest';
import { Batcher, type PartitionQueue, waitingBytes } from '../../../../shared/mappings/local/batching.ts';
import type { EventEnvelope } from '../../../../shared/mappings/local/index.ts';
import type { EsmRecord } from '../../../../shared/records/types.ts';

const envelope: EventEnvelope = { eventSource: 'SelfManagedKafka', bootstrapServers: '127.0.0.1:9092' };
const MB6 = 6 * 1024 * 1024;

function record(partition: number, offset: number, valueBytes = 10): EsmRecord {
  return {
    topic: 't',
    partition,
    offset,
    timestamp: 0,
    timestampType: 'CREATE_TIME',
    value: 'x'.repeat(valueBytes),
    headers: [],
  };
}

function queue(partition: number, count: number, since = 0, valueBytes = 10): PartitionQueue {
  const records = Array.from({ length: count }, (_, i) => record(partition, i, valueBytes));
  return {
    topic: 't',
    partition,
    key: `t-${partition}`,
    records,
    bytes: waitingBytes(records),
    since,
    locked: false,
    assigned: true,
  };
}

const batcher = (batchSize: number, batchingWindowMs = 500, maxPayloadBytes = MB6) =>
  new Batcher({ batchSize, batchingWindowMs, maxPayloadBytes, envelope });

describe('Batcher', () => {
  it('waits out the batching window while fewer records than the batch size wait', () => {
    const q = queue(0, 3, 1_000);
    expect(batcher(100).take([q], 1_200)).toBe(300);
    expect(q.records).toHaveLength(3);
    expect(q.locked).toBe(false);
  });

  it('invokes once the window is over, with every waiting record, and locks the partition', () => {
    const q = queue(0, 3, 1_000);
    const parts = batcher(100).take([q], 1_500);
    expect(Array.isArray(parts) && parts.map((p) => p.records.map((r) => r.offset))).toEqual([[0, 1, 2]]);
    expect(q.records).toEqual([]);
    expect(q.locked).toBe(true);
    expect(q.since).toBe(1_500);
  });

  it('invokes at once when the batch size is reached, taking exactly the batch size in offset order', () => {
    const q = queue(0, 250, 1_000);
    const parts = batcher(100).take([q], 1_000);
    if (!Array.isArray(parts)) throw new Error('expected a batch');
    expect(parts[0]?.records.map((r) => r.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(q.records[0]?.offset).toBe(100);
  });

  it('never puts a locked partition (a batch in flight) in another batch, so order per partition holds', () => {
    const q = queue(0, 250, 0);
    const b = batcher(100);
    expect(Array.isArray(b.take([q], 10_000))).toBe(true);
    expect(b.take([q], 10_000)).toBe(1_000);
    q.locked = false;
    const next = b.take([q], 10_000);
    expect(Array.isArray(next) && next[0]?.records[0]?.offset).toBe(100);
  });

  it('fills one event from several partitions up to the batch size while few records wait', () => {
    const parts = batcher(10).take([queue(0, 4), queue(1, 4), queue(2, 4)], 10_000);
    if (!Array.isArray(parts)) throw new Error('expected a batch');
    expect(parts.map((p) => [p.queue.key, p.records.length])).toEqual([
      ['t-0', 4],
      ['t-1', 4],
      ['t-2', 2],
    ]);
  });

  it('starts each batch at the next partition, so a busy partition cannot starve the others', () => {
    const b = batcher(5);
    const queues = [queue(0, 50), queue(1, 50)];
    const firsts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const parts = b.take(queues, 10_000);
      if (!Array.isArray(parts)) throw new Error('expected a batch');
      firsts.push(parts[0]?.queue.key ?? '');
      for (const q of queues) q.locked = false;
    }
    expect(firsts).toEqual(['t-0', 't-1', 't-0', 't-1']);
  });

  it('cuts a batch before the next record would take its event past the payload limit', () => {
    const b = batcher(10_000, 500, 20_000);
    const q = queue(0, 100, 5_000, 1_000);
    const parts = b.take([q], 5_000);
    if (!Array.isArray(parts)) throw new Error('expected a full batch, not a wait');
    const event = b.builder();
    for (const r of parts[0]?.records ?? []) expect(event.add(r)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(event.build()))).toBeLessThanOrEqual(20_000);
    expect(event.add(q.records[0] as EsmRecord)).toBe(false);
  });

  it('puts a record too large for any event in a batch of its own (which then fails naming it)', () => {
    const q = queue(0, 2, 0, 30_000);
    const parts = batcher(100, 500, 20_000).take([q], 10_000);
    expect(Array.isArray(parts) && parts[0]?.records.map((r) => r.offset)).toEqual([0]);
  });

  it('skips partitions a rebalance moved away', () => {
    const q = queue(0, 5);
    q.assigned = false;
    expect(batcher(1).take([q], 10_000)).toBe(1_000);
  });

  it('keeps the waiting bytes of what it leaves behind, so the payload check needs no recount', () => {
    const q = queue(0, 30, 0, 100);
    batcher(10).take([q], 10_000);
    expect(q.bytes).toBe(waitingBytes(q.records));
    q.locked = false;
    batcher(100).take([q], 20_000);
    expect(q.bytes).toBe(0);
  });

  it('gives each partition with a large share an invocation of its own when several may start', () => {
    const b = batcher(10_000);
    const queues = [queue(0, 3_000), queue(1, 3_000), queue(2, 3_000)];
    const batches: string[][] = [];
    for (let slots = 5; slots > 2; slots--) {
      const parts = b.take(queues, 10_000, slots);
      if (!Array.isArray(parts)) throw new Error('expected a batch');
      batches.push(parts.map((p) => `${p.queue.key}:${p.records.length}`));
    }
    expect(batches.sort()).toEqual([['t-0:3000'], ['t-1:3000'], ['t-2:3000']]);
  });

  it('puts partitions in one event when their records are few, however many invocations may start', () => {
    const parts = batcher(10_000).take([queue(0, 200), queue(1, 200), queue(2, 200)], 10_000, 5);
    expect(Array.isArray(parts) && parts.map((p) => p.records.length)).toEqual([200, 200, 200]);
  });

  it('does not wait out the window once what waits would fill the 6 MB payload', () => {
    const q = queue(0, 60, 1_000, 1_000);
    expect(Array.isArray(batcher(10_000, 500, 50_000).take([q], 1_001))).toBe(true);
  });

  it('does not wait out the local default window while the partition has more records in Kafka (a backlog)', () => {
    const q = { ...queue(0, 3, 1_000), highWatermark: 50 };
    const local = new Batcher({
      batchSize: 10_000,
      batchingWindowMs: 50,
      maxPayloadBytes: MB6,
      envelope,
      skipWindowOnBacklog: true,
    });
    expect(Array.isArray(local.take([q], 1_001))).toBe(true);
    // With the window set explicitly, as on an ESM, it waits whatever Kafka holds.
    const esm = new Batcher({ batchSize: 10_000, batchingWindowMs: 50, maxPayloadBytes: MB6, envelope });
    expect(esm.take([{ ...queue(0, 3, 1_000), highWatermark: 50 }], 1_001)).toBe(49);
    // Caught up (the high watermark is just past the last record): the window applies.
    expect(local.take([{ ...queue(0, 3, 1_000), highWatermark: 3 }], 1_001)).toBe(49);
  });
});
