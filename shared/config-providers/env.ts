// Connect's `EnvVarConfigProvider`: `${env:VAR}` is the value of environment variable VAR; a path is not supported.
import { ConnectException } from '../errors/index.ts';
import type { ConfigProvider } from './types.ts';

/**
 * Reads environment variables.
 *
 * @example
 * const env = envConfigProvider({ API_KEY: 'k' });
 * await env.get('API_KEY'); // 'k'
 */
export function envConfigProvider(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): ConfigProvider {
  return {
    async get(reference) {
      if (reference.includes(':')) {
        throw new ConnectException(
          `expected \${env:<VARIABLE>} but got a path ('${reference}'); a path is not supported`,
          { retriable: false },
        );
      }
      const value = environment[reference];
      if (value === undefined) {
        throw new ConnectException(`environment variable ${reference} is not set`, { retriable: false });
      }
      return value;
    },
  };
}
