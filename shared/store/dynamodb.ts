// The DynamoDB adapter of the ConnectorStore port (lib-dynamodb), for AWS and for the local worker's embedded
// DynamoDB-compatible server. Single-item conditional writes only (DynamoDB Developer Guide: "Condition expressions",
// optimistic locking with a version number), so it also runs on servers without transactions. Partition failures
// live in one map attribute, each partition a document path of it ("Update expressions": SET and REMOVE on nested
// attributes), so writers of different partitions never overwrite each other.
import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { topicPartition } from '../records/index.ts';
import { ConnectorTable } from './constants.ts';
import {
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  ConnectorStoreError,
} from './errors.ts';
import type {
  ConnectorChange,
  ConnectorStore,
  MappingRef,
  NewConnector,
  StoredConnector,
  StoredPartitionFailure,
  TargetState,
} from './types.ts';

const T = ConnectorTable;

/**
 * Where the adapter keeps connectors.
 */
export interface DynamoDbConnectorStoreOptions {
  /** A DynamoDB client; the adapter wraps it in a document client of its own. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Clock for `createdAt`/`updatedAt` (tests). */
  readonly now?: () => Date;
}

/** The item as written: the config is a JSON string, so it comes back verbatim (key order and all). */
interface Item {
  pk: string;
  sk: string;
  name: string;
  config: string;
  targetState: TargetState;
  version: number;
  createdAt: string;
  updatedAt: string;
  mappings: MappingRef[];
  pending: boolean;
  deleting?: boolean;
  applyError?: string;
  failures?: Record<string, StoredPartitionFailure>;
}

/**
 * {@link ConnectorStore} on one DynamoDB table (`pk`/`sk` strings, no index): `create` is a Put conditional on the
 * key being absent, `update` an UpdateItem conditional on the version, `delete` a DeleteItem conditional on it. A
 * failed condition becomes {@link ConnectorExistsError}, {@link ConnectorConflictError} or
 * {@link ConnectorNotFoundError}; every other SDK error a {@link ConnectorStoreError} that says whether to retry.
 *
 * @example
 * const store = new DynamoDbConnectorStore({ client, tableName: 'connectors' });
 * const created = await store.create({ name: 'orders', config, targetState: 'STARTED' });
 * await store.update('orders', created.version, { mappings, pending: false });
 */
