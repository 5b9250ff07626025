// One connector config, built once and run per invocation: decode → convert → transform → AEP message → send →
// outcomes → error handling. The per-record steps and error stages are Connect's (`WorkerSinkTask.convertAndTransformRecord`,
// `RetryWithToleranceOperator`); delivery and the answer are a Lambda Kafka event source mapping's
// (AWS docs: "Configuring error handling controls for Kafka event sources", partial batch response).
import { SQSClient } from '@aws-sdk/client-sqs';
import { ImsTokenError } from '../aep/errors.ts';
import type { AepSender, MessageOutcome } from '../aep/types.ts';
import { ConfigErrors, ConfigException, type ConfigProblem } from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import { buildConverters, type ConnectorConverters, DataException } from '../converters/index.ts';
import type { SchemaAndValue } from '../converters/types.ts';
import { KafkaDeadLetterQueue, SqsDeadLetterQueue, Stage } from '../dead-letter/index.ts';
import type { DeadLetterEntry, DeadLetterQueue, RecordFailure } from '../dead-letter/types.ts';
import { decodeKafkaEvent, recordRef, topicPartition } from '../records/index.ts';
import type { ConnectHeader, KafkaBatchResponse, KafkaRecord, SinkRecord } from '../records/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import { type DeadLetterSettings, parseSinkSettings, type SinkSettings } from './config.ts';
import { ExecutingClasses, NullValueBehavior, REQUEST_LEVEL_STATUSES } from './constants.ts';
import { AepRejectionError, DeliveryRetryError, ToleranceExceededError } from './errors.ts';
import { aepMessage } from './message.ts';
import { logFailures, logSkipped } from './report.ts';
import type { BatchSummary, ProcessOptions, SinkLogger, SinkTask, SinkTaskDeps } from './types.ts';

const NO_TRANSFORMS: TransformationChain = { size: 0, apply: (record) => record };
const NO_HEADERS: readonly ConnectHeader[] = [];
const FINISH_GRACE_MS = 10_000;
const SILENT: SinkLogger = { debug() {}, info() {}, warn() {}, error() {} };

type Failed = Extract<MessageOutcome, { ok: false }>;

/**
 * Builds a connector's pipeline from its config: settings, converters, transformation chain, AEP sender and dead
 * letter queue. Build it once per config version and reuse it across invocations.
 *
 * @throws {ConfigErrors} naming every bad key of every part at once (nothing is left open).
 * @example
 * const task = createSinkTask(config, { createSender: (c) => createAepSender(c, { allowedHosts }) });
 * const response = await task.process(event, { deadline: Date.now() + 50_000 });
 */
export function createSinkTask(config: Readonly<Record<string, string>>, deps: SinkTaskDeps): SinkTask {
  const problems: ConfigProblem[] = [];
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (e) {
      if (e instanceof ConfigErrors) problems.push(...e.problems);
      else if (e instanceof ConfigException) problems.push({ key: e.key, message: e.message });
      else throw e;
      return undefined;
    }
  };
  const settings = attempt(() => parseSinkSettings(config));
  const converters = attempt(() => buildConverters(config));
  const transforms = attempt(() => transformsOf(config, deps));
  const taskId = deps.taskId ?? 0;
  const deadLetter =
    settings?.deadLetter &&
    attempt(() =>
      (deps.createDeadLetterQueue ?? defaultDeadLetterQueue)(settings.deadLetter as DeadLetterSettings, {
        connector: settings.name,
        task: taskId,
      }),
    );
  const sender = attempt(() => deps.createSender(config));
  if (problems.length > 0 || !settings || !converters || !transforms || !sender) {
    void sender?.close();
    void deadLetter?.close();
    throw new ConfigErrors(problems);
  }
  return new PipelineTask({
    settings,
    converters,
    transforms,
    sender,
    deadLetter,
    taskId,
    logger: deps.logger ?? SILENT,
    metrics: deps.metrics,
  });
}

function transformsOf(config: Readonly<Record<string, string>>, deps: SinkTaskDeps): TransformationChain {
  if (deps.createTransforms) return deps.createTransforms(config);
  const aliases = config[FrameworkKeys.TRANSFORMS]?.trim();
  if (aliases) {
    throw new ConfigException(
      FrameworkKeys.TRANSFORMS,
      aliases,
      'this sink was built without transform support',
    );
  }
  return NO_TRANSFORMS;
}

/** The dead letter queue adapters the sink ships: a Kafka topic, or an SQS queue. */
function defaultDeadLetterQueue(
  settings: DeadLetterSettings,
  task: { readonly connector: string; readonly task: number },
): DeadLetterQueue {
  if (settings.kind === 'sqs') {
    return new SqsDeadLetterQueue({
      client: new SQSClient({}),
      queueUrl: settings.queueUrl,
      contextHeaders: settings.contextHeaders,
      task,
    });
  }
  return new KafkaDeadLetterQueue({
    topic: settings.topic,
    replicationFactor: settings.replicationFactor,
    contextHeaders: settings.contextHeaders,
    task,
    clientProperties: settings.producerOverrides,
  });
}

