/**
 * The single-table layout of the DynamoDB adapter: partition key `pk` (S) and sort key `sk` (S), no index. Connectors
 * share one partition (`pk = "connector"`, `sk = <name>`), so `list` is one Query; the sort key limits a connector
 * name to 1024 bytes of UTF-8.
 */
export const ConnectorTable = {
  PARTITION_KEY: 'pk',
  SORT_KEY: 'sk',
  CONNECTOR_PARTITION: 'connector',
  /** The map attribute of a connector's partition failures (`StoredPartitionFailure` by `topic-partition`). */
  FAILURES: 'failures',
  /** DynamoDB's limit for a sort key value. */
  MAX_NAME_BYTES: 1024,
  /** Bounds the pages read by one `list` (each page holds up to 1 MB of connectors). */
  MAX_LIST_PAGES: 100,
  /** Bounds how long `createConnectorTable` waits for the table to become ACTIVE. */
  CREATE_WAIT_SECONDS: 60,
} as const;

/**
 * The environment variable naming the table (set by the stack; the local worker passes its own name).
 *
 * @example
 * process.env[CONNECTOR_TABLE_ENV]; // 'aep-sink-connectors'
 */
export const CONNECTOR_TABLE_ENV = 'CONNECTOR_TABLE';
