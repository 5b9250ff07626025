// Domain errors of the connector store. Adapters translate their backend's errors into these, so nothing above a
// store knows which backend it has. Each says whether trying again can succeed.
import { ConnectException } from '../errors/index.ts';

/**
 * The name is taken (two racing creates: exactly one wins). Not retriable; the message is Connect's 409 text.
 *
 * @example
 * throw new ConnectorExistsError('orders'); // "Connector orders already exists"
 */
export class ConnectorExistsError extends ConnectException {
  override readonly name = 'ConnectorExistsError';
  constructor(connector: string) {
    super(`Connector ${connector} already exists`);
  }
}

/**
 * The connector does not exist (any more). Not retriable.
 *
 * @example
 * throw new ConnectorNotFoundError('orders'); // "Connector orders not found"
 */
export class ConnectorNotFoundError extends ConnectException {
  override readonly name = 'ConnectorNotFoundError';
  constructor(connector: string) {
    super(`Connector ${connector} not found`);
  }
}

/**
 * A conditional write lost against a concurrent one (`expectedVersion` is stale). Retriable after re-reading; the
 * message is Connect's 409 text for a concurrent config change, so the connector is a field.
 */
export class ConnectorConflictError extends ConnectException {
  override readonly name = 'ConnectorConflictError';
  readonly connector: string;
  constructor(connector: string) {
    super(
      'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
      { retriable: true },
    );
    this.connector = connector;
  }
}

/**
 * The store itself failed (throttled, unreachable, missing table, item too large). `retriable` is true for
 * throttling, server and network failures.
 */
export class ConnectorStoreError extends ConnectException {
  override readonly name = 'ConnectorStoreError';
}
