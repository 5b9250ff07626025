// Record factory and one-transform chains for the transform tests.
import type { ConnectHeader, ConnectSchema, SinkRecord } from '../../../shared/records/types.ts';
import { buildTransformationChain } from '../../../shared/transforms/index.ts';

/** A consumed record as the sink hands it to the chain; override any field. */
export function sinkRecord(overrides: Partial<SinkRecord> = {}): SinkRecord {
  const topic = overrides.topic ?? 'orders';
  return {
    topic,
    kafkaPartition: 0,
    kafkaOffset: 42,
    timestamp: Date.UTC(2018, 3, 17, 12, 30, 45, 123),
    timestampType: 'CREATE_TIME',
    keySchema: null,
    key: null,
    valueSchema: null,
    value: null,
    headers: [],
    original: {
      topic,
      partition: 0,
      offset: 42,
      timestamp: 0,
      timestampType: 'CREATE_TIME',
      key: null,
      value: null,
      headers: [],
    },
    ...overrides,
  };
}

/** A value record (schemaless unless `valueSchema` is given). */
export function withValue(value: unknown, valueSchema: ConnectSchema | null = null): SinkRecord {
  return sinkRecord({ value, valueSchema });
}

/** The value of a transformed record, typed for assertions (fails when the record was dropped). */
export function valueAfter<T>(record: SinkRecord | null): T {
  if (record === null) throw new Error('the record was dropped');
  return record.value as T;
}

/** A field of `struct`: a type name, or a whole schema (optional, default, nested fields…). */
type FieldSchema = ConnectSchema['type'] | ConnectSchema;

/**
 * A struct schema with the fields in order, plus any other schema property.
 *
 * @example
 * struct({ id: 'int64', note: { type: 'string', optional: true } }, { name: 'Order' })
 * // { type: 'struct', name: 'Order', fields: [{ field: 'id', type: 'int64' }, { field: 'note', type: 'string', optional: true }] }
 */
export function struct(
  fields: Record<string, FieldSchema>,
  extra: Partial<ConnectSchema> = {},
): ConnectSchema {
  return {
    type: 'struct',
    ...extra,
    fields: Object.entries(fields).map(([field, schema]) =>
      typeof schema === 'string' ? { field, type: schema } : { field, ...schema },
    ),
  };
}

/** A header as the header converter gives it. */
export function header(key: string, value: unknown = 'v'): ConnectHeader {
  return { key, value, schema: { type: 'string' } };
}

/**
 * Applies one transform, configured like `transforms=t`, `transforms.t.type=<type>`, `transforms.t.<key>=…`.
 *
 * @example
 * apply('InsertField$Value', { 'static.field': 'f', 'static.value': 'v' }, withValue({}))
 */
export function apply(type: string, config: Record<string, string>, record: SinkRecord): SinkRecord | null {
  return transform(type, config)(record);
}

/** The same, as a reusable function (configured once). */
export function transform(
  type: string,
  config: Record<string, string>,
): (record: SinkRecord) => SinkRecord | null {
  const chain = buildTransformationChain(transformConfig(type, config));
  return (record) => chain.apply(record);
}

/** The connector config of one transform `t` of `type` with `config` (keys without the `transforms.t.` prefix). */
function transformConfig(type: string, config: Record<string, string>): Record<string, string> {
  const props: Record<string, string> = { transforms: 't', 'transforms.t.type': type };
  for (const [k, v] of Object.entries(config)) props[`transforms.t.${k}`] = v;
  return props;
}

/** The message of the error `fn` throws, following `cause` to the transform's own error. */
export function failure(fn: () => unknown): { message: string; cause: Error } {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    return { message: err.message, cause: (err.cause as Error | undefined) ?? err };
  }
  throw new Error('expected a failure');
}

/** Every configuration problem the config gives, as `key: message` lines. */
export function configProblems(config: Record<string, string>): string[] {
  try {
    buildTransformationChain(config);
  } catch (e) {
    const problems = (e as { problems?: Array<{ key: string; message: string }> }).problems;
    if (problems) return problems.map((p) => `${p.key}: ${p.message}`);
    throw e;
  }
  return [];
}

/** The configuration problems of one transform `t`, configured as `apply` configures it. */
export function transformProblems(type: string, config: Record<string, string>): string[] {
  return configProblems(transformConfig(type, config));
}
