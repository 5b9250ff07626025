// The connector lifecycle on its own: intent first, then the runtime, then the outcome; lost races re-read and retry,
// then answer 409; what a failure leaves pending or deleting is finished later. (herder.test.ts drives the same
// lifecycle through the REST API.)
import { describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../../shared/logging/index.ts';
import { ConnectRestError, HERDER_TUNING, type HerderTuning } from '../../../shared/rest/index.ts';
import { ConnectorLifecycle } from '../../../shared/rest/lifecycle.ts';
import type { StoredConnector } from '../../../shared/store/index.ts';
import { ContendedStore } from '../../support/in-memory-connector-store.ts';
import { InMemoryMappingRuntime, throttled } from '../../support/in-memory-mapping-runtime.ts';

function setup(tuning: Partial<HerderTuning> = {}) {
  const store = new ContendedStore();
  const runtime = new InMemoryMappingRuntime();
  const clock = { now: Date.now() };
  const lifecycle = new ConnectorLifecycle({
    store,
    runtime,
    logger: SILENT_LOGGER,
    now: () => clock.now,
    tuning: { ...HERDER_TUNING, ...tuning },
    hider: () => (text) => text,
  });
  const later = () => {
    clock.now += 2 * HERDER_TUNING.reconcileAfterMs;
  };
  return { store, runtime, lifecycle, later };
}

const config = (topics: string) => ({ name: 'orders', topics });
const missing = (name: string) => `No ${name}`;

describe('ConnectorLifecycle', () => {
  it('creates, then replaces the config keeping the target state, saying which it did', async () => {
    const { runtime, lifecycle } = setup();
    const first = await lifecycle.put('orders', config('a'), { allowReplace: true, initialState: 'PAUSED' });
    expect(first.created).toBe(true);
    expect(first.stored).toMatchObject({ pending: false, mappings: [{ topic: 'a' }] });
    const second = await lifecycle.put('orders', config('b'), { allowReplace: true });
    expect(second).toMatchObject({ created: false, stored: { targetState: 'PAUSED', config: config('b') } });
    expect(runtime.runs.get('orders')).toMatchObject({ targetState: 'PAUSED', mappings: [{ topic: 'b' }] });
  });

  it('answers 409 (not retriable) for a create of a taken name, and changes nothing', async () => {
    const { store, lifecycle } = setup();
    await lifecycle.put('orders', config('a'), { allowReplace: false });
    const error = await lifecycle.put('orders', config('b'), { allowReplace: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectRestError);
    expect(error).toMatchObject({
      statusCode: 409,
      retriable: false,
      message: 'Connector orders already exists',
    });
    expect((await store.get('orders'))?.config).toEqual(config('a'));
  });

  it('retries a change that lost a race, and answers a retriable 409 when it keeps losing', async () => {
    const { store, lifecycle } = setup({ conflictAttempts: 3 });
    await lifecycle.put('orders', config('a'), { allowReplace: true });
    store.losses = 2;
    await lifecycle.target('orders', 'PAUSED', missing);
    expect((await store.get('orders'))?.targetState).toBe('PAUSED');
    store.losses = 3;
    const error = await lifecycle.target('orders', 'STOPPED', missing).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectRestError);
    expect(error).toMatchObject({ statusCode: 409, retriable: true });
    expect((await store.get('orders'))?.targetState).toBe('PAUSED');
  });

  it('does not write or apply a change the decision declines', async () => {
    const { store, runtime, lifecycle } = setup();
    await lifecycle.put('orders', config('a'), { allowReplace: true });
    const { version } = (await store.get('orders')) as StoredConnector;
    const calls = runtime.applyCalls;
    await lifecycle.target('orders', 'STARTED', missing);
    expect((await store.get('orders'))?.version).toBe(version);
    expect(runtime.applyCalls).toBe(calls);
  });

  it('answers 404 with the message the endpoint gives for a missing connector', async () => {
    const { lifecycle } = setup();
    await expect(lifecycle.target('nope', 'PAUSED', missing)).rejects.toEqual(
      ConnectRestError.notFound('No nope'),
    );
    await expect(lifecycle.delete('nope', missing)).rejects.toThrow('No nope');
    await expect(lifecycle.require('nope', missing)).rejects.toThrow('No nope');
    await expect(lifecycle.applied('nope', missing)).rejects.toThrow('No nope');
  });

  it('keeps a failed apply pending with its reason, applies it again on a read once it has waited', async () => {
    const { runtime, lifecycle, later } = setup();
    runtime.failNext.apply.push(throttled('orders'));
    const { stored } = await lifecycle.put('orders', config('a'), { allowReplace: true });
    expect(stored).toMatchObject({ pending: true, applyError: expect.stringContaining('TooMany') });
    expect(await lifecycle.load('orders', 'read')).toMatchObject({ pending: true });
    later();
    expect(await lifecycle.load('orders', 'read')).toMatchObject({ pending: false, applyError: undefined });
  });

  it('applies a pending intent before a restart', async () => {
    const { runtime, lifecycle } = setup();
    runtime.failNext.apply.push(throttled('orders'));
    await lifecycle.put('orders', config('a'), { allowReplace: true });
    expect(await lifecycle.applied('orders', missing)).toMatchObject({ pending: false });
  });

  it('hides a half-deleted connector, and a write of the same name finishes the deletion first', async () => {
    const { store, runtime, lifecycle } = setup();
    await lifecycle.put('orders', config('a'), { allowReplace: true });
    runtime.failNext.remove.push(throttled('orders'));
    await expect(lifecycle.delete('orders', missing)).rejects.toThrow('TooManyRequestsException');
    expect(await store.get('orders')).toMatchObject({ deleting: true, applyError: expect.any(String) });
    expect(await lifecycle.names()).toEqual([]);
    expect(await lifecycle.load('orders', 'read')).toBeUndefined();
    const again = await lifecycle.put('orders', config('b'), { allowReplace: false });
    expect(again).toMatchObject({ created: true, stored: { pending: false, config: config('b') } });
    expect(again.stored.deleting).toBeUndefined();
  });

  it('reconciles what waited long enough and reports each failure', async () => {
    const { store, runtime, lifecycle, later } = setup();
    await store.create({ name: 'one', config: { name: 'one', topics: 't' }, targetState: 'STARTED' });
    await store.create({ name: 'two', config: { name: 'two', topics: 't' }, targetState: 'STOPPED' });
    expect(await lifecycle.reconcileAll(HERDER_TUNING.reconcileAfterMs)).toEqual({
      reconciled: [],
      failed: [],
    });
    later();
    runtime.failNext.apply.push(throttled('one'));
    expect(await lifecycle.reconcileAll(HERDER_TUNING.reconcileAfterMs)).toEqual({
      reconciled: ['two'],
      failed: [{ name: 'one', reason: expect.stringContaining('TooManyRequestsException') }],
    });
    expect(runtime.runs.get('two')?.targetState).toBe('STOPPED');
  });
});
