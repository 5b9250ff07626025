// The herder's crash consistency and conflict handling: intent first (pending), then the runtime, then the result;
// whatever fails in between is visible (FAILED with the reason) and is applied again later — never left half-made.

import { describe, expect, it, vi } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import type { ConnectorIntent } from '../../../shared/mappings/types.ts';
import { ConnectDefaults, createConnectApp, HERDER_TUNING, Herder } from '../../../shared/rest/index.ts';
import type { ConnectorStore } from '../../../shared/store/index.ts';
import { readmeConfig } from '../../support/connect-rest-contract.ts';
import { ContendedStore, InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';
import {
  InMemoryMappingRuntime,
  InMemoryOffsets,
  throttled,
} from '../../support/in-memory-mapping-runtime.ts';
import { restClient } from '../../support/rest-client.ts';

function setup(options: { store?: ConnectorStore; offsets?: boolean } = {}) {
  const store = options.store ?? new InMemoryConnectorStore();
  const runtime = new InMemoryMappingRuntime();
  const offsets = new InMemoryOffsets();
  const clock = { skew: 0 };
  const herder = new Herder({
    store,
    runtime,
    ...(options.offsets !== false && { offsets }),
    now: () => Date.now() + clock.skew,
  });
  const app = createConnectApp({ herder });
  const call = restClient(app);
  /** Lets time pass beyond the reconcile threshold. */
  const later = () => {
    clock.skew += HERDER_TUNING.reconcileAfterMs + 1;
  };
  return { store, runtime, offsets, herder, call, later };
}

const create = (call: ReturnType<typeof setup>['call'], name: string) =>
  call('POST', '/connectors', { name, config: readmeConfig('orders') });

describe('Herder crash consistency', () => {
  it('records a failed apply: the create succeeds, the connector stays pending and shows FAILED with the reason', async () => {
    const { store, runtime, call } = setup();
    runtime.failNext.apply.push(throttled('orders'));
    expect((await create(call, 'orders')).status).toBe(201);
    const stored = await store.get('orders');
    expect(stored).toMatchObject({ pending: true, mappings: [] });
    expect(stored?.applyError).toContain('TooManyRequestsException');
    const status = await call('GET', '/connectors/orders/status');
    expect(status.body.connector).toEqual({
      state: 'FAILED',
      worker_id: runtime.workerId,
      version: packageJson.version,
      trace: stored?.applyError,
    });
  });

  it('applies a pending connector again on the next read once it has waited, and not before', async () => {
    const { store, runtime, call, later } = setup();
    runtime.failNext.apply.push(throttled('orders'));
    await create(call, 'orders');
    const calls = runtime.applyCalls;
    await call('GET', '/connectors/orders/status');
    expect(runtime.applyCalls).toBe(calls);

    later();
    const status = await call('GET', '/connectors/orders/status');
    expect(status.body.connector.state).toBe('RUNNING');
    expect(runtime.applyCalls).toBe(calls + 1);
    const stored = await store.get('orders');
    expect(stored).toMatchObject({ pending: false, mappings: [{ id: 'orders/orders', topic: 'orders' }] });
    expect(stored?.applyError).toBeUndefined();
  });

  it('finishes an intent left by a crash before the apply, in reconcileAll, and reports what still fails', async () => {
    const { store, runtime, herder } = setup();
    await store.create({ name: 'failing', config: { name: 'failing', topics: 't' }, targetState: 'STARTED' });
    await store.create({ name: 'crashed', config: { name: 'crashed', topics: 't' }, targetState: 'PAUSED' });
    runtime.failNext.apply.push(throttled('failing')); // the first listed
    const report = await herder.reconcileAll({ olderThanMs: 0 });
    expect(report.reconciled).toEqual(['crashed']);
    expect(report.failed).toEqual([
      { name: 'failing', reason: expect.stringContaining('TooManyRequestsException') },
    ]);
    expect(runtime.runs.get('crashed')?.targetState).toBe('PAUSED');
    expect((await store.get('crashed'))?.pending).toBe(false);
    expect((await herder.reconcileAll({ olderThanMs: 0 })).reconciled).toEqual(['failing']);
    expect(await herder.reconcileAll({ olderThanMs: 0 })).toEqual({ reconciled: [], failed: [] });
  });

  it('leaves recent pending connectors to the requests that wrote them', async () => {
    const { store, herder } = setup();
    await store.create({ name: 'fresh', config: { name: 'fresh' }, targetState: 'STARTED' });
    expect(await herder.reconcileAll()).toEqual({ reconciled: [], failed: [] });
  });

  it('hides a connector whose deletion failed half-way, and finishes the deletion on the next DELETE', async () => {
    const { store, runtime, call } = setup();
    await create(call, 'orders');
    runtime.failNext.remove.push(throttled('orders'));
    const failed = await call('DELETE', '/connectors/orders');
    expect(failed.status).toBe(500);
    expect(failed.body.message).toContain('TooManyRequestsException');
    expect(await store.get('orders')).toMatchObject({ deleting: true, targetState: 'STOPPED' });
    expect((await call('GET', '/connectors/orders')).status).toBe(404);
    expect((await call('GET', '/connectors')).body).toEqual([]);

    expect((await call('DELETE', '/connectors/orders')).status).toBe(204);
    expect(await store.get('orders')).toBeUndefined();
    expect(runtime.runs.has('orders')).toBe(false);
  });

  it('finishes a begun deletion before creating the same name again', async () => {
    const { store, runtime, call } = setup();
    await create(call, 'orders');
    runtime.failNext.remove.push(throttled('orders'));
    await call('DELETE', '/connectors/orders');
    const again = await create(call, 'orders');
    expect(again.status).toBe(201);
    expect(await store.get('orders')).toMatchObject({ version: 2, pending: false });
    expect((await store.get('orders'))?.deleting).toBeUndefined();
  });

  it('restarts a connector whose apply failed by applying it again', async () => {
    const { store, runtime, call } = setup();
    runtime.failNext.apply.push(throttled('orders'));
    await create(call, 'orders');
    expect((await call('POST', '/connectors/orders/restart')).status).toBe(204);
    expect(await store.get('orders')).toMatchObject({ pending: false });
    expect((await call('GET', '/connectors/orders/status')).body.connector.state).toBe('RUNNING');
  });

  it('does not touch the runtime for a pause of a paused connector', async () => {
    const { runtime, call } = setup();
    await create(call, 'orders');
    await call('PUT', '/connectors/orders/pause');
    const calls = runtime.applyCalls;
    expect((await call('PUT', '/connectors/orders/pause')).status).toBe(202);
    expect(runtime.applyCalls).toBe(calls);
  });

  it('keeps the target state across a config update', async () => {
    const { runtime, call } = setup();
    await create(call, 'orders');
    await call('PUT', '/connectors/orders/stop');
    const updated = await call('PUT', '/connectors/orders/config', {
      ...readmeConfig('other'),
      name: 'orders',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.tasks).toEqual([]);
    expect(runtime.runs.get('orders')?.targetState).toBe('STOPPED');
  });
});

describe('Herder offsets', () => {
  it('refuses to change offsets while a stop is not applied yet', async () => {
    const { runtime, call } = setup();
    await create(call, 'orders');
    runtime.failNext.apply.push(throttled('orders'));
    await call('PUT', '/connectors/orders/stop');
    const reply = await call('DELETE', '/connectors/orders/offsets');
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/^Connectors must be in the STOPPED state/);
  });

  it("answers Connect's 500 when the group still has members", async () => {
    const { offsets, call } = setup();
    await create(call, 'orders');
    await call('PUT', '/connectors/orders/stop');
    offsets.busy.add('connect-orders');
    const reply = await call('PATCH', '/connectors/orders/offsets', {
      offsets: [
        { partition: { kafka_topic: 'orders', kafka_partition: '0' }, offset: { kafka_offset: '1' } },
      ],
    });
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(
      /^Failed to alter consumer group offsets for connector orders either because its tasks haven't stopped completely yet/,
    );
  });

  it('uses consumer.override.group.id as the group', async () => {
    const { offsets, call } = setup();
    await call('POST', '/connectors', {
      name: 'orders',
      config: { ...readmeConfig('orders'), 'consumer.override.group.id': 'my-group' },
    });
    await offsets.alter('my-group', [{ topic: 'orders', partition: 3, offset: 9 }]);
    expect((await call('GET', '/connectors/orders/offsets')).body).toEqual({
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 3 }, offset: { kafka_offset: 9 } }],
    });
  });

  it('spreads the offsets of a multi-topic connector over its per-topic groups (Lambda needs one group per ESM)', async () => {
    const { offsets, call } = setup();
    await call('POST', '/connectors', {
      name: 'orders',
      config: { ...readmeConfig('orders'), topics: 'a,b' },
    });
    await offsets.alter('connect-orders:a', [
      { topic: 'a', partition: 0, offset: 5 },
      // a stray offset of another topic in that group is not the connector's
      { topic: 'b', partition: 0, offset: 99 },
    ]);
    await offsets.alter('connect-orders:b', [{ topic: 'b', partition: 1, offset: 7 }]);
    expect((await call('GET', '/connectors/orders/offsets')).body).toEqual({
      offsets: [
        { partition: { kafka_topic: 'a', kafka_partition: 0 }, offset: { kafka_offset: 5 } },
        { partition: { kafka_topic: 'b', kafka_partition: 1 }, offset: { kafka_offset: 7 } },
      ],
    });

    expect((await call('PUT', '/connectors/orders/stop')).status).toBe(204);
    const patch = await call('PATCH', '/connectors/orders/offsets', {
      offsets: [
        { partition: { kafka_topic: 'a', kafka_partition: 0 }, offset: { kafka_offset: 1 } },
        { partition: { kafka_topic: 'b', kafka_partition: 1 }, offset: { kafka_offset: 2 } },
      ],
    });
    expect(patch.status).toBe(200);
    expect(await offsets.get('connect-orders:a')).toContainEqual({ topic: 'a', partition: 0, offset: 1 });
    expect(await offsets.get('connect-orders:b')).toEqual([{ topic: 'b', partition: 1, offset: 2 }]);

    const unknown = await call('PATCH', '/connectors/orders/offsets', {
      offsets: [{ partition: { kafka_topic: 'c', kafka_partition: 0 }, offset: { kafka_offset: 1 } }],
    });
    expect(unknown).toMatchObject({ status: 400, body: { error_code: 400 } });
    expect(unknown.body.message).toContain('Topic c is not consumed by this connector');

    expect((await call('DELETE', '/connectors/orders/offsets')).status).toBe(200);
    expect(offsets.groups.has('connect-orders:a')).toBe(false);
    expect(offsets.groups.has('connect-orders:b')).toBe(false);
  });

  it('says so when the deployment has no offsets adapter', async () => {
    const { call } = setup({ offsets: false });
    await create(call, 'orders');
    expect(await call('GET', '/connectors/orders/offsets')).toEqual({
      status: 500,
      body: {
        error_code: 500,
        message: 'Offsets are not available: this deployment has no Kafka offsets adapter configured',
      },
    });
  });
});

