// Connect's `FileConfigProvider`: `${file:<path>:<key>}` is the value of `key` in the Java properties file at `path`.
import { readFile } from 'node:fs/promises';
import { getProperties } from 'properties-file';
import { ConnectException } from '../errors/index.ts';
import type { ConfigProvider } from './types.ts';

/**
 * Reads keys from `.properties` files (the local worker's way of keeping secrets out of connector configs).
 *
 * @example
 * // /etc/aep/secrets.properties holds `client.secret=s3cret`
 * await fileConfigProvider().get('/etc/aep/secrets.properties:client.secret'); // 's3cret'
 */
export function fileConfigProvider(): ConfigProvider {
  return {
    async get(reference) {
      const colon = reference.indexOf(':');
      if (colon <= 0 || colon === reference.length - 1) {
        throw new ConnectException(`expected \${file:<path>:<key>} but got '${reference}'`, {
          retriable: false,
        });
      }
      const path = reference.slice(0, colon);
      const key = reference.slice(colon + 1);
      let content: string;
      try {
        content = await readFile(path, 'utf8');
      } catch (e) {
        throw new ConnectException(`cannot read file ${path}: ${(e as Error).message}`, {
          retriable: false,
          cause: e,
        });
      }
      const value = getProperties(content)[key];
      if (value === undefined) {
        throw new ConnectException(`file ${path} has no key ${key}`, { retriable: false });
      }
      return value;
    },
  };
}
