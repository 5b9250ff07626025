// One connector config, built once and run per invocation: decode → convert → transform → AEP message → send →
// outcomes → error handling. The per-record steps and error stages are Connect's (`WorkerSinkTask.convertAndTransformRecord`,
// `RetryWithToleranceOperator`); delivery and the answer are a Lambda Kafka event source mapping's
// (AWS docs: "Configuring error handling controls for Kafka event sources", partial batch response).
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AepSender, MessageOutcome } from '../aep/types.ts';
import { ConfigErrors, ConfigException, type ConfigProblem } from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import { buildConverters, type ConnectorConverters } from '../converters/index.ts';
import { KafkaDeadLetterQueue, SqsDeadLetterQueue } from '../dead-letter/index.ts';
import type { DeadLetterEntry, DeadLetterQueue } from '../dead-letter/types.ts';
import { mappingDecodedConverters } from '../mappings/index.ts';
import { decodeKafkaEvent, recordRef } from '../records/index.ts';
import type { KafkaBatchResponse, KafkaRecord } from '../records/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import { type DeadLetterSettings, parseSinkSettings, type SinkSettings } from './config.ts';
import { convertRecords, type Messages } from './convert.ts';
import { DeliveryRetryError, ToleranceExceededError } from './errors.ts';
import { Outcome, type Problem, RecordOutcomes } from './outcomes.ts';
import { logFailures, logSkipped } from './report.ts';
import type { BatchSummary, ProcessOptions, SinkLogger, SinkTask, SinkTaskDeps } from './types.ts';

