// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Connect config-provider placeholders are literal ${...} text.
import { beforeEach, describe, expect, it } from 'vitest';
import { envConfigProvider } from '../../../shared/config-providers/index.ts';
import { connectorAliasArn } from '../../../shared/identity/index.ts';
import {
  ConnectorIdentityError,
  ConnectorUnavailableError,
  StoreConfigSource,
} from '../../../shared/sink/index.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';

const fn = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const context = (name: string) => ({ invokedFunctionArn: connectorAliasArn(fn, name) });

let store: InMemoryConnectorStore;
let clock: number;
let source: StoreConfigSource;

beforeEach(async () => {
  store = new InMemoryConnectorStore();
  clock = 1_000;
  source = new StoreConfigSource({
    store,
    providers: { env: envConfigProvider({ SECRET: 's3cret' }) },
    ttlMs: 5_000,
    now: () => clock,
  });
  await store.create({
    name: 'orders',
    config: { name: 'orders', topics: 'o', 'aep.key': '${env:SECRET}' },
    targetState: 'STARTED',
  });
  await store.create({ name: 'users', config: { name: 'users', topics: 'u' }, targetState: 'STARTED' });
});

describe('StoreConfigSource', () => {
  it("returns the invoked alias's connector with secrets resolved and its version", async () => {
    expect(await source.get(context('orders'))).toEqual({
      name: 'orders',
      config: { name: 'orders', topics: 'o', 'aep.key': 's3cret' },
      version: 1,
    });
    expect((await source.get(context('users'))).name).toBe('users');
  });

  it('reuses the config within the TTL and reads the update after it', async () => {
    await source.get(context('orders'));
    await store.update('orders', 1, { config: { name: 'orders', topics: 'o2' } });
    clock += 4_999;
    expect((await source.get(context('orders'))).config.topics).toBe('o');
    clock += 1;
    const fresh = await source.get(context('orders'));
    expect(fresh.config.topics).toBe('o2');
    expect(fresh.version).toBe(2);
  });

  it('lists the store only to learn an alias, then reads by name', async () => {
    await source.get(context('orders'));
    clock += 10_000;
    await source.get(context('orders'));
    expect(store.reads).toEqual({ list: 1, get: 1 });
  });

  it('shares one read between concurrent invocations', async () => {
    await Promise.all([
      source.get(context('orders')),
      source.get(context('orders')),
      source.get(context('orders')),
    ]);
    expect(store.reads.list).toBe(1);
  });

  it('fails retriably for a deleted connector, and recovers once it exists again', async () => {
    await store.delete('orders');
    const missing = await source.get(context('orders')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConnectorUnavailableError);
    expect((missing as ConnectorUnavailableError).retriable).toBe(true);
    await store.create({
      name: 'orders',
      config: { name: 'orders', topics: 'again' },
      targetState: 'STARTED',
    });
    expect((await source.get(context('orders'))).config.topics).toBe('again');
  });

  it('fails retriably for a STOPPED connector', async () => {
    await store.update('users', 1, { targetState: 'STOPPED' });
    await expect(source.get(context('users'))).rejects.toThrow('connector users is STOPPED');
  });

  it('refuses an invocation without a connector alias', async () => {
    const e = await source.get({ invokedFunctionArn: fn }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorIdentityError);
    expect((e as ConnectorIdentityError).retriable).toBe(false);
  });

  it('names the config key when a secret cannot be resolved', async () => {
    await store.update('users', 1, { config: { name: 'users', 'aep.token': '${env:MISSING}' } });
    await expect(source.get(context('users'))).rejects.toThrow(
      "Could not resolve configuration aep.token with config provider 'env': environment variable MISSING is not set",
    );
  });
});