export class DynamoDbConnectorStore implements ConnectorStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(options: DynamoDbConnectorStoreOptions) {
    this.#documents = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
  }

  async get(name: string): Promise<StoredConnector | undefined> {
    const { Item: item } = await this.#send('GetItem', name, () =>
      this.#documents.send(new GetCommand({ TableName: this.#table, Key: key(name), ConsistentRead: true })),
    );
    return item ? fromItem(item as Item) : undefined;
  }

  async list(): Promise<StoredConnector[]> {
    const connectors: StoredConnector[] = [];
    let start: Record<string, unknown> | undefined;
    for (let page = 0; page < T.MAX_LIST_PAGES; page++) {
      const result = await this.#send('Query', undefined, () =>
        this.#documents.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': T.PARTITION_KEY },
            ExpressionAttributeValues: { ':pk': T.CONNECTOR_PARTITION },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of result.Items ?? []) connectors.push(fromItem(item as Item));
      start = result.LastEvaluatedKey;
      if (!start) return connectors;
    }
    throw new ConnectorStoreError(
      `Listing connectors of table ${this.#table} stopped after ${T.MAX_LIST_PAGES} pages`,
      { retriable: false },
    );
  }

  async create(connector: NewConnector): Promise<StoredConnector> {
    const now = this.#now().toISOString();
    const item: Item = {
      ...key(connector.name),
      name: connector.name,
      config: JSON.stringify(connector.config),
      targetState: connector.targetState,
      version: 1,
      createdAt: now,
      updatedAt: now,
      mappings: [],
      pending: true,
    };
    await this.#send(
      'PutItem',
      connector.name,
      () =>
        this.#documents.send(
          new PutCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': T.PARTITION_KEY },
          }),
        ),
      () => new ConnectorExistsError(connector.name),
    );
    return fromItem(item);
  }

  async update(name: string, expectedVersion: number, change: ConnectorChange): Promise<StoredConnector> {
    const names: Record<string, string> = {
      '#pk': T.PARTITION_KEY,
      '#version': 'version',
      '#updatedAt': 'updatedAt',
    };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':next': expectedVersion + 1,
      ':now': this.#now().toISOString(),
    };
    const set = ['#version = :next', '#updatedAt = :now'];
    const remove: string[] = [];
    for (const [field, value] of Object.entries(change)) {
      names[`#${field}`] = field;
      if (value === undefined) {
        remove.push(`#${field}`);
      } else {
        values[`:${field}`] = field === 'config' ? JSON.stringify(value) : value;
        set.push(`#${field} = :${field}`);
      }
    }
    const result = await this.#send(
      'UpdateItem',
      name,
      () =>
        this.#documents.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key(name),
            UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(#pk) AND #version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      async () =>
        (await this.get(name)) ? new ConnectorConflictError(name) : new ConnectorNotFoundError(name),
    );
    return fromItem(result.Attributes as Item);
  }

  async delete(name: string, expectedVersion?: number): Promise<void> {
    const conditional = expectedVersion !== undefined;
    await this.#send(
      'DeleteItem',
      name,
      () =>
        this.#documents.send(
          new DeleteCommand({
            TableName: this.#table,
            Key: key(name),
            ...(conditional && {
              ConditionExpression: 'attribute_not_exists(#pk) OR #version = :expected',
              ExpressionAttributeNames: { '#pk': T.PARTITION_KEY, '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
          }),
        ),
      () => new ConnectorConflictError(name),
    );
  }

  async recordFailures(
    name: string,
    expectedVersion: number,
    failures: readonly StoredPartitionFailure[],
  ): Promise<boolean> {
    if (failures.length === 0) return true;
    const names: Record<string, string> = { '#version': 'version', '#failures': T.FAILURES };
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const set = failures.map((failure, i) => {
      names[`#p${i}`] = topicPartition(failure.topic, failure.partition);
      values[`:p${i}`] = failure;
      return `#failures.#p${i} = :p${i}`;
    });
    const written = await this.#updateIf(name, {
      UpdateExpression: `SET ${set.join(', ')}`,
      ConditionExpression: '#version = :expected AND attribute_exists(#failures)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    if (written) return true;
    // A document path can be set only inside a map that exists: the item's first failures create the map.
    return this.#updateIf(name, {
      UpdateExpression: 'SET #failures = :map',
      ConditionExpression: '#version = :expected AND attribute_not_exists(#failures)',
      ExpressionAttributeNames: { '#version': 'version', '#failures': T.FAILURES },
      ExpressionAttributeValues: {
        ':expected': expectedVersion,
        ':map': Object.fromEntries(failures.map((f) => [topicPartition(f.topic, f.partition), f])),
      },
    });
  }

  async clearFailures(name: string, partitions: readonly string[]): Promise<void> {
    if (partitions.length === 0) return;
    const names: Record<string, string> = { '#failures': T.FAILURES };
    const paths = partitions.map((partition, i) => {
      names[`#p${i}`] = partition;
      return `#failures.#p${i}`;
    });
    // Only when one of them is there, which also keeps a REMOVE from creating a deleted item again.
    await this.#updateIf(name, {
      UpdateExpression: `REMOVE ${paths.join(', ')}`,
      ConditionExpression: paths.map((p) => `attribute_exists(${p})`).join(' OR '),
      ExpressionAttributeNames: names,
    });
  }

  /** One conditional UpdateItem that changes neither `version` nor `updatedAt`: false when its condition failed. */
  async #updateIf(
    name: string,
    input: Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ExpressionAttributeValues'> & {
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.#documents.send(new UpdateCommand({ TableName: this.#table, Key: key(name), ...input }));
      return true;
    } catch (e) {
      if (errorName(e) === 'ConditionalCheckFailedException') return false;
      throw storeError('UpdateItem', this.#table, name, e);
    }
  }

  /** Runs one call, turning a failed condition into `onConditionFailed()` and any other error into a domain error. */
  async #send<R>(
    operation: string,
    name: string | undefined,
    call: () => Promise<R>,
    onConditionFailed?: () => Error | Promise<Error>,
  ): Promise<R> {
    try {
      return await call();
    } catch (e) {
      if (onConditionFailed && errorName(e) === 'ConditionalCheckFailedException')
        throw await onConditionFailed();
      throw storeError(operation, this.#table, name, e);
    }
  }
}

/**
 * Creates the connector table (`pk`/`sk` strings, on-demand billing) unless it exists, and waits until it is ACTIVE.
 * For tests and the local worker; on AWS the stack owns the table.
 *
 * @example
 * await createConnectorTable(new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000' }), 'connectors');
 */
export async function createConnectorTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: T.PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: T.SORT_KEY, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: T.PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: T.SORT_KEY, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (e) {
    if (errorName(e) !== 'ResourceInUseException') throw storeError('CreateTable', tableName, undefined, e);
  }
  try {
    await waitUntilTableExists(
      { client, maxWaitTime: T.CREATE_WAIT_SECONDS, minDelay: 1, maxDelay: 2 },
      { TableName: tableName },
    );
  } catch (e) {
    throw storeError('DescribeTable', tableName, undefined, e);
  }
}

function key(name: string): { pk: string; sk: string } {
  return { pk: T.CONNECTOR_PARTITION, sk: name };
}

function fromItem(item: Item): StoredConnector {
  return {
    name: item.name,
    config: JSON.parse(item.config) as Record<string, string>,
    targetState: item.targetState,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    mappings: (item.mappings ?? []).map((m) => ({ id: m.id, topic: m.topic })),
    pending: item.pending,
    ...(item.deleting !== undefined && { deleting: item.deleting }),
    ...(item.applyError !== undefined && { applyError: item.applyError }),
    ...(item.failures !== undefined && { failures: item.failures }),
  };
}

function errorName(e: unknown): string | undefined {
  return e instanceof Error ? e.name : undefined;
}

/** Throttling, server faults and network failures can succeed later; client faults (validation, no table) cannot. */
function storeError(
  operation: string,
  table: string,
  name: string | undefined,
  e: unknown,
): ConnectorStoreError {
  const sdk = e as {
    name?: string;
    $fault?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const retriable =
    sdk.$retryable !== undefined ||
    sdk.$fault === 'server' ||
    sdk.$metadata?.httpStatusCode === undefined ||
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(sdk.name ?? '');
  const subject = name === undefined ? `table ${table}` : `connector ${name} in table ${table}`;
  const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ConnectorStoreError(`${operation} on ${subject} failed: ${reason}`, { retriable, cause: e });
}