const NO_TRANSFORMS: TransformationChain = { size: 0, apply: (record) => record };
const FINISH_GRACE_MS = 10_000;
const SILENT: SinkLogger = { debug() {}, info() {}, warn() {}, error() {} };

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
  const converters = attempt(() =>
    buildConverters(deps.mappingsDecodeSchemas ? mappingDecodedConverters(config) : config),
  );
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
    // Schema-registry converters fetch the schemas the batch names; a registry outage fails the invocation here.
    await this.#p.converters.prepare(decoded.records);
    const outcomes = new RecordOutcomes(decoded.records, options.progress);
    const messages = convertRecords(
      { converters: this.#p.converters, transforms: this.#p.transforms, nullValues: settings.nullValues },
      outcomes,
      decoded.errors,
    );
    const emit = (counts: Partial<BatchSummary>) => this.#emit(outcomes, messages.bytes, counts, started);
    const none = settings.tolerance === 'none';
    outcomes.settle();

    let sending = messages;
    const stopAt = none ? outcomes.firstOf(Outcome.REJECTED) : new Map<string, number>();
    if (stopAt.size > 0) {
      // Connect stops at the first error; here each partition stops there, and nothing after it is sent.
      if (!settings.reportBatchItemFailures) {
        outcomes.reportFailures(stopAt);
        emit({ retried: outcomes.records.length });
        throw this.#firstError(outcomes, Math.min(...stopAt.values()));
      }
      sending = keepBefore(outcomes, stopAt, messages);
    }
    await this.#send(outcomes, sending, options);

    // Where each partition must resume: its first record to retry (and, with tolerance none, to fail).
    const resumeAt = outcomes.firstOf(
      Outcome.RETRIABLE,
      Outcome.PENDING,
      ...(none ? [Outcome.REJECTED] : []),
    );
    if (resumeAt.size > 0 && !settings.reportBatchItemFailures) {
      outcomes.reportFailures(resumeAt);
      emit({ retried: outcomes.records.length });
      throw this.#firstError(outcomes, Math.min(...resumeAt.values()));
    }
    const committed = [...outcomes.before(resumeAt)];
    const tolerated = committed.filter((i) => outcomes.outcome(i) === Outcome.REJECTED);
    const filtered = committed.filter((i) => outcomes.outcome(i) === Outcome.FILTERED);
    logSkipped(this.#p.logger, outcomes.records, {
      dropped: filtered.filter((i) => outcomes.droppedByTransform(i)),
      nulls: filtered.filter((i) => !outcomes.droppedByTransform(i)),
    });
    if (tolerated.length > 0)
      await this.#tolerate(outcomes, tolerated, decoded.bootstrapServers, options, emit);
    outcomes.settle();
    outcomes.reportFailures(resumeAt);
    emit({
      failed: tolerated.length,
      deadLettered: this.#p.deadLetter ? tolerated.length : 0,
      filtered: filtered.length,
      retried: outcomes.records.length - committed.length,
    });
    if (resumeAt.size === 0) return undefined;
    return {
      batchItemFailures: [...resumeAt].map(([partition, i]) => ({
        itemIdentifier: { partition, offset: (outcomes.records[i] as KafkaRecord).offset },
      })),
    };
  }

  /** Logs and dead-letters record errors that `errors.tolerance=all` skips; then they are settled. */
  async #tolerate(
    outcomes: RecordOutcomes,
    tolerated: readonly number[],
    bootstrapServers: readonly string[],
    options: ProcessOptions,
    emit: (counts: Partial<BatchSummary>) => void,
  ): Promise<void> {
    const entries: DeadLetterEntry[] = tolerated.map((i) => ({
      record: outcomes.records[i] as KafkaRecord,
      failure: (outcomes.problem(i) as Problem).failure,
    }));
    logFailures(this.#p.logger, entries, {
      connector: this.connector,
      task: this.#p.taskId,
      detailed: this.#p.settings.logErrors,
      includeMessages: this.#p.settings.logIncludeMessages,
      destination: this.#p.deadLetter?.destination,
    });
    if (this.#p.deadLetter) {
      try {
        await this.#p.deadLetter.send(entries, {
          bootstrapServers,
          deadline: options.finishBy ?? options.deadline + FINISH_GRACE_MS,
        });
      } catch (e) {
        emit({ retried: outcomes.records.length });
        throw e;
      }
    }
    outcomes.deadLettered(tolerated);
  }

  /** Sends the messages; each request's outcomes are recorded (and settled) as soon as it ends. */
  async #send(outcomes: RecordOutcomes, messages: Messages, options: ProcessOptions): Promise<void> {
    const { texts, origins } = messages;
    if (texts.length === 0) return;
    const answered = await this.#p.sender.send(texts, {
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stop ? { stop: options.stop } : {}),
      onOutcomes: (indexes, results) => {
        for (let k = 0; k < indexes.length; k++) {
          outcomes.fromAep(origins[indexes[k] as number] as number, results[k] as MessageOutcome);
        }
        outcomes.settle();
      },
    });
    if (answered.length !== texts.length) {
      throw new Error(`The AEP sender answered ${answered.length} outcomes for ${texts.length} messages`);
    }
    // A sender that reports only its answer.
    for (let j = 0; j < answered.length; j++) {
      const i = origins[j] as number;
      if (outcomes.outcome(i) === Outcome.PENDING) outcomes.fromAep(i, answered[j] as MessageOutcome);
    }
  }

  /** The error that fails the invocation at record `i`: a retriable delivery error, or tolerance exceeded. */
  #firstError(outcomes: RecordOutcomes, i: number): Error {
    const ref = recordRef(outcomes.records[i] as KafkaRecord);
    const { failure, status } = outcomes.problem(i) as Problem;
    if (outcomes.outcome(i) === Outcome.RETRIABLE) {
      return new DeliveryRetryError(
        ref,
        outcomes.count(Outcome.RETRIABLE),
        failure.aep?.message ?? failure.error.message,
        status,
        { cause: failure.error },
      );
    }
    return new ToleranceExceededError(ref, failure.stage, failure.error.message, { cause: failure.error });
  }

  #emit(outcomes: RecordOutcomes, bytes: number, counts: Partial<BatchSummary>, started: number): void {
    this.#p.metrics?.batch(this.connector, {
      records: outcomes.records.length,
      delivered: outcomes.count(Outcome.DELIVERED),
      failed: 0,
      deadLettered: 0,
      filtered: 0,
      retried: 0,
      ...counts,
      bytes,
      durationMs: performance.now() - started,
    });
  }
}

/** The messages of records that come before their partition's entry in `stops`. */
function keepBefore(
  outcomes: RecordOutcomes,
  stops: ReadonlyMap<string, number>,
  messages: Messages,
): Messages {
  const kept = new Set(outcomes.before(stops));
  const texts: string[] = [];
  const origins: number[] = [];
  messages.origins.forEach((i, j) => {
    if (!kept.has(i)) return;
    texts.push(messages.texts[j] as string);
    origins.push(i);
  });
  return { texts, origins, bytes: messages.bytes };
}
