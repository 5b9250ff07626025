export { CONNECTOR_TABLE_ENV, ConnectorTable } from './constants.ts';
export {
  createConnectorTable,
  DynamoDbConnectorStore,
  type DynamoDbConnectorStoreOptions,
} from './dynamodb.ts';
export {
  ConnectorConflictError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  ConnectorStoreError,
} from './errors.ts';
export type * from './types.ts';
