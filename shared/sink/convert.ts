// Each record of an invocation turned into its AEP message, the way Connect's `WorkerSinkTask.convertAndTransformRecord`
// does: key, value and header converters, then the transformation chain; every failure is a record outcome, never
// thrown.
import type { AepMessage } from '../aep/types.ts';
import { DataException } from '../converters/index.ts';
import type { ConnectorConverters, Converter, SchemaAndValue } from '../converters/types.ts';
import { Stage } from '../dead-letter/index.ts';
import type { RecordFailure } from '../dead-letter/types.ts';
import type { ConnectHeader, KafkaRecord, SinkRecord } from '../records/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import { ExecutingClasses, NullValueBehavior } from './constants.ts';
import { isForwardableJson } from './json-bytes.ts';
import { aepMessage } from './message.ts';
import { Outcome, type RecordOutcomes } from './outcomes.ts';

const NO_HEADERS: readonly ConnectHeader[] = [];
/** The value of a forwarded record, which nothing reads. */
const FORWARDED: SchemaAndValue = { schema: null, value: null };

/** What converting needs from the connector's pipeline. */
export interface Converting {
  readonly converters: ConnectorConverters;
  readonly transforms: TransformationChain;
  readonly nullValues: NullValueBehavior;
  /**
   * The value bytes of a valid JSON record can be sent as they are (see {@link forwardsJsonText}); decided once per
   * task.
   */
  readonly forwardJson: boolean;
}

/** The AEP messages of an invocation, with the record each came from. */
export interface Messages {
  readonly messages: AepMessage[];
  /** `origins[j]` is the index of the record message `j` came from. */
  readonly origins: number[];
  /** Bytes of record keys and values in the event. */
  readonly bytes: number;
}

/**
 * Whether a value converter reads JSON text as schemaless data and keeps the text it parsed (`JsonConverter` with
 * `schemas.enable=false`): then, with no transforms, a record whose value is valid JSON needs no conversion, because
 * its message is its own bytes, and the converter only has to see the records that are not (which it fails, or reads
 * as a null value or a string, exactly as before).
 *
 * @example
 * forwardsJsonText(jsonConverter.create({ 'converter.type': 'value', 'schemas.enable': false })); // true
 */
export function forwardsJsonText(converter: Converter): boolean {
  try {
    const probe = converter.toConnectData('', Buffer.from('{"a":[1]}'));
    return probe.schema === null && probe.json === '{"a":[1]}';
  } catch {
    return false;
  }
}

/**
 * Converts, transforms and serialises records `[from, to)`; failures and filtered records go to `outcomes`, the other
 * records become messages.
 */
export function convertRecords(
  converting: Converting,
  outcomes: RecordOutcomes,
  decodeErrors: ReadonlyMap<KafkaRecord, Error>,
  from = 0,
  to = outcomes.records.length,
): Messages {
  const { converters, transforms } = converting;
  const { classNames } = converters;
  const { records } = outcomes;
  const messages: AepMessage[] = [];
  const origins: number[] = [];
  let bytes = 0;
  const fail = (i: number, stage: RecordFailure['stage'], className: string, e: unknown) =>
    outcomes.reject(i, { stage, className, error: e instanceof Error ? e : new Error(String(e)) });
  const chained = transforms.size > 0;
  const forward = converting.forwardJson && !chained;
  for (let i = from; i < Math.min(to, records.length); i++) {
    const record = records[i] as KafkaRecord;
    const { topic } = record;
    bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
    if (outcomes.outcome(i) !== Outcome.PENDING) continue; // decided already (delivered by an earlier invocation)
    const decodeError = decodeErrors.size > 0 ? decodeErrors.get(record) : undefined;
    if (decodeError) {
      fail(i, Stage.KAFKA_CONSUME, ExecutingClasses.EVENT, decodeError);
      continue;
    }
    let key: SchemaAndValue;
    let value: SchemaAndValue;
    let headers = NO_HEADERS;
    try {
      key = converters.key.toConnectData(topic, record.key);
    } catch (e) {
      if (isRetriable(e)) throw e;
      fail(i, Stage.KEY_CONVERTER, classNames.key, e);
      continue;
    }
    // The fast path: valid JSON bytes are the message; everything else goes through the converter.
    const forwarded = forward && record.value !== null && isForwardableJson(record.value);
    try {
      value = forwarded ? FORWARDED : converters.value.toConnectData(topic, record.value);
    } catch (e) {
      if (isRetriable(e)) throw e;
      fail(i, Stage.VALUE_CONVERTER, classNames.value, e);
      continue;
    }
    if (record.headers.length > 0) {
      try {
        headers = record.headers.map((h) => ({
          key: h.key,
          ...converters.header.toConnectHeader(topic, h.key, h.value),
        }));
      } catch (e) {
        fail(i, Stage.HEADER_CONVERTER, classNames.header, e);
        continue;
      }
    }
    if (forwarded) {
      messages.push(record.value as Buffer);
      origins.push(i);
      continue;
    }
    let out: unknown = value.value;
    let schema = value.schema;
    let json = value.json;
    if (chained) {
      let transformed: SinkRecord | null;
      try {
        transformed = transforms.apply(sinkRecord(record, key, value, headers));
      } catch (e) {
        const plugin = (e as { pluginClass?: unknown }).pluginClass;
        fail(
          i,
          Stage.TRANSFORMATION,
          typeof plugin === 'string' ? plugin : ExecutingClasses.TRANSFORMATION_CHAIN,
          e,
        );
        continue;
      }
      if (transformed === null) {
        outcomes.filter(i, 'transform');
        continue;
      }
      out = transformed.value;
      schema = transformed.valueSchema;
      json = undefined;
    }
    if (out === null || out === undefined) {
      if (converting.nullValues === NullValueBehavior.IGNORE) outcomes.filter(i, 'null value');
      else fail(i, Stage.TASK_PUT, ExecutingClasses.TASK, nullValueError());
      continue;
    }
    try {
      messages.push(aepMessage(out, json, schema));
      origins.push(i);
    } catch (e) {
      fail(i, Stage.TASK_PUT, ExecutingClasses.TASK, e);
    }
  }
  return { messages, origins, bytes };
}

function sinkRecord(
  record: KafkaRecord,
  key: SchemaAndValue,
  value: SchemaAndValue,
  headers: readonly ConnectHeader[],
): SinkRecord {
  return {
    topic: record.topic,
    kafkaPartition: record.partition,
    kafkaOffset: record.offset,
    timestamp: record.timestamp >= 0 ? record.timestamp : null,
    timestampType: record.timestampType,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    headers,
    original: record,
  };
}

function nullValueError(): DataException {
  return new DataException(
    'The record value is null (a tombstone) and behavior.on.null.values=fail: AEP has nothing to ingest',
  );
}

/** A converter error that is not about the record (a schema registry outage): the whole invocation fails. */
function isRetriable(e: unknown): boolean {
  return (e as { retriable?: unknown } | null)?.retriable === true;
}
