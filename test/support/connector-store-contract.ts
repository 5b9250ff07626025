// The contract every ConnectorStore adapter obeys (shared/store/types.ts), as one suite each adapter's test runs:
// verbatim configs, versions, conditional writes that let exactly one of many racing writers win, domain errors.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorStore,
  type StoredConnector,
  type StoredPartitionFailure,
} from '../../shared/store/index.ts';

export interface ConnectorStoreContractOptions {
  /** A store with no connectors in it (a fresh table, or a fresh instance). */
  readonly newStore: () => ConnectorStore | Promise<ConnectorStore>;
}

const RACERS = 12;

/** A failure as the sink function records it. */
function failureOf(topic: string, partition: number, over: Partial<StoredPartitionFailure> = {}) {
  return {
    topic,
    partition,
    offset: 42,
    stage: 'TASK_PUT',
    reason: 'AEP refused the credentials (401)',
    exception: 'DeliveryRetryError<AepRequestError',
    status: 401,
    healable: false,
    hint: 'check aep.connection.auth.client.secret',
    since: '2024-05-01T12:00:00.000Z',
    recordedAt: '2024-05-01T12:00:05.000Z',
    ...over,
  } satisfies StoredPartitionFailure;
}

/** A config as users write it: odd values, placeholders, key order that is not alphabetical. */
function configOf(name: string): Record<string, string> {
  return {
    'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
    name,
    topics: 'orders,payments',
    'tasks.max': '1',
    'aep.endpoint': 'https://dcs.adobedc.net/collection/abc',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config provider placeholder, stored unresolved
    'aep.connection.auth.client.secret': '${secretsmanager:aep/creds:clientSecret}',
    'value.converter.schemas.enable': 'false',
    'empty.value': '',
    'unicode.value': 'ünïcödé ✓ "quoted" \\ back',
    'a.last.key': ' padded ',
  };
}

