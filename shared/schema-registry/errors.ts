// Errors of the schema registry client. Each says whether retrying the batch can help.
import { ConnectException } from '../errors/index.ts';

/**
 * The schema registry could not answer a lookup (unreachable, timed out, 5xx, 429, refused the credentials). No
 * record is at fault, so nothing is dead-lettered: the invocation fails and the event source mapping retries the
 * batch. `retriable` is false only when the registry answered with a client error (401, 403, 400): retrying succeeds
 * only once the config or the registry is fixed.
 *
 * @example
 * throw new SchemaRegistryError('http://127.0.0.1:8081', 'connect ECONNREFUSED 127.0.0.1:8081', true);
 */
export class SchemaRegistryError extends ConnectException {
  override readonly name = 'SchemaRegistryError';
  /** The registry URLs that were tried. */
  readonly url: string;
  readonly status: number | undefined;

  constructor(url: string, reason: string, retriable: boolean, status?: number, options?: ErrorOptions) {
    super(`Schema registry ${url} could not be read: ${reason}`, { retriable, cause: options?.cause });
    this.url = url;
    this.status = status;
  }
}

/**
 * The registry answered that it has no schema with this id (Confluent error 40403). The records that name it fail
 * on their own (stage KEY_CONVERTER or VALUE_CONVERTER), under `errors.tolerance`.
 */
export class SchemaNotFoundError extends ConnectException {
  override readonly name = 'SchemaNotFoundError';
  readonly schemaRef: string;

  constructor(schemaRef: string, reason: string, options?: ErrorOptions) {
    super(`Schema ${schemaRef} is not in the schema registry: ${reason}`, options);
    this.schemaRef = schemaRef;
  }
}
