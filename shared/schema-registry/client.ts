// Schema lookups through Confluent's own registry client (`@confluentinc/schemaregistry`: LRU caches by id, retries
// with jittered backoff on network errors, 408, 429 and 5xx, failover across URLs, basic and bearer auth), loaded on
// first use so that connectors without a schema-registry converter never load it.
import type {
  SchemaInfo,
  SchemaRegistryClient,
} from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import { REGISTRY_RETRY, SCHEMA_NOT_FOUND_CODES } from './constants.ts';
import { SchemaNotFoundError, SchemaRegistryError } from './errors.ts';
import type { RegistrySchema, SchemaFormat, SchemaRef, SchemaRegistrySettings } from './types.ts';

/**
 * A registry client for one converter: schemas by id or GUID (with their references, transitively) and the latest
 * schema of a subject. Lookups of the same id share one request; known schemas come from the client's bounded
 * cache, so each new id costs one round trip per container.
 *
 * @example
 * const registry = new SchemaRegistry(settings);
 * const schema = await registry.schema({ id: 1 }, 'orders-value'); // { format: 'AVRO', schema: '{"type":"record",…}', … }
 */
export class SchemaRegistry {
  readonly #settings: SchemaRegistrySettings;
  #client: Promise<SchemaRegistryClient> | undefined;
  readonly #pending = new Map<string, Promise<RegistrySchema>>();
  readonly #latestAt = new Map<string, number>();

  constructor(settings: SchemaRegistrySettings) {
    this.#settings = settings;
  }

  /** The URLs, for messages (credentials in them are hidden). */
  get url(): string {
    return this.#settings.urls.map((u) => u.replace(/\/\/[^/@]*@/, '//[hidden]@')).join(',');
  }

  /**
   * The schema a record names, with its references.
   *
   * @param subject the subject the record's schema is expected under (Confluent's `?subject=` hint).
   * @param format `serialized` asks for Protobuf schemas as base64 `FileDescriptorProto` (registries that store
   *   `.proto` text convert them; others serve what they store).
   * @throws {SchemaNotFoundError} when the registry has no schema with this id.
   * @throws {SchemaRegistryError} when the registry cannot be read.
   */
  schema(ref: SchemaRef, subject: string, format?: 'serialized'): Promise<RegistrySchema> {
    const key = 'id' in ref ? `id ${ref.id}` : `guid ${ref.guid}`;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#call(key, async (client) => {
        const info =
          'id' in ref
            ? await client.getBySubjectAndId(subject, ref.id, format)
            : await client.getByGuid(ref.guid, format);
        return this.#withReferences(client, key, info, format);
      }).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /**
   * The latest schema registered under `subject`.
   *
   * @throws {SchemaNotFoundError} when the subject has no schema.
   * @throws {SchemaRegistryError} when the registry cannot be read.
   */
  latest(subject: string, maxAgeMs: number): Promise<RegistrySchema> {
    return this.#call(`of subject ${subject}`, async (client) => {
      if (maxAgeMs >= 0 && Date.now() - (this.#latestAt.get(subject) ?? 0) > maxAgeMs) {
        client.clearLatestCaches();
        this.#latestAt.set(subject, Date.now());
      }
      const metadata = await client.getLatestSchemaMetadata(subject);
      return this.#withReferences(client, `${metadata.id}`, metadata);
    });
  }

  async #withReferences(
    client: SchemaRegistryClient,
    ref: string,
    info: SchemaInfo,
    format?: string,
  ): Promise<RegistrySchema> {
    const references = new Map<string, string>();
    const visit = async (schema: SchemaInfo): Promise<void> => {
      for (const reference of schema.references ?? []) {
        if (references.has(reference.name)) continue;
        const referenced = await client.getSchemaMetadata(reference.subject, reference.version, true, format);
        references.set(reference.name, referenced.schema);
        await visit(referenced);
      }
    };
    await visit(info);
    return { ref, format: (info.schemaType ?? 'AVRO') as SchemaFormat, schema: info.schema, references };
  }

  async #call<T>(what: string, call: (client: SchemaRegistryClient) => Promise<T>): Promise<T> {
    try {
      return await call(await this.#connect());
    } catch (e) {
      throw this.#translate(what, e);
    }
  }

  #connect(): Promise<SchemaRegistryClient> {
    this.#client ??= (async () => {
      const { SchemaRegistryClient } = await import(
        '@confluentinc/schemaregistry/dist/schemaregistry-client.js'
      );
      const s = this.#settings;
      const httpsAgent = s.tls ? await tlsAgent(s.tls) : undefined;
      return new SchemaRegistryClient({
        baseURLs: [...s.urls],
        cacheCapacity: s.cacheCapacity,
        createAxiosDefaults: { timeout: s.timeoutMs, ...(httpsAgent ? { httpsAgent } : {}) },
        maxRetries: REGISTRY_RETRY.maxRetries,
        retriesWaitMs: REGISTRY_RETRY.waitMs,
        retriesMaxWaitMs: REGISTRY_RETRY.maxWaitMs,
        ...(s.basicAuth
          ? {
              basicAuthCredentials: {
                credentialsSource: s.basicAuth.source,
                ...(s.basicAuth.userInfo ? { userInfo: s.basicAuth.userInfo } : {}),
              },
            }
          : {}),
        ...(s.bearerAuth
          ? { bearerAuthCredentials: { ...s.bearerAuth, credentialsSource: s.bearerAuth.source } }
          : {}),
      });
    })();
    return this.#client;
  }

  /** Confluent's `RestError` (status, error_code) or axios's network error → a domain error. */
  #translate(what: string, e: unknown): Error {
    if (e instanceof SchemaNotFoundError || e instanceof SchemaRegistryError) return e;
    const err = e as { status?: unknown; errorCode?: unknown; message?: string; code?: string };
    const message = err.message ?? String(e);
    if (typeof err.status === 'number') {
      if (
        err.status === 404 &&
        typeof err.errorCode === 'number' &&
        SCHEMA_NOT_FOUND_CODES.has(err.errorCode)
      ) {
        return new SchemaNotFoundError(what, message, { cause: e });
      }
      const retriable = err.status === 408 || err.status === 429 || err.status >= 500;
      return new SchemaRegistryError(
        this.url,
        `looking up schema ${what}: HTTP ${err.status}: ${message}`,
        retriable,
        err.status,
        {
          cause: e,
        },
      );
    }
    return new SchemaRegistryError(
      this.url,
      `looking up schema ${what}: ${err.code ? `${err.code} ` : ''}${message}`,
      true,
      undefined,
      {
        cause: e,
      },
    );
  }
}

async function tlsAgent(tls: NonNullable<SchemaRegistrySettings['tls']>) {
  const { Agent } = await import('node:https');
  return new Agent({
    keepAlive: true,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
    ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
    ...(tls.checkServerIdentity ? {} : { checkServerIdentity: () => undefined }),
  });
}