interface Parts {
  readonly settings: SinkSettings;
  readonly converters: ConnectorConverters;
  readonly transforms: TransformationChain;
  readonly sender: AepSender;
  readonly deadLetter: DeadLetterQueue | undefined;
  readonly taskId: number;
  readonly logger: SinkLogger;
  readonly metrics: SinkTaskDeps['metrics'];
}

/** What one invocation found, record by record (indexes into the decoded records). */
interface Batch {
  readonly records: readonly KafkaRecord[];
  /** Records that failed for good (converter, transform, null value, AEP rejection). */
  readonly failures: Map<number, RecordFailure>;
  /** Records AEP did not take for a reason that may pass: never dead-lettered, always retried. */
  readonly retries: Map<number, Failed>;
  readonly dropped: number[];
  readonly nulls: number[];
  messages: string[];
  origins: number[];
  delivered: number;
  bytes: number;
}

class PipelineTask implements SinkTask {
  readonly connector: string;
  readonly #p: Parts;
  readonly #running = new Set<Promise<unknown>>();

  constructor(parts: Parts) {
    this.#p = parts;
    this.connector = parts.settings.name;
  }

  process(event: unknown, options: ProcessOptions): Promise<KafkaBatchResponse | undefined> {
    const run = this.#process(event, options);
    this.#running.add(run);
    const done = () => this.#running.delete(run);
    run.then(done, done);
    return run;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#running]);
    await Promise.allSettled([this.#p.sender.close(), this.#p.deadLetter?.close()]);
  }

  async #process(event: unknown, options: ProcessOptions): Promise<KafkaBatchResponse | undefined> {
    const started = performance.now();
    const { settings } = this.#p;
    const decoded = decodeKafkaEvent(event);
    const batch = this.#convert(decoded.records, decoded.errors);
    const none = settings.tolerance === 'none';

    if (none && batch.failures.size > 0) {
      // Connect stops at the first error; here each partition stops there, and nothing after it is sent.
      if (!settings.reportBatchItemFailures) {
        this.#emit(batch, { retried: batch.records.length }, started);
        throw this.#firstError(batch, firstIndex(batch.failures.keys()));
      }
      this.#keepBeforeFirstFailure(batch);
    }
    await this.#send(batch, options);

    // Where each partition must resume: its first record to retry (and, with tolerance none, to fail).
    const resumeAt = firstPerPartition(batch.records, [
      ...batch.retries.keys(),
      ...(none ? batch.failures.keys() : []),
    ]);
    if (resumeAt.size > 0 && !settings.reportBatchItemFailures) {
      this.#emit(batch, { retried: batch.records.length }, started);
      throw this.#firstError(batch, firstIndex(resumeAt.values()));
    }
    const committed = (i: number) => before(batch.records, resumeAt, i);

    const tolerated = [...batch.failures].filter(([i]) => committed(i));
    const entries: DeadLetterEntry[] = tolerated.map(([i, failure]) => ({
      record: batch.records[i] as KafkaRecord,
      failure,
    }));
    let retried = 0;
    if (resumeAt.size > 0) for (let i = 0; i < batch.records.length; i++) if (!committed(i)) retried++;
    const skipped = {
      dropped: batch.dropped.filter(committed),
      nulls: batch.nulls.filter(committed),
    };
    logSkipped(this.#p.logger, batch.records, skipped);
    if (entries.length > 0) {
      logFailures(this.#p.logger, entries, {
        connector: this.connector,
        task: this.#p.taskId,
        detailed: settings.logErrors,
        includeMessages: settings.logIncludeMessages,
        destination: this.#p.deadLetter?.destination,
      });
      if (this.#p.deadLetter) {
        try {
          await this.#p.deadLetter.send(entries, {
            bootstrapServers: decoded.bootstrapServers,
            deadline: options.finishBy ?? options.deadline + FINISH_GRACE_MS,
          });
        } catch (e) {
          this.#emit(batch, { retried: batch.records.length }, started);
          throw e;
        }
      }
    }
    this.#emit(
      batch,
      {
        failed: entries.length,
        deadLettered: this.#p.deadLetter ? entries.length : 0,
        filtered: skipped.dropped.length + skipped.nulls.length,
        retried,
      },
      started,
    );
    if (resumeAt.size === 0) return undefined;
    return {
      batchItemFailures: [...resumeAt].map(([partition, i]) => ({
        itemIdentifier: { partition, offset: (batch.records[i] as KafkaRecord).offset },
      })),
    };
  }

  /** Converts, transforms and serialises every record; failures and skips are noted, never thrown. */
  #convert(records: readonly KafkaRecord[], decodeErrors: ReadonlyMap<KafkaRecord, Error>): Batch {
    const { converters, transforms, settings } = this.#p;
    const { classNames } = converters;
    const batch: Batch = {
      records,
      failures: new Map(),
      retries: new Map(),
      dropped: [],
      nulls: [],
      messages: [],
      origins: [],
      delivered: 0,
      bytes: 0,
    };
    const fail = (i: number, stage: RecordFailure['stage'], className: string, e: unknown) =>
      batch.failures.set(i, { stage, className, error: asError(e) });
    const chained = transforms.size > 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as KafkaRecord;
      const { topic } = record;
      batch.bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
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
        fail(i, Stage.KEY_CONVERTER, classNames.key, e);
        continue;
      }
      try {
        value = converters.value.toConnectData(topic, record.value);
      } catch (e) {
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
          batch.dropped.push(i);
          continue;
        }
        out = transformed.value;
        schema = transformed.valueSchema;
        json = undefined;
      }
      if (out === null || out === undefined) {
        if (settings.nullValues === NullValueBehavior.IGNORE) batch.nulls.push(i);
        else fail(i, Stage.TASK_PUT, ExecutingClasses.TASK, nullValueError());
        continue;
      }
      try {
        batch.messages.push(aepMessage(out, json, schema));
        batch.origins.push(i);
      } catch (e) {
        fail(i, Stage.TASK_PUT, ExecutingClasses.TASK, e);
      }
    }
    return batch;
  }

  /** With tolerance none and partial responses: send nothing at or after a partition's first failure. */
  #keepBeforeFirstFailure(batch: Batch): void {
    const stopAt = firstPerPartition(batch.records, batch.failures.keys());
    const messages: string[] = [];
    const origins: number[] = [];
    batch.origins.forEach((i, j) => {
      if (!before(batch.records, stopAt, i)) return;
      messages.push(batch.messages[j] as string);
      origins.push(i);
    });
    batch.messages = messages;
    batch.origins = origins;
  }

  async #send(batch: Batch, options: ProcessOptions): Promise<void> {
    if (batch.messages.length === 0) return;
    const outcomes = await this.#p.sender.send(batch.messages, {
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (outcomes.length !== batch.messages.length) {
      throw new Error(
        `The AEP sender answered ${outcomes.length} outcomes for ${batch.messages.length} messages`,
      );
    }
    for (let j = 0; j < outcomes.length; j++) {
      const outcome = outcomes[j] as MessageOutcome;
      const i = batch.origins[j] as number;
      if (outcome.ok) batch.delivered++;
      else if (isRequestFailure(outcome)) batch.retries.set(i, outcome);
      else {
        batch.failures.set(i, {
          stage: Stage.TASK_PUT,
          className: ExecutingClasses.TASK,
          error: new AepRejectionError(outcome.status, outcome.reason, { cause: outcome.cause }),
          aep: {
            ...(outcome.status !== undefined ? { status: outcome.status } : {}),
            message: outcome.reason,
          },
        });
      }
    }
  }

  /** The error that fails the invocation at record `i`: a retriable delivery error, or tolerance exceeded. */
  #firstError(batch: Batch, i: number): Error {
    const ref = recordRef(batch.records[i] as KafkaRecord);
    const retry = batch.retries.get(i);
    if (retry)
      return new DeliveryRetryError(ref, batch.retries.size, retry.reason, retry.status, {
        cause: retry.cause,
      });
    const failure = batch.failures.get(i) as RecordFailure;
    return new ToleranceExceededError(ref, failure.stage, failure.error.message, { cause: failure.error });
  }

  #emit(batch: Batch, counts: Partial<BatchSummary>, started: number): void {
    this.#p.metrics?.batch(this.connector, {
      records: batch.records.length,
      delivered: batch.delivered,
      failed: 0,
      deadLettered: 0,
      filtered: 0,
      retried: 0,
      ...counts,
      bytes: batch.bytes,
      durationMs: performance.now() - started,
    });
  }
}

