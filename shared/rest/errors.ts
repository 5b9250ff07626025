// REST errors in Kafka Connect's shape (`ConnectRestException` and the JAX-RS exceptions `ConnectExceptionMapper`
// passes through): each carries its HTTP status, serialises to `{"error_code", "message"}` and says whether
// repeating the request can succeed.
import { ConnectException, type ConnectExceptionOptions } from '../errors/index.ts';

/**
 * Connect's `ConnectRestException`: an error the REST API answers with its HTTP status, `toJSON()` being Connect's
 * `ErrorMessage`. Made by the factory of its status (`ConnectRestError.notFound(...)`); never retriable unless it says
 * so.
 */
export class ConnectRestError extends ConnectException {
  override readonly name = 'ConnectRestError';
  readonly statusCode: number;
  /** Headers the status calls for (`Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    message: string,
    options: ConnectExceptionOptions & { headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message, options);
    this.statusCode = statusCode;
    this.headers = options.headers ?? {};
  }

  toJSON(): { error_code: number; message: string } {
    return { error_code: this.statusCode, message: this.message };
  }

  /** 400: the request is wrong (body, config, state precondition). */
  static badRequest(message: string, options?: ConnectExceptionOptions): ConnectRestError {
    return new ConnectRestError(400, message, options);
  }

  /** 404: no such connector, task, plugin, logger or path. */
  static notFound(message: string, options?: ConnectExceptionOptions): ConnectRestError {
    return new ConnectRestError(404, message, options);
  }

  /** 405: the path exists but not with this method (Jersey's `NotAllowedException`); `Allow` lists the methods. */
  static methodNotAllowed(allowed: readonly string[]): ConnectRestError {
    return new ConnectRestError(405, 'HTTP 405 Method Not Allowed', {
      headers: { Allow: allowed.join(', ') },
    });
  }

  /** 406: the client accepts no JSON (e.g. a browser's `Accept: text/html`); every resource produces JSON. */
  static notAcceptable(): ConnectRestError {
    return new ConnectRestError(406, 'HTTP 406 Not Acceptable');
  }

  /** 409: the connector exists already, or a concurrent change won (retriable after re-reading). */
  static conflict(message: string, options?: ConnectExceptionOptions): ConnectRestError {
    return new ConnectRestError(409, message, options);
  }

  /** 413: a request body larger than {@link REQUEST_LIMITS}' `maxBodyBytes`. */
  static payloadTooLarge(maxBytes: number): ConnectRestError {
    return new ConnectRestError(
      413,
      `Request body is larger than ${maxBytes} bytes, the most this service accepts`,
    );
  }

  /** 415: a body that is not JSON (e.g. `curl -d` without `-H 'Content-Type: application/json'`). */
  static unsupportedMediaType(): ConnectRestError {
    return new ConnectRestError(415, 'HTTP 415 Unsupported Media Type');
  }

  /**
   * 500: the server could not do it (the runtime, the offsets or the store failed). `retriable` says whether trying
   * again later can succeed; `cause` keeps the original error for the log.
   */
  static server(message: string, options?: ConnectExceptionOptions): ConnectRestError {
    return new ConnectRestError(500, message, options);
  }
}

/**
 * The one mapping from errors to REST errors (`ConnectExceptionMapper`): REST errors as they are, the domain errors
 * of the store, plugins, runtime and offsets with their status, anything else undefined (the caller answers a 500
 * that hides it).
 *
 * @example
 * const rest = toRestError(e); // a 409 for a ConnectorExistsError
 */
export function toRestError(e: unknown): ConnectRestError | undefined {
  if (e instanceof ConnectRestError) return e;
  if (!(e instanceof Error)) return undefined;
  const retriable = (e as { retriable?: unknown }).retriable === true;
  switch (e.name) {
    case 'ConnectorExistsError':
    case 'ConnectorConflictError':
      return ConnectRestError.conflict(e.message, { retriable, cause: e });
    case 'ConnectorNotFoundError':
    case 'NotFoundException':
      return ConnectRestError.notFound(e.message, { cause: e });
    // Connect answers 500 for a missing or unknown connector.class (KAFKA-13756); the message is Connect's, the
    // status says whose mistake it is.
    case 'ConfigException':
    case 'ConfigErrors':
    case 'UnknownTopicPartitionError':
      return ConnectRestError.badRequest(e.message, { cause: e });
    case 'MappingRuntimeError':
    case 'OffsetsError':
    case 'ConsumerGroupNotEmptyError':
      return ConnectRestError.server(e.message, { retriable, cause: e });
    case 'ConnectorStoreError':
      return ConnectRestError.server(
        `Cannot complete request: the connector store failed${retriable ? '; try again' : ''}`,
        { retriable, cause: e },
      );
    default:
      return undefined;
  }
}
