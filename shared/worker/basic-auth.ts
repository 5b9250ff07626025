// HTTP basic auth for the REST API, like Connect's `BasicAuthSecurityRestExtension` with a
// `PropertyFileLoginModule` credentials file (`user: password` per line).
import { readFileSync } from 'node:fs';
import type { MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { getProperties } from 'properties-file';
import { ConfigException } from '../config/index.ts';
import { WorkerKeys } from './constants.ts';

/**
 * A middleware that admits only the users of `file` (a Java properties file of `user: password` or
 * `user=password` lines). Failures answer 401 in Connect's error shape.
 *
 * @throws {ConfigException} naming rest.basic.auth.credentials.file when the file cannot be read or holds no user.
 */
export function basicAuthFromFile(file: string): MiddlewareHandler {
  let users: Record<string, string>;
  try {
    users = getProperties(readFileSync(file));
  } catch (e) {
    throw invalid(file, `cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const [first, ...rest] = Object.entries(users).map(([username, password]) => ({ username, password }));
  if (!first) throw invalid(file, 'has no user: add lines such as `admin: s3cret`');
  return basicAuth(
    {
      ...first,
      realm: 'Kafka Connect',
      invalidUserMessage: { error_code: 401, message: 'User not authenticated' },
    },
    ...rest,
  );
}

function invalid(file: string, reason: string, options?: ErrorOptions): ConfigException {
  const key = WorkerKeys.REST_BASIC_AUTH_FILE;
  return ConfigException.withMessage(key, `${key} ${file} ${reason}`, options);
}
