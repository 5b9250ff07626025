/**
 * A provider could not resolve a reference. `retriable` is true when trying again later may succeed (throttling,
 * network), false when the reference itself is wrong (missing secret, missing key, bad syntax).
 *
 * @example
 * throw new ConfigProviderError('environment variable API_KEY is not set', { retriable: false });
 */
export class ConfigProviderError extends Error {
  override readonly name = 'ConfigProviderError';
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retriable = options.retriable;
  }
}

/**
 * A configuration value could not be resolved. Names the configuration key and the provider, never the value.
 *
 * @example
 * err.key;       // 'aep.connection.auth.client.secret'
 * err.retriable; // false
 */
export class ConfigResolutionError extends Error {
  override readonly name = 'ConfigResolutionError';
  /** The configuration key whose value holds the placeholder. */
  readonly key: string;
  readonly provider: string;
  readonly retriable: boolean;

  constructor(
    key: string,
    provider: string,
    reason: string,
    options: { retriable: boolean; cause?: unknown },
  ) {
    super(`Could not resolve configuration ${key} with config provider '${provider}': ${reason}`, {
      cause: options.cause,
    });
    this.key = key;
    this.provider = provider;
    this.retriable = options.retriable;
  }
}
