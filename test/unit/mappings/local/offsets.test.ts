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
    bytes: 0,
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

describe('pastParts', () => {
  it('commits past the last record of parts given up on', () => {
    expect(pastParts([part(position(3), 40, 49)]).map((c) => c.next)).toEqual([50]);
  });
});

describe('OffsetCommitter', () => {
  /** A commit function that resolves when the test says so, recording what it was asked. */
  function broker() {
    const calls: Array<Array<{ topic: string; partition: number; offset: string }>> = [];
    const answers: Array<(error?: Error) => void> = [];
    const commit = (offsets: Array<{ topic: string; partition: number; offset: string }>) => {
      calls.push(offsets);
      return new Promise<void>((resolve, reject) => answers.push((e) => (e ? reject(e) : resolve())));
    };
    const answer = async (error?: Error) => {
      answers.shift()?.(error);
      await new Promise((r) => setImmediate(r));
    };
    return { calls, commit, answer };
  }

  it('commits the next offset to read at once, without the caller waiting', () => {
    const b = broker();
    const committer = new OffsetCommitter(b.commit, { failed() {} });
    committer.request([{ queue: position(0), next: 10 }]);
    expect(b.calls).toEqual([[{ topic: 't', partition: 0, offset: '10' }]]);
  });

  it('coalesces what settles during a commit into one next commit, the highest offset per partition', async () => {
    const b = broker();
    const committed: string[] = [];
    const committer = new OffsetCommitter(b.commit, {
      committed: (c) => committed.push(c.map((x) => `${x.queue.key}@${x.next}`).join(',')),
      failed() {},
    });
    const p0 = position(0);
    const p1 = position(1);
    committer.request([{ queue: p0, next: 10 }]);
    committer.request([{ queue: p0, next: 20 }]);
    committer.request([{ queue: p1, next: 5 }]);
    committer.request([{ queue: p0, next: 30 }]);
    expect(b.calls).toHaveLength(1);
    await b.answer();
    expect(b.calls[1]).toEqual([
      { topic: 't', partition: 0, offset: '30' },
      { topic: 't', partition: 1, offset: '5' },
    ]);
    await b.answer();
    expect(committed).toEqual(['t-0@10', 't-0@30,t-1@5']);
    expect(committer.pending).toEqual([]);
  });

  it('commits only partitions still assigned', async () => {
    const b = broker();
    const committer = new OffsetCommitter(b.commit, { failed() {} });
    const kept = position(0);
    const moved = position(1);
    moved.assigned = false;
    committer.request([
      { queue: kept, next: 10 },
      { queue: moved, next: 30 },
    ]);
    expect(b.calls).toEqual([[{ topic: 't', partition: 0, offset: '10' }]]);
    await b.answer();
    committer.request([{ queue: moved, next: 31 }]);
    expect(b.calls).toHaveLength(1);
  });

  it('reports a refused commit and commits it again with the next one, unless a later offset supersedes it', async () => {
    const b = broker();
    const failures: string[] = [];
    const committer = new OffsetCommitter(b.commit, {
      failed: (c, e) => failures.push(`${c.map((x) => `${x.queue.key}@${x.next}`).join(',')}: ${e.message}`),
    });
    const p0 = position(0);
    const p2 = position(2);
    committer.request([
      { queue: p0, next: 7 },
      { queue: p2, next: 3 },
    ]);
    await b.answer(new Error('The coordinator is not aware of this member'));
    expect(failures).toEqual(['t-0@7,t-2@3: The coordinator is not aware of this member']);
    committer.request([{ queue: p0, next: 9 }]);
    expect(b.calls[1]).toEqual([
      { topic: 't', partition: 0, offset: '9' },
      { topic: 't', partition: 2, offset: '3' },
    ]);
  });

  it('flush waits for what is in flight, then commits what is left', async () => {
    const b = broker();
    const committer = new OffsetCommitter(b.commit, { failed() {} });
    const p0 = position(0);
    committer.request([{ queue: p0, next: 1 }]);
    committer.request([{ queue: p0, next: 2 }]);
    let flushed = false;
    const flush = committer.flush().then(() => {
      flushed = true;
    });
    await b.answer();
    expect(flushed).toBe(false);
    await b.answer();
    await flush;
    expect(b.calls.map((c) => c[0]?.offset)).toEqual(['1', '2']);
  });
});
