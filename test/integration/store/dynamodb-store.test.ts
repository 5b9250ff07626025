// The DynamoDB adapter against the real DynamoDB API (dynalite in this process): the port's contract, plus how SDK
// failures become domain errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorStoreError, DynamoDbConnectorStore } from '../../../shared/store/index.ts';
import { runConnectorStoreContract } from '../../support/connector-store-contract.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbConnectorStore on dynalite', () => {
  runConnectorStoreContract({ newStore: () => dynamo.newConnectorStore() });

  it('reports a missing table as a non-retriable store error naming the table', async () => {
    const store = new DynamoDbConnectorStore({ client: dynamo.client, tableName: 'no-such-table' });
    const failure = store.get('orders');
    await expect(failure).rejects.toBeInstanceOf(ConnectorStoreError);
    await expect(failure).rejects.toMatchObject({ retriable: false });
    await expect(failure).rejects.toThrow(/no-such-table/);
  });

  it('reports an unreachable endpoint as a retriable store error', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'local',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const store = new DynamoDbConnectorStore({ client, tableName: 'connectors' });
    await expect(store.list()).rejects.toMatchObject({ name: 'ConnectorStoreError', retriable: true });
    client.destroy();
  });

  it('creates the table idempotently', async () => {
    const store = await dynamo.newConnectorStore();
    await store.create({ name: 'kept', config: { name: 'kept' }, targetState: 'STARTED' });
    const { createConnectorTable } = await import('../../../shared/store/index.ts');
    const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
    const tables = (await dynamo.client.send(new ListTablesCommand({}))).TableNames ?? [];
    for (const table of tables) await createConnectorTable(dynamo.client, table);
    expect((await store.get('kept'))?.config).toEqual({ name: 'kept' });
  });
});
