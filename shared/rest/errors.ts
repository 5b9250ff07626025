// REST errors in Kafka Connect's shape (`ConnectRestException` and the JAX-RS exceptions `ConnectExceptionMapper`
// passes through): each carries its HTTP status, serialises to `{"error_code", "message"}` and says whether
// repeating the request can succeed.
import { ConnectException } from '../errors/index.ts';

/**
 * The base of every error the REST API answers with. `toJSON()` is Connect's `ErrorMessage`.
 */
export abstract class ConnectRestError extends ConnectException {
  abstract readonly statusCode: number;

  toJSON(): { error_code: number; message: string } {
    return { error_code: this.statusCode, message: this.message };
  }
}

/**
 * 400: the request is wrong (body, config, state precondition). Not retriable.
 */
export class BadRequestError extends ConnectRestError {
  override readonly name = 'BadRequestError';
  readonly statusCode = 400;
}

/**
 * 404: no such connector, task, plugin, logger or path. Not retriable.
 */
export class NotFoundError extends ConnectRestError {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
}

/**
 * 405: the path exists but not with this method (Jersey's `NotAllowedException`). Not retriable.
 */
export class MethodNotAllowedError extends ConnectRestError {
  override readonly name = 'MethodNotAllowedError';
  readonly statusCode = 405;
  readonly allowed: readonly string[];
  constructor(allowed: readonly string[]) {
    super('HTTP 405 Method Not Allowed');
    this.allowed = allowed;
  }
}

/**
 * 409: the connector exists already, or a concurrent change won (retriable after re-reading).
 */
export class ConflictError extends ConnectRestError {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
}

/**
 * 413: a request body larger than {@link REQUEST_LIMITS}' `maxBodyBytes`. Not retriable.
 */
export class PayloadTooLargeError extends ConnectRestError {
  override readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
  constructor(maxBytes: number) {
    super(`Request body is larger than ${maxBytes} bytes, the most this service accepts`);
  }
}

/**
 * 415: a body that is not JSON (e.g. `curl -d` without `-H 'Content-Type: application/json'`). Not retriable.
 */
export class UnsupportedMediaTypeError extends ConnectRestError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
  constructor() {
    super('HTTP 415 Unsupported Media Type');
  }
}

/**
 * 406: the client accepts no JSON (e.g. a browser's `Accept: text/html`), and every resource produces JSON (Jersey's
 * `@Produces(application/json)`). Not retriable.
 */
export class NotAcceptableError extends ConnectRestError {
  override readonly name = 'NotAcceptableError';
  readonly statusCode = 406;
  constructor() {
    super('HTTP 406 Not Acceptable');
  }
}

/**
 * 500: the server could not do it (the runtime, the offsets or the store failed). `retriable` says whether trying
 * again later can succeed; `cause` keeps the original error for the log.
 */
export class ServerError extends ConnectRestError {
  override readonly name = 'ServerError';
  readonly statusCode = 500;
}

/**
 * The one mapping from errors to REST errors (`ConnectExceptionMapper`): REST errors as they are, the domain errors
 * of the store, plugins, runtime and offsets with their status, anything else undefined (the caller answers a 500
 * that hides it).
 *
 * @example
 * const rest = toRestError(e); // ConflictError for a ConnectorExistsError
 */
export function toRestError(e: unknown): ConnectRestError | undefined {
  if (e instanceof ConnectRestError) return e;
  if (!(e instanceof Error)) return undefined;
  const retriable = (e as { retriable?: unknown }).retriable === true;
  switch (e.name) {
    case 'ConnectorExistsError':
    case 'ConnectorConflictError':
      return new ConflictError(e.message, { retriable, cause: e });
    case 'ConnectorNotFoundError':
    case 'NotFoundException':
      return new NotFoundError(e.message, { cause: e });
    // Connect answers 500 for a missing or unknown connector.class (KAFKA-13756); the message is Connect's, the
    // status says whose mistake it is.
    case 'ConfigException':
    case 'ConfigErrors':
    case 'UnknownTopicPartitionError':
      return new BadRequestError(e.message, { cause: e });
    case 'MappingRuntimeError':
    case 'OffsetsError':
    case 'ConsumerGroupNotEmptyError':
      return new ServerError(e.message, { retriable, cause: e });
    case 'ConnectorStoreError':
      return new ServerError(
        `Cannot complete request: the connector store failed${retriable ? '; try again' : ''}`,
        { retriable, cause: e },
      );
    default:
      return undefined;
  }
}