export function runConnectorStoreContract(options: ConnectorStoreContractOptions): void {
  const fresh = async () => ({ store: await options.newStore(), name: `c-${randomUUID()}` });

  describe('ConnectorStore contract', () => {
    it('creates a connector at version 1, pending, and returns its config verbatim', async () => {
      const { store, name } = await fresh();
      const config = configOf(name);
      const created = await store.create({ name, config, targetState: 'PAUSED' });
      expect(created).toMatchObject({
        name,
        config,
        targetState: 'PAUSED',
        version: 1,
        pending: true,
        mappings: [],
      });
      const read = await store.get(name);
      expect(read).toEqual(created);
      expect(Object.keys(read?.config ?? {})).toEqual(Object.keys(config));
      expect(Date.parse(read?.createdAt ?? '')).not.toBeNaN();
    });

    it('answers undefined for a connector it does not have', async () => {
      const { store, name } = await fresh();
      expect(await store.get(name)).toBeUndefined();
    });

    it('lists every connector', async () => {
      const { store, name } = await fresh();
      const names = [`${name}-a`, `${name}-b`, `${name}-c`];
      for (const n of names) await store.create({ name: n, config: configOf(n), targetState: 'STARTED' });
      const listed = await store.list();
      expect(listed.map((c) => c.name).sort()).toEqual(names);
      expect(listed.find((c) => c.name === names[1])?.config).toEqual(configOf(names[1] as string));
    });

    it('refuses a second create of the same name with ConnectorExistsError', async () => {
      const { store, name } = await fresh();
      await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const second = store.create({
        name,
        config: { ...configOf(name), topics: 'other' },
        targetState: 'STARTED',
      });
      await expect(second).rejects.toBeInstanceOf(ConnectorExistsError);
      await expect(second).rejects.toThrow(`Connector ${name} already exists`);
      expect((await store.get(name))?.config.topics).toBe('orders,payments');
    });

    it('lets exactly one of many racing creates win', async () => {
      const { store, name } = await fresh();
      const results = await Promise.allSettled(
        Array.from({ length: RACERS }, (_, i) =>
          store.create({ name, config: { ...configOf(name), racer: String(i) }, targetState: 'STARTED' }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const r of lost) expect(r.reason).toBeInstanceOf(ConnectorExistsError);
      const winner = (won[0] as PromiseFulfilledResult<StoredConnector>).value;
      expect((await store.get(name))?.config.racer).toBe(winner.config.racer);
    });

    it('updates conditionally on the version: changed fields replaced, the rest kept, version + 1', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const newConfig = { name, topics: 'only-one', 'connector.class': 'AEPSink' };
      const updated = await store.update(name, created.version, {
        config: newConfig,
        mappings: [{ id: 'uuid-1', topic: 'only-one' }],
        pending: false,
      });
      expect(updated).toMatchObject({
        name,
        config: newConfig,
        targetState: 'STARTED',
        version: 2,
        pending: false,
        mappings: [{ id: 'uuid-1', topic: 'only-one' }],
        createdAt: created.createdAt,
      });
      expect(Object.keys(updated.config)).toEqual(Object.keys(newConfig));
      expect(await store.get(name)).toEqual(updated);
    });

    it('sets and removes the optional fields (a key given as undefined removes it)', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const failed = await store.update(name, created.version, {
        applyError: 'Lambda said no',
        deleting: true,
      });
      expect(failed).toMatchObject({ applyError: 'Lambda said no', deleting: true });
      const cleared = await store.update(name, failed.version, {
        applyError: undefined,
        targetState: 'STOPPED',
      });
      expect(cleared.applyError).toBeUndefined();
      expect(cleared).toMatchObject({ deleting: true, targetState: 'STOPPED', version: 3 });
      expect((await store.get(name))?.applyError).toBeUndefined();
    });

    it('rejects an update with a stale version (ConnectorConflictError) and one of a missing connector', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      await store.update(name, created.version, { targetState: 'PAUSED' });
      const stale = store.update(name, created.version, { targetState: 'STOPPED' });
      await expect(stale).rejects.toBeInstanceOf(ConnectorConflictError);
      expect((await store.get(name))?.targetState).toBe('PAUSED');
      await expect(store.update(`${name}-missing`, 1, { pending: false })).rejects.toBeInstanceOf(
        ConnectorNotFoundError,
      );
    });

    it('lets exactly one of many racing updates of the same version win; the others conflict', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const results = await Promise.allSettled(
        Array.from({ length: RACERS }, (_, i) =>
          store.update(name, created.version, { config: { ...created.config, racer: String(i) } }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(ConnectorConflictError);
      }
      const winner = (won[0] as PromiseFulfilledResult<StoredConnector>).value;
      expect(await store.get(name)).toEqual(winner);
      expect(winner.version).toBe(2);
    });

    it('loses no update when racing writers re-read and retry on conflict', async () => {
      const { store, name } = await fresh();
      await store.create({ name, config: { name, count: '0' }, targetState: 'STARTED' });
      const increment = async () => {
        for (let attempt = 0; attempt < RACERS * 4; attempt++) {
          const current = (await store.get(name)) as StoredConnector;
          try {
            const count = Number(current.config.count) + 1;
            return await store.update(name, current.version, { config: { name, count: String(count) } });
          } catch (e) {
            if (!(e instanceof ConnectorConflictError)) throw e;
          }
        }
        throw new Error('too many conflicts');
      };
      await Promise.all(Array.from({ length: RACERS }, increment));
      const final = await store.get(name);
      expect(final?.config.count).toBe(String(RACERS));
      expect(final?.version).toBe(RACERS + 1);
    });

    it('deletes: unconditionally, conditionally on the version, and a missing name as a no-op', async () => {
      const { store, name } = await fresh();
      const a = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      await store.update(name, a.version, { deleting: true });
      await expect(store.delete(name, a.version)).rejects.toBeInstanceOf(ConnectorConflictError);
      expect(await store.get(name)).toBeDefined();
      await store.delete(name, a.version + 1);
      expect(await store.get(name)).toBeUndefined();
      await store.delete(name);
      await store.delete(name, 7);

      const other = `${name}-other`;
      await store.create({ name: other, config: configOf(other), targetState: 'STOPPED' });
      await store.delete(other);
      expect(await store.list()).toEqual([]);
      // The name is free again.
      expect((await store.create({ name, config: configOf(name), targetState: 'STARTED' })).version).toBe(1);
    });

    it('records partition failures at the expected version, without changing version or updatedAt', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const a0 = failureOf('orders', 0);
      const a1 = failureOf('orders.v2', 1, { healable: true, stage: 'VALUE_CONVERTER' });
      expect(await store.recordFailures(name, created.version, [a0])).toBe(true);
      expect(await store.recordFailures(name, created.version, [a1])).toBe(true);
      const read = (await store.get(name)) as StoredConnector;
      expect(read.failures).toEqual({ 'orders-0': a0, 'orders.v2-1': a1 });
      expect(read.version).toBe(created.version);
      expect(read.updatedAt).toBe(created.updatedAt);
      // A later record of the same partition replaces it; an herder write keeps them.
      const again = failureOf('orders', 0, { offset: 43, reason: 'IMS refused the client' });
      expect(await store.recordFailures(name, created.version, [again])).toBe(true);
      const updated = await store.update(name, created.version, { pending: false });
      expect(updated.failures).toEqual({ 'orders-0': again, 'orders.v2-1': a1 });
    });

    it('records no failure once the connector changed since the expected version, or is gone', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      await store.update(name, created.version, { config: { ...created.config, topics: 'other' } });
      expect(await store.recordFailures(name, created.version, [failureOf('orders', 0)])).toBe(false);
      expect((await store.get(name))?.failures).toBeUndefined();
      expect(await store.recordFailures(`${name}-missing`, 1, [failureOf('orders', 0)])).toBe(false);
      expect(await store.get(`${name}-missing`)).toBeUndefined();
    });

    it('clears the failures of the given partitions only, and a missing connector stays missing', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      await store.recordFailures(name, created.version, [failureOf('orders', 0), failureOf('orders', 1)]);
      await store.clearFailures(name, ['orders-0', 'orders-7']);
      expect((await store.get(name))?.failures).toEqual({ 'orders-1': failureOf('orders', 1) });
      await store.clearFailures(name, ['orders-0']);
      await store.clearFailures(`${name}-missing`, ['orders-0']);
      expect(await store.get(`${name}-missing`)).toBeUndefined();
      // The herder clears them all with an update.
      const cleared = await store.update(name, created.version, { failures: undefined });
      expect(cleared.failures).toBeUndefined();
      expect(await store.recordFailures(name, cleared.version, [failureOf('orders', 2)])).toBe(true);
      expect(Object.keys((await store.get(name))?.failures ?? {})).toEqual(['orders-2']);
    });

    it('keeps every partition when writers of different partitions race', async () => {
      const { store, name } = await fresh();
      const created = await store.create({ name, config: configOf(name), targetState: 'STARTED' });
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          store.recordFailures(name, created.version, [failureOf('orders', i)]),
        ),
      );
      // The first failures of an item create its map, and writers that lose that race write nothing.
      const written = results.filter(Boolean).length;
      expect(written).toBeGreaterThanOrEqual(1);
      expect(Object.keys((await store.get(name))?.failures ?? {})).toHaveLength(written);
      const more = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          store.recordFailures(name, created.version, [failureOf('refunds', i)]),
        ),
      );
      expect(more.every(Boolean)).toBe(true);
      const refunds = Object.keys((await store.get(name))?.failures ?? {}).filter((k) =>
        k.startsWith('refunds'),
      );
      expect(refunds).toHaveLength(RACERS);
    });
  });
}
