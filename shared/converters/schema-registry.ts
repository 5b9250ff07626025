// What Confluent's schema-registry converters share (`AbstractKafkaSchemaSerDe`, `AbstractKafkaAvroDeserializer`,
// `KafkaProtobufDeserializer`, `KafkaJsonSchemaDeserializer`): the wire format (magic byte 0 and a 4-byte schema id, or
// magic byte 1 and a 16-byte GUID; Protobuf adds message indexes), the schema lookup, and the per-record errors.
// The wire format is read with Confluent's own `SchemaId`; the registry client is Confluent's too.
import type { ConfigDef } from '../config/index.ts';
import type { KafkaRecord } from '../records/types.ts';
import {
  SchemaRegistryKeys as K,
  type RegistrySchema,
  registrySettings,
  type SchemaFormat,
  SchemaNotFoundError,
  type SchemaRef,
  SchemaRegistry,
  SchemaRegistryError,
  schemaRegistryConfigDef,
  subjectName,
  UNKNOWN_SCHEMA_TTL_MS,
} from '../schema-registry/index.ts';
import { CONFLUENT_VERSION } from './constants.ts';
import { converterAliases, converterConfigDef } from './converter-config.ts';
import { DataException } from './errors.ts';
import type { Converter, ConverterPlugin, SchemaAndValue } from './types.ts';

/** Turns the bytes after the wire-format header into Connect data, for one schema. */
export type PayloadDecoder = (payload: Buffer, messageIndexes: readonly number[]) => SchemaAndValue;

/** One format of a schema-registry converter: its class and how a schema becomes a decoder. */
export interface RegistryFormat {
  readonly className: string;
  /** As Confluent's messages name the format: `Failed to deserialize data for topic t to Avro`. */
  readonly displayName: string;
  readonly schemaType: SchemaFormat;
  /** Ask the registry for the schema in this form (`serialized`: Protobuf as a base64 descriptor). */
  readonly fetchFormat?: 'serialized';
  /** The format's own keys, added to the shared ones. */
  readonly configDef?: (def: ConfigDef) => ConfigDef;
  /**
   * Builds the decoder of the writer's schema (and the reader's, with `use.latest.version`), loading the format
   * library on first use.
   *
   * @throws when the schema cannot be used: every record written with it fails with that reason.
   */
  compile(writer: RegistrySchema, reader: RegistrySchema | undefined): Promise<PayloadDecoder>;
}

type WireModule = typeof import('@confluentinc/schemaregistry/dist/serde/serde.js');

/** A schema's decoder, or why its records fail; looked up again after `until`. */
type Entry = ({ readonly decode: PayloadDecoder } | { readonly error: Error }) & { readonly until: number };

const NULL: SchemaAndValue = { schema: null, value: null };

/**
 * A converter plugin reading Confluent's wire format through the schema registry. Its instances fetch the schemas a
 * batch names in {@link Converter.prepare} (one round trip per new schema per container) and decode records
 * synchronously afterwards.
 */
export function registryConverter(format: RegistryFormat): ConverterPlugin {
  return {
    className: format.className,
    aliases: converterAliases(format.className, ['converter']),
    types: ['converter'],
    version: CONFLUENT_VERSION,
    configDef() {
      const def = converterConfigDef().defineAll(schemaRegistryConfigDef());
      return format.configDef ? format.configDef(def) : def;
    },
    create(settings) {
      return new RegistryConverter(format, settings);
    },
  };
}

class RegistryConverter implements Converter {
  readonly #format: RegistryFormat;
  readonly #registry: SchemaRegistry;
  readonly #isKey: boolean;
  readonly #strategy: string;
  readonly #useLatest: boolean;
  readonly #latestTtlMs: number;
  readonly #capacity: number;
  readonly #entries = new Map<string, Entry>();
  #wire: WireModule | undefined;

  constructor(format: RegistryFormat, settings: Readonly<Record<string, unknown>>) {
    this.#format = format;
    this.#registry = new SchemaRegistry(registrySettings(settings));
    this.#isKey = settings['converter.type'] === 'key';
    this.#strategy = String(settings[this.#isKey ? K.KEY_SUBJECT_STRATEGY : K.VALUE_SUBJECT_STRATEGY]);
    this.#useLatest = settings[K.USE_LATEST_VERSION] === true;
    const ttl = Number(settings[K.LATEST_CACHE_TTL]);
    this.#latestTtlMs = ttl < 0 ? -1 : ttl * 1000;
    this.#capacity = Number(settings[K.MAX_SCHEMAS]);
  }

