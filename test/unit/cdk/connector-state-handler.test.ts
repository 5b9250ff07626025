// The custom resource handler against the real DynamoDB API (dynalite) and the real store adapter: what it writes
// is what the REST façade reads.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent } from '../../../cdk/lib/connector-state-handler.ts';
import type { ConnectorStore, StoredConnector } from '../../../shared/store/index.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

const CONFIG = { 'connector.class': 'AEPSinkConnector', topics: 'orders', name: 'orders' };

function event(
  type: 'Create' | 'Update' | 'Delete',
  properties: Record<string, unknown>,
  physicalId = 'orders',
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Sink/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ConnectorState',
    ResourceType: 'Custom::AepSinkConnector',
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (type === 'Create') return { ...common, RequestType: 'Create' };
  if (type === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physicalId,
      OldResourceProperties: { ServiceToken: 'token' },
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId };
}

const declared = (overrides: Record<string, unknown> = {}) => ({
  Name: 'orders',
  Config: CONFIG,
  TargetState: 'STARTED',
  Mappings: [{ id: 'esm-1', topic: 'orders' }],
  ...overrides,
});

describe('connector state custom resource', () => {
  let store: ConnectorStore;
  beforeAll(async () => {
    store = await dynamo.newConnectorStore();
  });

  /** The connectors whose metric series the handler started. */
  const started: string[] = [];
  const metrics = { created: (name: string) => void started.push(name) };

  it('creates the connector as applied, with its mappings, named by its physical id', async () => {
    const result = await onEvent(store, event('Create', declared()), metrics);
    expect(result).toEqual({ PhysicalResourceId: 'orders' });
    expect(started).toEqual(['orders']);
    expect(await store.get('orders')).toMatchObject<Partial<StoredConnector>>({
      name: 'orders',
      config: CONFIG,
      targetState: 'STARTED',
      mappings: [{ id: 'esm-1', topic: 'orders' }],
      pending: false,
    });
  });

  it('overwrites changes made through the REST API on the next deployment, and clears their leftovers', async () => {
    const before = (await store.get('orders')) as StoredConnector;
    await store.update('orders', before.version, {
      config: { ...CONFIG, 'tasks.max': '3' },
      targetState: 'PAUSED',
      pending: true,
      applyError: 'earlier failure',
    });
    await onEvent(store, event('Update', declared({ TargetState: 'PAUSED', Mappings: [] })), metrics);
    // Updating a connector that exists starts no series.
    expect(started).toEqual(['orders']);
    const after = (await store.get('orders')) as StoredConnector;
    expect(after).toMatchObject({ config: CONFIG, targetState: 'PAUSED', mappings: [], pending: false });
    expect(after.applyError).toBeUndefined();
    expect(after.version).toBeGreaterThan(before.version + 1);
    expect(after.createdAt).toBe(before.createdAt);
  });

  it('retries when a REST change moves the version between its read and its write', async () => {
    let attempts = 0;
    const racing: ConnectorStore = {
      get: (name) => store.get(name),
      list: () => store.list(),
      create: (c) => store.create(c),
      delete: (name, v) => store.delete(name, v),
      recordFailures: (name, v, failures) => store.recordFailures(name, v, failures),
      clearFailures: (name, partitions) => store.clearFailures(name, partitions),
      async update(name, version, change) {
        attempts++;
        // A REST request stops the connector right after the handler read it: the handler's version is stale.
        if (attempts === 1) await store.update(name, version, { targetState: 'STOPPED' });
        return store.update(name, version, change);
      },
    };
    await onEvent(racing, event('Update', declared()));
    expect(attempts).toBe(2);
    expect(await store.get('orders')).toMatchObject({ targetState: 'STARTED', pending: false });
  });

  it('deletes the item of the physical id only', async () => {
    await onEvent(
      store,
      event('Create', declared({ Name: 'refunds', Config: { ...CONFIG, name: 'refunds' } })),
    );
    await onEvent(store, event('Delete', declared(), 'orders'));
    expect(await store.get('orders')).toBeUndefined();
    expect((await store.get('refunds'))?.name).toBe('refunds');
    // Deleting again (CloudFormation retries) is a no-op.
    await expect(onEvent(store, event('Delete', declared(), 'orders'))).resolves.toEqual({
      PhysicalResourceId: 'orders',
    });
  });
});
