// Errors the sink pipeline raises. Each says whether retrying the batch can help.

import { ConnectException } from '../errors/index.ts';
import { AEP_REJECTION_CLASS } from './constants.ts';

/**
 * A record failed and `errors.tolerance=none` does not allow skipping it (Connect's "Tolerance exceeded in error
 * handler"). The invocation fails so the event source mapping retries from that record; retrying the same record
 * fails the same way until the config or the data is fixed, so it is not retriable.
 */
export class ToleranceExceededError extends ConnectException {
  override readonly name = 'ToleranceExceededError';
  /** The first failing record, `topic-partition@offset`. */
  readonly record: string;
  readonly stage: string;

  constructor(record: string, stage: string, reason: string, options?: ErrorOptions) {
    super(
      `Tolerance exceeded in error handler: record ${record} failed in stage ${stage}: ${reason}`,
      options,
    );
    this.record = record;
    this.stage = stage;
  }
}

/**
 * AEP did not take some records for a reason that may pass (429, 5xx, network, deadline, credentials): the whole
 * batch is left to the event source mapping to deliver again. Never dead-lettered. Retriable.
 */
export class DeliveryRetryError extends ConnectException {
  override readonly name = 'DeliveryRetryError';
  /** The first record to retry, `topic-partition@offset`. */
  readonly record: string;
  readonly status: number | undefined;

  constructor(record: string, count: number, reason: string, status?: number, options?: ErrorOptions) {
    super(
      `AEP delivery must be retried from record ${record}${count > 1 ? ` (${count} records in all)` : ''}: ${reason}`,
      { retriable: true, cause: options?.cause },
    );
    this.record = record;
    this.status = status;
  }
}

/**
 * AEP refused one message for good (a 400 inside a 207, a message larger than any request may be). The record goes
 * through `errors.tolerance`. The reported class is the Java connector's, so dead-letter consumers written for it
 * keep working.
 */
export class AepRejectionError extends ConnectException {
  override readonly name = 'AepRejectionError';
  readonly exceptionClass = AEP_REJECTION_CLASS;
  readonly status: number | undefined;
  readonly reason: string;

  constructor(status: number | undefined, reason: string, options?: ErrorOptions) {
    super(`AEP rejected the message${status === undefined ? '' : ` (${status})`}: ${reason}`, options);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * The sink function was invoked without a connector alias (unqualified, `$LATEST` or a version), so no connector's
 * config applies. Not retriable: the invocation is misconfigured.
 */
export class ConnectorIdentityError extends ConnectException {
  override readonly name = 'ConnectorIdentityError';
  readonly invokedFunctionArn: string;

  constructor(invokedFunctionArn: string) {
    super(
      `Invoked as ${invokedFunctionArn}, which carries no connector alias: event source mappings must target the connector's alias of the sink function`,
    );
    this.invokedFunctionArn = invokedFunctionArn;
  }
}

/**
 * No running connector owns the invoked alias: it is missing (deleted, or not created yet) or STOPPED. Retriable:
 * the event source mapping retries the batch, and Connect's delete or stop removes the mapping shortly.
 */
export class ConnectorUnavailableError extends ConnectException {
  override readonly name = 'ConnectorUnavailableError';
  readonly alias: string;

  constructor(alias: string, reason: string) {
    super(`No connector config for alias ${alias}: ${reason}`, { retriable: true });
    this.alias = alias;
  }
}