  async prepare(records: readonly KafkaRecord[]): Promise<void> {
    const wanted = new Map<string, { ref: SchemaRef; topic: string }>();
    for (const record of records) {
      const bytes = this.#isKey ? record.key : record.value;
      if (bytes === null || bytes.length === 0) continue;
      this.#wire ??= await import('@confluentinc/schemaregistry/dist/serde/serde.js');
      const ref = this.#header(bytes, record.topic)?.ref;
      if (!ref) continue;
      const key = refKey(ref);
      const entry = this.#entries.get(key);
      if (entry && entry.until > Date.now()) continue;
      wanted.set(key, { ref, topic: record.topic });
    }
    for (const [key, { ref, topic }] of wanted) {
      this.#remember(key, await this.#load(ref, topic), wanted);
    }
  }

  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null || bytes.length === 0) return NULL;
    const header = this.#header(bytes, topic, true);
    const key = refKey(header.ref);
    const entry = this.#entries.get(key);
    if (!entry) {
      // Only when concurrent batches name more new schemas than the cache holds: retry, never fail the record.
      throw Object.assign(new Error(`Schema ${key} of a ${topic} record was evicted before conversion`), {
        retriable: true,
      });
    }
    if ('error' in entry) throw this.#failure(topic, entry.error);
    try {
      return entry.decode(bytes.subarray(header.length), header.messageIndexes);
    } catch (e) {
      throw this.#failure(topic, e as Error);
    }
  }

  /** Reads the header: `undefined` (or, with `strict`, a DataException) when the bytes have no valid one. */
  #header(bytes: Buffer, topic: string, strict: true): Header;
  #header(bytes: Buffer, topic: string, strict?: boolean): Header | undefined;
  #header(bytes: Buffer, topic: string, strict = false): Header | undefined {
    const wire = this.#wire;
    if (!wire) throw new Error('prepare() must run before toConnectData()');
    const schemaId = new wire.SchemaId(this.#format.schemaType);
    let length: number;
    try {
      if (bytes[0] !== 0 && bytes[0] !== 1) {
        throw new Error(
          `Unknown magic byte 0x${bytes[0]?.toString(16).padStart(2, '0')}: the bytes were not written by a schema registry serializer (which writes 0x00)`,
        );
      }
      length = schemaId.fromBytes(bytes);
      if (length > bytes.length)
        throw new Error(`The record has ${bytes.length} bytes, fewer than its header`);
    } catch (e) {
      if (!strict) return undefined;
      throw this.#failure(topic, e as Error);
    }
    const ref: SchemaRef =
      schemaId.id !== undefined ? { id: schemaId.id } : { guid: schemaId.guid as string };
    return { ref, length, messageIndexes: schemaId.messageIndexes ?? [] };
  }

  async #load(ref: SchemaRef, topic: string): Promise<Entry> {
    const subject = subjectName(this.#strategy, topic, this.#isKey);
    try {
      const writer = await this.#registry.schema(ref, subject, this.#format.fetchFormat);
      const reader = this.#useLatest ? await this.#registry.latest(subject, this.#latestTtlMs) : undefined;
      if (writer.format !== this.#format.schemaType) {
        throw new Error(`Schema ${refKey(ref)} is a ${writer.format} schema, not ${this.#format.schemaType}`);
      }
      // With use.latest.version the reader schema is the subject's latest: look it up again after latest.cache.ttl.sec.
      const until =
        reader && this.#latestTtlMs >= 0 ? Date.now() + this.#latestTtlMs : Number.POSITIVE_INFINITY;
      return { decode: await this.#format.compile(writer, reader), until };
    } catch (e) {
      if (e instanceof SchemaNotFoundError) return { error: e, until: Date.now() + UNKNOWN_SCHEMA_TTL_MS };
      if (e instanceof SchemaRegistryError) throw e; // the registry is unavailable: the batch fails, no record
      return { error: e as Error, until: Date.now() + UNKNOWN_SCHEMA_TTL_MS };
    }
  }

  /** Keeps the cache within its capacity, never evicting a schema the current batch needs. */
  #remember(key: string, entry: Entry, batch: ReadonlyMap<string, unknown>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    for (const old of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) break;
      if (!batch.has(old)) this.#entries.delete(old);
    }
  }

  #failure(topic: string, cause: Error): DataException {
    const what = this.#isKey ? 'key' : 'value';
    return new DataException(
      `Failed to deserialize ${what} data for topic ${topic} to ${this.#format.displayName}: ${cause.message}`,
      { cause },
    );
  }
}

interface Header {
  readonly ref: SchemaRef;
  readonly length: number;
  readonly messageIndexes: readonly number[];
}

function refKey(ref: SchemaRef): string {
  return 'id' in ref ? `id ${ref.id}` : `guid ${ref.guid}`;
}
