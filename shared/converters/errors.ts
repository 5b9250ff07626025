// Connect's data error (`org.apache.kafka.connect.errors.DataException`).
import { ConnectException } from '../errors/index.ts';

/**
 * Data that cannot be converted or transformed. Not retriable: the same bytes fail the same way, so the record goes
 * through `errors.tolerance` (dead letter queue with `all`, failure with `none`).
 */
export class DataException extends ConnectException {
  override readonly name = 'DataException';
  /** The Java class Connect reports for this error (the `__connect.errors.exception.class.name` header). */
  readonly exceptionClass = 'org.apache.kafka.connect.errors.DataException';
}
