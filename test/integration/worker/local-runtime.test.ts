// The local mapping runtime over the real broker: batches like an ESM, commits only after the handler succeeds,
// retries while blocking the partition, honours partial batch responses, pauses, stops and resumes.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { aliasFromInvokedArn, connectorAliasName } from '../../../shared/identity/index.ts';
import { type Admin, Kafka, logLevel, type Producer } from '../../../shared/kafka/index.ts';
import { SILENT_LOGGER } from '../../../shared/logging/index.ts';
import {
  FAST_RETRY,
  type HostContext,
  LocalMappingRuntime,
  type LocalMappingRuntimeOptions,
} from '../../../shared/mappings/local/index.ts';
import type { ConnectorIntent } from '../../../shared/mappings/types.ts';
import type { KafkaBatchResponse, KafkaEvent } from '../../../shared/records/types.ts';

const bootstrap = inject('kafkaBootstrap');
const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
});
afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

async function topicWith(partitions: number, count: number): Promise<string> {
  const topic = `local-runtime-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const messages = Array.from({ length: count }, (_, i) => ({
    key: `k${i}`,
    value: JSON.stringify({ id: i }),
    partition: i % partitions,
    headers: { trace: `t${i}` },
  }));
  if (messages.length > 0) await producer.send({ topic, messages });
  return topic;
}

type Handler = (event: KafkaEvent, context: Context) => Promise<KafkaBatchResponse | undefined>;

/** A runtime invoking `handler` (other options as given), closed when the test ends (closing it earlier is fine). */
function runtimeWith(handler: Handler, options: Partial<LocalMappingRuntimeOptions> = {}) {
  const runtime = new LocalMappingRuntime({
    invoke: handler,
    consumer: { 'bootstrap.servers': bootstrap },
    workerId: '127.0.0.1:8083',
    functionTimeoutMs: 5_000,
    retry: FAST_RETRY,
    limits: { reconnectDelayMs: 200, stopGraceMs: 2_000 },
    logger: SILENT_LOGGER,
    ...options,
  });
  onTestFinished(() => runtime.close());
  return runtime;
}

function intentFor(topic: string, extra: Record<string, string> = {}): ConnectorIntent {
  const name = `c-${randomUUID()}`;
  return {
    name,
    config: { name, 'connector.class': 'AEPSink', topics: topic, 'esm.batch.size': '50', ...extra },
    targetState: 'STARTED',
    mappings: [],
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ids = (event: KafkaEvent) =>
  Object.values(event.records)
    .flat()
    .map((r) => JSON.parse(Buffer.from(r.value ?? '', 'base64').toString()).id as number);

/** A handler that appends the ids of the records of every event to `delivered`, and succeeds. */
function collectingInto(delivered: number[]): Handler {
  return async (event) => {
    delivered.push(...ids(event));
    return undefined;
  };
}

/** Waits until task 0 of the connector is in `state`. */
async function untilTaskState(runtime: LocalMappingRuntime, intent: ConnectorIntent, state: string) {
  await until(async () => (await runtime.status(intent)).tasks[0]?.state === state);
}

/** A connector on a new empty topic whose task is RUNNING, collecting the ids it is given into `delivered`. */
async function runningOnEmptyTopic() {
  const topic = await topicWith(1, 0);
  const delivered: number[] = [];
  const runtime = runtimeWith(collectingInto(delivered));
  const intent = intentFor(topic);
  await runtime.apply(intent);
  await untilTaskState(runtime, intent, 'RUNNING');
  return { topic, delivered, runtime, intent };
}

async function committed(groupId: string, topic: string): Promise<Record<number, number>> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

describe('LocalMappingRuntime', () => {
  it('delivers every record in ESM batches, in partition order, and commits them', async () => {
    const topic = await topicWith(3, 300);
    const events: Array<{ event: KafkaEvent; context: Context }> = [];
    const runtime = runtimeWith(async (event, context) => {
      events.push({ event, context });
      return undefined;
    });
    const intent = intentFor(topic);
    await runtime.apply(intent);
    await until(() => events.reduce((n, e) => n + ids(e.event).length, 0) >= 300);
    const all = events.flatMap((e) => ids(e.event));
    expect(new Set(all).size).toBe(300);
    for (const { event, context } of events) {
      expect(event.eventSource).toBe('SelfManagedKafka');
      expect(event.bootstrapServers).toBe(bootstrap);
      expect(Object.values(event.records).flat().length).toBeLessThanOrEqual(50);
      expect(aliasFromInvokedArn(context.invokedFunctionArn)).toBe(connectorAliasName(intent.name));
      expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(5_000);
      for (const [key, records] of Object.entries(event.records)) {
        expect(key).toBe(`${topic}-${records[0]?.partition}`);
        const offsets = records.map((r) => r.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      }
    }
    // per partition, ids arrive in production order
    for (const p of [0, 1, 2]) {
      const inPartition = all.filter((id) => id % 3 === p);
      expect(inPartition).toEqual([...inPartition].sort((a, b) => a - b));
    }
    await until(async () =>
      Object.values(await committed(`connect-${intent.name}`, topic)).every((o) => o === 100),
    );
    expect((await runtime.status(intent)).tasks).toEqual([{ id: 0, state: 'RUNNING' }]);
  });

  it('retries a failing batch without committing it, then delivers it once the handler succeeds', async () => {
    const topic = await topicWith(1, 10);
    let calls = 0;
    const delivered: number[] = [];
    const runtime = runtimeWith(async (event) => {
      calls++;
      if (calls <= 3) throw new Error('AEP is down');
      delivered.push(...ids(event));
      return undefined;
    });
    const intent = intentFor(topic, { 'errors.retry.timeout': '-1' });
    await runtime.apply(intent);
    await until(() => calls >= 2);
    expect(await committed(`connect-${intent.name}`, topic)).toEqual({ 0: -1 });
    await until(() => delivered.length === 10);
    expect(delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await until(async () => (await committed(`connect-${intent.name}`, topic))[0] === 10);
  });

  it('resumes a partition from the offset a partial batch response names', async () => {
    const topic = await topicWith(1, 10);
    const batches: number[][] = [];
    const runtime = runtimeWith(async (event) => {
      const got = ids(event);
      batches.push(got);
      if (batches.length === 1) {
        return { batchItemFailures: [{ itemIdentifier: { partition: `${topic}-0`, offset: 4 } }] };
      }
      return undefined;
    });
    const intent = intentFor(topic, {
      'esm.report.batch.item.failures': 'true',
      'errors.retry.timeout': '-1',
    });
    await runtime.apply(intent);
    await until(() => batches.length >= 2);
    expect(batches[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches[1]).toEqual([4, 5, 6, 7, 8, 9]);
    await until(async () => (await committed(`connect-${intent.name}`, topic))[0] === 10);
  });

  it('sends records to a kafka:// on-failure destination once retries are exhausted', async () => {
    const topic = await topicWith(1, 3);
    const dlq = await topicWith(1, 0);
    let calls = 0;
    const runtime = runtimeWith(async () => {
      calls++;
      throw new Error('rejected');
    });
    const intent = intentFor(topic, {
      'esm.maximum.retry.attempts': '1',
      'esm.on.failure.destination': `kafka://${dlq}`,
    });
    await runtime.apply(intent);
    await until(async () => (await committed(`connect-${intent.name}`, topic))[0] === 3);
    expect(calls).toBe(2);
    const [end] = await admin.fetchTopicOffsets(dlq);
    expect(Number(end?.high)).toBe(3);
  });

  it('writes batches that give up at once through one on-failure producer, closed with the connector', async () => {
    const topic = await topicWith(3, 3);
    const dlq = await topicWith(1, 0);
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    const runtime = runtimeWith(async () => {
      throw new Error('rejected');
    });
    // One record per batch: three batches (one per partition) fail and give up together.
    const intent = intentFor(topic, {
      'esm.batch.size': '1',
      'esm.maximum.retry.attempts': '0',
      'esm.on.failure.destination': `kafka://${dlq}`,
    });
    await runtime.apply(intent);
    await until(async () =>
      Object.values(await committed(`connect-${intent.name}`, topic)).every((o) => o === 1),
    );
    const [end] = await admin.fetchTopicOffsets(dlq);
    expect(Number(end?.high)).toBe(3);
    await runtime.close();
    // Every connection the connector opened (consumers, the on-failure producer) is closed again.
    await until(() => sockets() <= before, 5_000);
  });

  it('does not commit a batch whose partition a rebalance moved to another consumer meanwhile', async () => {
    const topic = await topicWith(1, 10);
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let invoked = false;
    const runtime = runtimeWith(async () => {
      invoked = true;
      await released;
      return undefined;
    });
    const intent = intentFor(topic, { 'esm.batch.size': '5' });
    const group = `connect-${intent.name}`;
    await runtime.apply(intent);
    // A consumer that sorts first in the group takes the partition over, reads everything and commits it.
    const other = new Kafka({
      brokers: [bootstrap],
      clientId: 'a-other',
      logLevel: logLevel.NOTHING,
    }).consumer({
      groupId: group,
    });
    try {
      await until(() => invoked);
      await other.connect();
      await other.subscribe({ topics: [topic], fromBeginning: true });
      await other.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          await other.commitOffsets([
            { topic, partition: 0, offset: String(Number(batch.lastOffset()) + 1) },
          ]);
        },
      });
      await until(async () => (await committed(group, topic))[0] === 10);
      // The first task's batch (offsets 0..4) ends after it lost the partition: committing 5 would move the group
      // back behind what the new owner delivered.
      release();
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await committed(group, topic))[0]).toBe(10);
    } finally {
      release();
      await other.disconnect();
      await runtime.close();
    }
  });

  it('stops invoking while paused and continues after resume', async () => {
    const { topic, delivered, runtime, intent } = await runningOnEmptyTopic();
    const paused = { ...intent, targetState: 'PAUSED' as const };
    await runtime.apply(paused);
    await untilTaskState(runtime, paused, 'PAUSED');
    await producer.send({ topic, messages: [{ value: JSON.stringify({ id: 1 }) }] });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(delivered).toEqual([]);
    await runtime.apply(intent);
    await until(() => delivered.length === 1);
    const stopped = { ...intent, targetState: 'STOPPED' as const };
    await runtime.apply(stopped);
    expect(await runtime.status(stopped)).toMatchObject({ connector: { state: 'STOPPED' }, tasks: [] });
  });

  it('lists a topic as active only once a task consumed from it, and forgets it on reset (Connect topic tracking)', async () => {
    const { topic, delivered, runtime, intent } = await runningOnEmptyTopic();
    expect(await runtime.activeTopics(intent)).toEqual([]);
    await producer.send({ topic, messages: [{ value: JSON.stringify({ id: 1 }) }] });
    await until(() => delivered.length === 1);
    expect(await runtime.activeTopics(intent)).toEqual([topic]);
    await runtime.resetActiveTopics(intent);
    expect(await runtime.activeTopics(intent)).toEqual([]);
  });

  it('splits batches so no event exceeds the 6 MB invocation payload', async () => {
    const topic = await topicWith(1, 0);
    for (let id = 0; id < 12; id++) {
      // one send per record: a record batch must stay under the broker's 1 MB message.max.bytes
      await producer.send({ topic, messages: [{ value: JSON.stringify({ id, pad: 'x'.repeat(900_000) }) }] });
    }
    const sizes: number[] = [];
    const delivered: number[] = [];
    const runtime = runtimeWith(async (event) => {
      sizes.push(Buffer.byteLength(JSON.stringify(event)));
      delivered.push(...ids(event));
      return undefined;
    });
    const intent = intentFor(topic);
    await runtime.apply(intent);
    await until(() => delivered.length === 12);
    expect(delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it('subscribes by topics.regex and runs tasks.max consumers in the group', async () => {
    const prefix = `regex-${randomUUID()}`;
    for (const suffix of ['a', 'b']) {
      await admin.createTopics({
        topics: [{ topic: `${prefix}-${suffix}`, numPartitions: 2 }],
        waitForLeaders: true,
      });
      await producer.send({
        topic: `${prefix}-${suffix}`,
        messages: [0, 1, 2, 3].map((i) => ({ value: JSON.stringify({ id: i }), partition: i % 2 })),
      });
    }
    const delivered: number[] = [];
    const runtime = runtimeWith(collectingInto(delivered));
    const name = `c-${randomUUID()}`;
    const intent: ConnectorIntent = {
      name,
      config: { name, 'connector.class': 'AEPSink', 'topics.regex': `${prefix}-.*`, 'tasks.max': '2' },
      targetState: 'STARTED',
      mappings: [],
    };
    await runtime.apply(intent);
    await until(() => delivered.length === 8);
    await until(async () => (await runtime.status(intent)).tasks.every((t) => t.state === 'RUNNING'));
    expect((await runtime.status(intent)).tasks.map((t) => t.id)).toEqual([0, 1]);
    expect(await runtime.activeTopics(intent)).toEqual([`${prefix}-a`, `${prefix}-b`]);
  });

  it('starts AT_TIMESTAMP a new group at the first record from that time', async () => {
    const topic = await topicWith(1, 5);
    await new Promise((r) => setTimeout(r, 50));
    const from = new Date();
    await new Promise((r) => setTimeout(r, 50));
    await producer.send({ topic, messages: [5, 6, 7].map((id) => ({ value: JSON.stringify({ id }) })) });
    const delivered: number[] = [];
    const runtime = runtimeWith(collectingInto(delivered));
    const intent = intentFor(topic, {
      'esm.starting.position': 'AT_TIMESTAMP',
      'esm.starting.position.timestamp': from.toISOString(),
    });
    await runtime.apply(intent);
    await until(() => delivered.length === 3);
    expect(delivered).toEqual([5, 6, 7]);
  });

  it('fails a task on a record no event can carry, and a restart of failed tasks runs it again', async () => {
    const topic = await topicWith(1, 0);
    await producer.send({ topic, messages: [{ value: JSON.stringify({ id: 0, pad: 'x'.repeat(5_000) }) }] });
    let calls = 0;
    const failures: string[] = [];
    const runtime = runtimeWith(
      async () => {
        calls++;
        return undefined;
      },
      {
        limits: { maxPayloadBytes: 4_000, reconnectDelayMs: 200 },
        logger: { ...SILENT_LOGGER, warn: (m) => failures.push(m) },
      },
    );
    const intent = intentFor(topic);
    await runtime.apply(intent);
    await untilTaskState(runtime, intent, 'FAILED');
    const [failed] = (await runtime.status(intent)).tasks;
    expect(failed?.trace).toContain(`${topic}-0@0`);
    expect(calls).toBe(0);
    expect((await committed(`connect-${intent.name}`, topic))[0]).toBe(-1);
    const failedOnce = failures.filter((m) => m.includes('FAILED')).length;
    expect(failedOnce).toBe(1);
    // the restarted task consumes the record again and fails on it again (it stays uncommitted)
    await runtime.restart(intent, { includeTasks: true, onlyFailed: true });
    await until(() => failures.filter((m) => m.includes('FAILED')).length === 2);
    expect(calls).toBe(0);
  });

  it('applies racing changes of one connector one after the other, so no replaced consumer stays behind', async () => {
    const topic = await topicWith(1, 0);
    const runtime = runtimeWith(async () => undefined);
    const intent = intentFor(topic);
    const group = `connect-${intent.name}`;
    const members = async () => (await admin.describeGroups([group])).groups[0]?.members.length ?? 0;
    await runtime.apply(intent);
    await untilTaskState(runtime, intent, 'RUNNING');
    // Two config changes at once (a PUT racing the herder's reconcile), then a delete.
    const withBatch = (size: string) => ({
      ...intent,
      config: { ...intent.config, 'esm.batch.size': size },
    });
    await Promise.all([runtime.apply(withBatch('10')), runtime.apply(withBatch('20'))]);
    await runtime.remove(intent);
    // A consumer of a replaced run would join the group after the delete and consume for a deleted connector.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await members()).toBe(0);
  });

  it('reports an unreachable broker as a FAILED task with a hint, without throwing', async () => {
    const runtime = runtimeWith(async () => undefined, {
      consumer: { 'bootstrap.servers': '127.0.0.1:1', 'socket.connection.setup.timeout.ms': '200' },
      limits: { reconnectDelayMs: 200 },
    });
    const intent = intentFor('nowhere');
    await runtime.apply(intent);
    await untilTaskState(runtime, intent, 'FAILED');
    const [task] = (await runtime.status(intent)).tasks;
    expect(task?.trace).toContain('bash scripts/kafka.sh start');
  });
});

// What the local runtime does beyond an ESM: partitions delivered concurrently, commits as the sink settles records,
// a graceful stop that commits what settled.
describe('LocalMappingRuntime concurrency and commits', () => {
  type HostedContext = Context & HostContext;
  const groups = (event: KafkaEvent) => Object.values(event.records).filter((r) => r.length > 0);

  it('delivers partitions concurrently while one keeps failing: its offsets stay put, the others advance', async () => {
    const topic = await topicWith(3, 3_000);
    let healed = false;
    let inFlight = 0;
    let maxInFlight = 0;
    const busy = new Set<string>();
    const overlapping: string[] = [];
    const order: Record<number, number[]> = { 0: [], 1: [], 2: [] };
    const runtime = runtimeWith(async (event, context) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const keys = Object.keys(event.records);
      for (const key of keys) if (busy.has(key)) overlapping.push(key);
      for (const key of keys) busy.add(key);
      try {
        await new Promise((r) => setTimeout(r, 20));
        // As the sink does: partitions whose requests AEP took are settled, the failing one fails the invocation.
        let failing = false;
        for (const group of groups(event)) {
          const partition = group[0]?.partition ?? -1;
          if (partition === 1 && !healed) {
            failing = true;
            continue;
          }
          order[partition]?.push(
            ...group.map((r) => JSON.parse(Buffer.from(r.value ?? '', 'base64').toString()).id),
          );
          (context as HostedContext).progress?.settled(topic, partition, (group.at(-1)?.offset ?? 0) + 1);
        }
        if (failing) throw new Error('AEP refuses partition 1 for now');
        return undefined;
      } finally {
        for (const key of keys) busy.delete(key);
        inFlight--;
      }
    });
    const intent = intentFor(topic, { 'esm.batch.size': '250', 'errors.retry.timeout': '-1' });
    const group = `connect-${intent.name}`;
    await runtime.apply(intent);
    await until(async () => {
      const offsets = await committed(group, topic);
      return offsets[0] === 1_000 && offsets[2] === 1_000;
    });
    expect((await committed(group, topic))[1]).toBe(-1);
    healed = true;
    await until(async () => (await committed(group, topic))[1] === 1_000);
    expect(maxInFlight).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBeLessThanOrEqual(5);
    expect(overlapping).toEqual([]);
    for (const p of [0, 1, 2]) {
      const ids = order[p] ?? [];
      expect(ids).toHaveLength(1_000);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('commits what the sink reports settled while the invocation still runs, and resumes a failed one after it', async () => {
    const topic = await topicWith(1, 100);
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    const batches: number[][] = [];
    const runtime = runtimeWith(async (event, context) => {
      const got = ids(event);
      batches.push(got);
      if (batches.length === 1) {
        (context as HostedContext).progress?.settled(topic, 0, 40);
        await released;
        throw new Error('AEP answered 503 for the rest');
      }
      return undefined;
    });
    const intent = intentFor(topic, { 'esm.batch.size': '100', 'errors.retry.timeout': '-1' });
    const group = `connect-${intent.name}`;
    await runtime.apply(intent);
    try {
      await until(async () => (await committed(group, topic))[0] === 40);
      expect(batches).toHaveLength(1);
      release();
      await until(async () => (await committed(group, topic))[0] === 100);
      // An ESM retries the whole batch; the records AEP acknowledged are not sent again here.
      expect(batches[1]).toEqual(Array.from({ length: 60 }, (_, i) => 40 + i));
    } finally {
      release();
      await runtime.close();
    }
  });

  it('stops gracefully: the invocation under way is told to stop, what it settled is committed, nothing is sent twice', async () => {
    const topic = await topicWith(1, 100);
    const delivered: number[] = [];
    let stopSeen = false;
    const handler = async (event: KafkaEvent, context: HostedContext) => {
      const [group] = groups(event);
      if (!group || !context.stop) throw new Error('expected records and a stop signal');
      const first = group[0]?.offset ?? 0;
      // Deliver ten records at a time until told to stop, as the sink does with AEP requests.
      for (let i = 0; i < group.length; i += 10) {
        if (context.stop.aborted) {
          stopSeen = true;
          return { batchItemFailures: [{ itemIdentifier: { partition: `${topic}-0`, offset: first + i } }] };
        }
        delivered.push(...group.slice(i, i + 10).map((r) => r.offset));
        context.progress?.settled(topic, 0, (group[Math.min(i + 10, group.length) - 1]?.offset ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    };
    const intent = intentFor(topic, { 'esm.batch.size': '100' });
    const group = `connect-${intent.name}`;
    const first = runtimeWith(handler);
    await first.apply(intent);
    await until(() => delivered.length >= 30);
    await first.close();
    expect(stopSeen).toBe(true);
    const stoppedAt = delivered.length;
    expect(stoppedAt).toBeLessThan(100);
    expect((await committed(group, topic))[0]).toBe(stoppedAt);
    const second = runtimeWith(handler);
    await second.apply(intent);
    await until(() => delivered.length >= 100);
    await new Promise((r) => setTimeout(r, 500));
    expect(delivered).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('stops what is under way for a partition a rebalance moves away, after committing what it settled', async () => {
    const topic = await topicWith(2, 40);
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    const stoppedFor: string[] = [];
    const first = runtimeWith(async (event, context) => {
      const hosted = context as HostedContext;
      const [group] = groups(event);
      if (!group) return undefined;
      const { topic: t, partition } = group[0] as { topic: string; partition: number };
      const from = group[0]?.offset ?? 0;
      // Five records reach AEP, then the rest waits (a slow AEP) until the invocation is told to stop.
      hosted.progress?.settled(t, partition, from + 5);
      await Promise.race([
        released,
        new Promise<void>((r) => hosted.stop?.addEventListener('abort', () => r(), { once: true })),
      ]);
      if (!hosted.stop?.aborted) return undefined;
      stoppedFor.push(`${t}-${partition}`);
      return {
        batchItemFailures: [{ itemIdentifier: { partition: `${t}-${partition}`, offset: from + 5 } }],
      };
    });
    const intent = intentFor(topic, { 'esm.batch.size': '20', 'errors.retry.timeout': '-1' });
    const group = `connect-${intent.name}`;
    await first.apply(intent);
    const taken: number[] = [];
    const second = runtimeWith(async (event) => {
      taken.push(
        ...Object.values(event.records)
          .flat()
          .map((r) => r.offset * 2 + r.partition),
      );
      return undefined;
    });
    try {
      await until(async () => Object.values(await committed(group, topic)).every((o) => o === 5));
      await second.apply(intent);
      // The group now splits the two partitions: the first runtime is told to stop the one it lost, and its new
      // owner delivers it from the committed offset.
      await until(() => stoppedFor.length === 1, 30_000);
      const [lost] = stoppedFor;
      const lostPartition = Number(lost?.slice(topic.length + 1));
      await until(async () => (await committed(group, topic))[lostPartition] === 20, 30_000);
      const fromOwner = taken.filter((x) => x % 2 === lostPartition).map((x) => (x - lostPartition) / 2);
      expect(Math.min(...fromOwner)).toBe(5);
    } finally {
      release();
      await Promise.all([first.close(), second.close()]);
    }
  }, 90_000);
});