describe('Herder conflicts', () => {
  it('re-reads and retries a write that lost to a concurrent one', async () => {
    const store = new ContendedStore();
    const { call } = setup({ store });
    await create(call, 'orders');
    store.losses = HERDER_TUNING.conflictAttempts - 1;
    expect((await call('PATCH', '/connectors/orders/config', { 'tasks.max': '2' })).status).toBe(200);
    expect((await store.get('orders'))?.config['tasks.max']).toBe('2');
  });

  it("answers Connect's 409 when it keeps losing", async () => {
    const store = new ContendedStore();
    const { call } = setup({ store });
    await create(call, 'orders');
    store.losses = HERDER_TUNING.conflictAttempts;
    expect(await call('PUT', '/connectors/orders/pause')).toEqual({
      status: 409,
      body: {
        error_code: 409,
        message:
          'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
      },
    });
  });
});

describe('Herder racing applies', () => {
  /** A runtime whose next apply waits for `release()`, so a slower apply can finish after a newer one. */
  class GatedRuntime extends InMemoryMappingRuntime {
    #gate: Promise<void> | undefined;
    release: () => void = () => {};
    holdNextApply(): void {
      this.#gate = new Promise((resolve) => {
        this.release = resolve;
      });
    }
    override async apply(intent: ConnectorIntent) {
      const gate = this.#gate;
      this.#gate = undefined;
      if (gate) await gate;
      return super.apply(intent);
    }
  }

  function gatedSetup() {
    const store = new InMemoryConnectorStore();
    const runtime = new GatedRuntime();
    const app = createConnectApp({ herder: new Herder({ store, runtime }) });
    const rest = restClient(app);
    const call = async (method: string, path: string, body?: unknown) =>
      (await rest(method, path, body)).status;
    return { store, runtime, call };
  }
  const topicsRunning = (runtime: InMemoryMappingRuntime) =>
    runtime.runs.get('orders')?.mappings.map((m) => m.topic);

  it('applies the newest config again when an older apply finished after it', async () => {
    const { store, runtime, call } = gatedSetup();
    expect(await call('POST', '/connectors', { name: 'orders', config: readmeConfig('orders') })).toBe(201);
    runtime.holdNextApply();
    const slow = call('PUT', '/connectors/orders/config', readmeConfig('slow'));
    await vi.waitFor(async () => expect((await store.get('orders'))?.config.topics).toBe('slow'));
    expect(await call('PUT', '/connectors/orders/config', readmeConfig('fast'))).toBe(200);
    runtime.release();
    expect(await slow).toBe(200);

    expect(await store.get('orders')).toMatchObject({ config: { topics: 'fast' }, pending: false });
    expect(topicsRunning(runtime)).toEqual(['fast']);
  });

  it('removes the mappings an apply made after the connector was deleted', async () => {
    const { store, runtime, call } = gatedSetup();
    await call('POST', '/connectors', { name: 'orders', config: readmeConfig('orders') });
    runtime.holdNextApply();
    const slow = call('PUT', '/connectors/orders/pause');
    await vi.waitFor(async () => expect((await store.get('orders'))?.targetState).toBe('PAUSED'));
    expect(await call('DELETE', '/connectors/orders')).toBe(204);
    runtime.release();
    await slow;

    expect(await store.get('orders')).toBeUndefined();
    expect(runtime.runs.has('orders')).toBe(false);
  });
});

