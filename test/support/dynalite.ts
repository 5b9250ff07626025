// Starts dynalite (the DynamoDB API on LevelDB, in memory) in this process on 127.0.0.1:0, for tests of code that
// talks to DynamoDB. dynalite has no transactions: single-item conditional writes only, like our adapter.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createConnectorTable, DynamoDbConnectorStore } from '../../shared/store/index.ts';

export interface Dynalite {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A fresh connector table with a random name; returns the name. */
  newConnectorTable(): Promise<string>;
  /** A store on a fresh connector table. */
  newConnectorStore(): Promise<DynamoDbConnectorStore>;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const newConnectorTable = async () => {
    const tableName = `connectors-${randomUUID()}`;
    await createConnectorTable(client, tableName);
    return tableName;
  };
  return {
    endpoint,
    client,
    newConnectorTable,
    newConnectorStore: async () =>
      new DynamoDbConnectorStore({ client, tableName: await newConnectorTable() }),
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
