// Each record of an invocation turned into its AEP message, the way Connect's `WorkerSinkTask.convertAndTransformRecord`
// does: key, value and header converters, then the transformation chain; every failure is a record outcome, never
// thrown.

import { DataException } from '../converters/index.ts';
import type { ConnectorConverters, SchemaAndValue } from '../converters/types.ts';
import { Stage } from '../dead-letter/index.ts';
import type { RecordFailure } from '../dead-letter/types.ts';
import type { ConnectHeader, KafkaRecord, SinkRecord } from '../records/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import { ExecutingClasses, NullValueBehavior } from './constants.ts';
import { aepMessage } from './message.ts';
import type { RecordOutcomes } from './outcomes.ts';

const NO_HEADERS: readonly ConnectHeader[] = [];

/** What converting needs from the connector's pipeline. */
export interface Converting {
  readonly converters: ConnectorConverters;
  readonly transforms: TransformationChain;
  readonly nullValues: NullValueBehavior;
}

/** The AEP messages of an invocation, with the record each came from. */
export interface Messages {
  readonly texts: string[];
  /** `origins[j]` is the index of the record message `j` came from. */
  readonly origins: number[];
  /** Bytes of record keys and values in the event. */
  readonly bytes: number;
}

/**
 * Converts, transforms and serialises every record; failures and filtered records go to `outcomes`, the other
 * records become messages.
 *
 * @example
 * const { texts, origins } = convertRecords(converting, outcomes, decoded.errors);
 */
export function convertRecords(
  converting: Converting,
  outcomes: RecordOutcomes,
  decodeErrors: ReadonlyMap<KafkaRecord, Error>,
): Messages {
  const { converters, transforms } = converting;
  const { classNames } = converters;
  const { records } = outcomes;
  const texts: string[] = [];
  const origins: number[] = [];
  let bytes = 0;
  const fail = (i: number, stage: RecordFailure['stage'], className: string, e: unknown) =>
    outcomes.reject(i, { stage, className, error: e instanceof Error ? e : new Error(String(e)) });
  const chained = transforms.size > 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as KafkaRecord;
    const { topic } = record;
    bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
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
    try {
      value = converters.value.toConnectData(topic, record.value);
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
      texts.push(aepMessage(out, json, schema));
      origins.push(i);
    } catch (e) {
      fail(i, Stage.TASK_PUT, ExecutingClasses.TASK, e);
    }
  }
  return { texts, origins, bytes };
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