describe('GET /connectors?expand', () => {
  it('looks connectors up a few at a time, so a long list does not burst the runtime API (Lambda throttles)', async () => {
    class CountingRuntime extends InMemoryMappingRuntime {
      active = 0;
      most = 0;
      override async status(intent: ConnectorIntent) {
        this.active++;
        this.most = Math.max(this.most, this.active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.active--;
        return super.status(intent);
      }
    }
    const runtime = new CountingRuntime();
    const app = createConnectApp({ herder: new Herder({ store: new InMemoryConnectorStore(), runtime }) });
    const names = Array.from({ length: 3 * ConnectDefaults.EXPAND_CONCURRENCY }, (_, i) => `c${i}`);
    for (const name of names) {
      const created = await app.fetch(
        new Request('http://connect.test/connectors', {
          method: 'POST',
          body: JSON.stringify({ name, config: readmeConfig('orders') }),
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(created.status).toBe(201);
    }
    const reply = await app.fetch(new Request('http://connect.test/connectors?expand=status&expand=info'));
    const body = (await reply.json()) as Record<string, { status: { name: string } }>;
    expect(Object.keys(body).sort()).toEqual([...names].sort());
    expect(body.c7?.status.name).toBe('c7');
    expect(runtime.most).toBeGreaterThan(1);
    expect(runtime.most).toBeLessThanOrEqual(ConnectDefaults.EXPAND_CONCURRENCY);
  });
});

describe('Herder: the partition failures the sink recorded (AWS)', () => {
  /** A connector of topics a and b with a failure recorded on each, as the sink function records them. */
  async function failing() {
    const ctx = setup();
    await ctx.call('POST', '/connectors', { name: 'orders', config: readmeConfig('a,b') });
    const version = (await ctx.store.get('orders'))?.version ?? 0;
    const failure = (topic: string, healable: boolean) => ({
      topic,
      partition: 0,
      offset: 7,
      stage: 'TASK_PUT',
      reason: healable ? 'AEP answered 503' : 'AEP refused the credentials (401)',
      exception: 'AepRequestError',
      status: healable ? 503 : 401,
      healable,
      since: '2024-05-01T12:00:00.000Z',
      recordedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(await ctx.store.recordFailures('orders', version, [failure('a', false), failure('b', true)])).toBe(
      true,
    );
    const tasks = async () =>
      (
        (await ctx.call('GET', '/connectors/orders/status')).body.tasks as { state: string; trace?: string }[]
      ).map((t) => [t.state, t.trace?.split(':')[0]]);
    return { ...ctx, tasks };
  }

  it('shows them in the status: FAILED for the task that cannot heal, RUNNING with a trace for the retrying one', async () => {
    const { tasks } = await failing();
    expect(await tasks()).toEqual([
      ['FAILED', 'Task orders-0 failed at record a-0@7 (stage TASK_PUT) since 2024-05-01T12'],
      ['RUNNING', 'Task orders-1 is retrying since 2024-05-01T12'],
    ]);
  });

  it('forgets the failures of the tasks a restart restarts, and only those', async () => {
    const { call, store, tasks } = await failing();
    const plan = await call('POST', '/connectors/orders/restart?includeTasks=true&onlyFailed=true');
    expect(plan.status).toBe(202);
    expect(Object.keys((await store.get('orders'))?.failures ?? {})).toEqual(['b-0']);
    expect((await tasks()).map(([state]) => state)).toEqual(['RUNNING', 'RUNNING']);

    expect((await call('POST', '/connectors/orders/tasks/1/restart')).status).toBe(204);
    expect((await store.get('orders'))?.failures).toBeUndefined();
    expect(await tasks()).toEqual([
      ['RUNNING', undefined],
      ['RUNNING', undefined],
    ]);
  });

  it('keeps them across pause and resume, and forgets them with a config change or a stop', async () => {
    const { call, store, tasks } = await failing();
    await call('PUT', '/connectors/orders/pause');
    expect((await tasks()).map(([state]) => state)).toEqual(['PAUSED', 'PAUSED']);
    await call('PUT', '/connectors/orders/resume');
    expect((await tasks()).map(([state]) => state)).toEqual(['FAILED', 'RUNNING']);

    await call('PUT', '/connectors/orders/config', { ...readmeConfig('a,b'), 'aep.flush.bytes.kb': 8 });
    expect((await store.get('orders'))?.failures).toBeUndefined();

    const version = (await store.get('orders'))?.version ?? 0;
    const again = {
      topic: 'a',
      partition: 0,
      offset: 7,
      stage: 'TASK_START',
      reason: 'Configuration is invalid',
      exception: 'ConfigErrors',
      healable: false,
      since: '2024-05-01T12:00:00.000Z',
      recordedAt: '2024-05-01T12:00:00.000Z',
    };
    expect(await store.recordFailures('orders', version, [again])).toBe(true);
    await call('PUT', '/connectors/orders/stop');
    expect((await store.get('orders'))?.failures).toBeUndefined();
  });
});
