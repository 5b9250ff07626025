// Offset bookkeeping without a broker: duplicates after a refetch, partial batch responses, what is committed.
import { describe, expect, it } from 'vitest';
import type { BatchPart } from '../../../../shared/mappings/local/batching.ts';
import { InvocationError } from '../../../../shared/mappings/local/index.ts';
import {
  enqueue,
  markDelivered,
  OffsetCommitter,
  type PartitionPosition,
  pastParts,
  resumeOffsets,
  settleParts,
} from '../../../../shared/mappings/local/offsets.ts';
import type { EsmRecord } from '../../../../shared/records/types.ts';

const record = (partition: number, offset: number): EsmRecord => ({
  topic: 't',
  partition,
  offset,
  timestamp: 0,
  timestampType: 'CREATE_TIME',
});

function position(partition: number): PartitionPosition {
  return {
    topic: 't',
    partition,
    key: `t-${partition}`,
    records: [],
    since: 0,
    locked: true,
    assigned: true,
    delivered: -1,
  };
}

const part = (q: PartitionPosition, from: number, to: number): BatchPart<PartitionPosition> => ({
  queue: q,
  records: Array.from({ length: to - from + 1 }, (_, i) => record(q.partition, from + i)),
});

describe('enqueue and markDelivered', () => {
  it('leaves out records already delivered or already waiting when kafkajs fetches them again', () => {
    const q = position(0);
    expect(
      enqueue(
        q,
        [0, 1, 2].map((o) => record(0, o)),
      ),
    ).toBe(3);
    expect(
      enqueue(
        q,
        [1, 2, 3].map((o) => record(0, o)),
      ),
    ).toBe(1);
    markDelivered(q, 2);
    expect(q.records.map((r) => r.offset)).toEqual([2, 3]);
    q.records = [];
    expect(
      enqueue(
        q,
        [0, 1, 2].map((o) => record(0, o)),
      ),
    ).toBe(1);
  });

  it('never moves the delivered position back', () => {
    const q = position(0);
    markDelivered(q, 10);
    markDelivered(q, 4);
    expect(q.delivered).toBe(10);
  });
});

describe('resumeOffsets', () => {
  const p0 = position(0);
  const p1 = position(1);
  const parts = [part(p0, 0, 9), part(p1, 20, 29)];

  it('maps each named partition to its lowest named offset', () => {
    const items = [
      { itemIdentifier: { partition: 't-0', offset: 7 } },
      { itemIdentifier: { partition: 't-0', offset: 4 } },
      { itemIdentifier: { partition: 't-1', offset: '25' } },
    ];
    expect(resumeOffsets(items, parts, 'aep')).toEqual(
      new Map([
        ['t-0', 4],
        ['t-1', 25],
      ]),
    );
  });

  it('fails the whole batch when an identifier names a partition or offset not in it, as Lambda does', () => {
    for (const itemIdentifier of [{ partition: 't-2', offset: 0 }, { partition: 't-0', offset: 10 }, {}]) {
      expect(() => resumeOffsets([{ itemIdentifier }], parts, 'aep')).toThrow(InvocationError);
    }
    expect(() => resumeOffsets([{ itemIdentifier: { partition: 't-0', offset: 10 } }], parts, 'aep')).toThrow(
      /t-0@10, which is not in the batch/,
    );
  });
});

describe('settleParts', () => {
  it('commits a partition with no resume offset past its last record, and one with a resume offset up to it', () => {
    const p0 = position(0);
    const p1 = position(1);
    const { commits, delivered, retry } = settleParts(
      [part(p0, 0, 9), part(p1, 20, 29)],
      new Map([['t-1', 24]]),
    );
    expect(commits.map((c) => [c.queue.key, c.next])).toEqual([
      ['t-0', 10],
      ['t-1', 24],
    ]);
    expect(delivered).toBe(14);
    expect(retry.map((r) => [r.queue.key, r.records.map((x) => x.offset)])).toEqual([
      ['t-1', [24, 25, 26, 27, 28, 29]],
    ]);
  });

  it('commits nothing for a partition that failed at its first record', () => {
    const p0 = position(0);
    const { commits, delivered, retry } = settleParts([part(p0, 5, 9)], new Map([['t-0', 5]]));
    expect(commits).toEqual([]);
    expect(delivered).toBe(0);
    expect(retry[0]?.records).toHaveLength(5);
  });

  it('commits past the last record of parts given up on', () => {
    expect(pastParts([part(position(3), 40, 49)]).map((c) => c.next)).toEqual([50]);
  });
});

describe('OffsetCommitter', () => {
  it('commits the next offset to read, only for partitions still assigned', async () => {
    const committed: unknown[] = [];
    const committer = new OffsetCommitter(
      async (o) => {
        committed.push(o);
      },
      () => {},
    );
    const kept = position(0);
    const moved = position(1);
    moved.assigned = false;
    await committer.commit([
      { queue: kept, next: 10 },
      { queue: moved, next: 30 },
    ]);
    expect(committed).toEqual([[{ topic: 't', partition: 0, offset: '10' }]]);
    await committer.commit([{ queue: moved, next: 31 }]);
    expect(committed).toHaveLength(1);
  });

  it('reports a failed commit (the records may be delivered again) instead of throwing', async () => {
    const warnings: string[] = [];
    const committer = new OffsetCommitter(
      async () => {
        throw new Error('The coordinator is not aware of this member');
      },
      (m) => warnings.push(m),
    );
    await committer.commit([{ queue: position(2), next: 7 }]);
    expect(warnings).toEqual([
      'could not commit t-2@7: The coordinator is not aware of this member; those records may be delivered again',
    ]);
  });
});
