import { ConnectException, type ConnectExceptionOptions } from '../errors/index.ts';

/**
 * A configuration value could not be resolved. Names the configuration key and the provider, never the value.
 *
 * @example
 * err.key;       // 'aep.connection.auth.client.secret'
 * err.retriable; // false
 */
export class ConfigResolutionError extends ConnectException {
  override readonly name = 'ConfigResolutionError';
  /** The configuration key whose value holds the placeholder. */
  readonly key: string;
  readonly provider: string;

  constructor(key: string, provider: string, reason: string, options: ConnectExceptionOptions) {
    super(`Could not resolve configuration ${key} with config provider '${provider}': ${reason}`, options);
    this.key = key;
    this.provider = provider;
  }
}
