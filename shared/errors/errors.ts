// The errors every folder of shared/ builds on, named as Kafka Connect names them (`org.apache.kafka.connect.errors`).

/** What an error says beyond its message: whether trying again later can succeed, and what caused it. */
export interface ConnectExceptionOptions {
  /** Default false: the same input fails the same way until the config, the data or the request changes. */
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

/**
 * Connect's `ConnectException`: the base of our domain errors. The message names the origin and the offending field
 * (config key, JSON path, `topic-partition@offset`, connector, consumer group); `retriable` is Connect's
 * `RetriableException` as a flag, which adapters set from their backend's verdict; `cause` keeps the original error.
 */
export class ConnectException extends Error {
  override readonly name: string = 'ConnectException';
  readonly retriable: boolean;

  constructor(message: string, options: ConnectExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable ?? false;
  }
}

/**
 * Connect's `NotFoundException`: a plugin or task that does not exist. Never retriable; the REST API answers 404.
 */
export class NotFoundException extends ConnectException {
  override readonly name: string = 'NotFoundException';
}