/**
 * A failure that is not about the message itself, so dead-lettering it would be wrong: it may pass (429, 5xx,
 * network, deadline), or it concerns the whole request (credentials, inlet, proxy, IMS refusing the client).
 */
function isRequestFailure(outcome: Failed): boolean {
  return (
    outcome.retriable ||
    (outcome.status !== undefined && REQUEST_LEVEL_STATUSES.has(outcome.status)) ||
    outcome.cause instanceof ImsTokenError
  );
}

/** For each partition, the first of these records (indexes into the decoded records, which are in partition order). */
function firstPerPartition(records: readonly KafkaRecord[], indexes: Iterable<number>): Map<string, number> {
  const first = new Map<string, number>();
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const r = records[i] as KafkaRecord;
    const tp = topicPartition(r.topic, r.partition);
    if (!first.has(tp)) first.set(tp, i);
  }
  return first;
}

/** Whether record `i` comes before its partition's entry in `first` (always, for a partition without one). */
function before(records: readonly KafkaRecord[], first: ReadonlyMap<string, number>, i: number): boolean {
  const r = records[i] as KafkaRecord;
  const from = first.get(topicPartition(r.topic, r.partition));
  return from === undefined || i < from;
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

function firstIndex(indexes: Iterable<number>): number {
  let first = Number.POSITIVE_INFINITY;
  for (const i of indexes) if (i < first) first = i;
  return first;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
