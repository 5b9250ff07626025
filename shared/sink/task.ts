// One connector config, built once and run per invocation: decode → convert → transform → AEP message → send →
// outcomes → error handling. The per-record steps and error stages are Connect's (`WorkerSinkTask.convertAndTransformRecord`,
// `RetryWithToleranceOperator`); delivery and the answer are a Lambda Kafka event source mapping's
// (AWS docs: "Configuring error handling controls for Kafka event sources", partial batch response).
import { setImmediate } from 'node:timers/promises';
import type { AepMessage, AepSender, MessageOutcome } from '../aep/types.ts';
import { ConfigErrors, ConfigException, type ConfigProblem } from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import { buildConverters } from '../converters/index.ts';
import type { DeadLetterEntry, DeadLetterQueue } from '../dead-letter/types.ts';
import { type Logger, SILENT_LOGGER } from '../logging/index.ts';
import { mappingDecodedConverters } from '../mappings/index.ts';
import { decodeKafkaEvent, recordRef } from '../records/index.ts';
import type { KafkaBatchResponse, KafkaRecord } from '../records/types.ts';
import type { TransformationChain } from '../transforms/types.ts';
import { type DeadLetterSettings, parseSinkSettings, type SinkSettings } from './config.ts';
import { type Converting, convertRecords, forwardsJsonText, type Messages } from './convert.ts';
import { defaultDeadLetterQueue } from './dead-letter-queues.ts';
import { DeliveredAhead } from './delivered-ahead.ts';
import { DeliveryRetryError, ToleranceExceededError } from './errors.ts';
import { Outcome, type Problem, RecordOutcomes } from './outcomes.ts';
import { logFailures, logSkipped } from './report.ts';
import type { BatchSummary, ProcessOptions, SinkTask, SinkTaskDeps } from './types.ts';

const NO_TRANSFORMS: TransformationChain = { size: 0, apply: (record) => record };
const NO_STOPS: ReadonlyMap<string, number> = new Map();
/** Records converted between two hand-overs to the AEP delivery (about one request of 1 KiB records). */
const CONVERT_CHUNK = 1024;
const FINISH_GRACE_MS = 10_000;

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
    converting: {
      converters,
      transforms,
      nullValues: settings.nullValues,
      forwardJson: forwardsJsonText(converters.value),
    },
    sender,
    deadLetter,
    taskId,
    logger: deps.logger ?? SILENT_LOGGER,
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

interface Parts {
  readonly settings: SinkSettings;
  readonly converting: Converting;
  readonly sender: AepSender;
  readonly deadLetter: DeadLetterQueue | undefined;
  readonly taskId: number;
  readonly logger: Logger;
  readonly metrics: SinkTaskDeps['metrics'];
}

class PipelineTask implements SinkTask {
  readonly connector: string;
  readonly #p: Parts;
  readonly #running = new Set<Promise<unknown>>();
  readonly #ahead = new DeliveredAhead();

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
    await this.#p.converting.converters.prepare(decoded.records);
    const outcomes = new RecordOutcomes(decoded.records, options.progress);
    const known = this.#ahead.apply(outcomes);
    if (known > 0) {
      this.#p.logger.info(
        `${known} record(s) of this batch were delivered to AEP by an earlier invocation (after a record that had to be retried or skipped); not sending them again`,
        { connector: this.connector, skipped: known },
      );
    }
    let bytes = 0;
    const emit = (counts: Partial<BatchSummary>) => this.#emit(outcomes, bytes, counts, started);
    const none = settings.tolerance === 'none';
    // Records are converted a chunk at a time and handed to the delivery, which sends each request as soon as it is
    // full: compression and the first requests overlap the conversion of the rest. With tolerance none and no
    // partial responses a bad record fails the whole invocation before anything is sent, so all is converted first.
    const records = outcomes.records.length;
    const chunk = none && !settings.reportBatchItemFailures ? records : CONVERT_CHUNK;
    const origins: number[] = [];
    const delivery = this.#p.sender.open({
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stop ? { stop: options.stop } : {}),
      onOutcomes: (indexes, results) => {
        for (let k = 0; k < indexes.length; k++) {
          outcomes.fromAep(origins[indexes[k] as number] as number, results[k] as MessageOutcome);
        }
        outcomes.settle();
      },
      ...(options.progress?.sending
        ? { onSend: (indexes) => outcomes.sending(indexes.map((j) => origins[j] as number)) }
        : {}),
    });
    let answered: MessageOutcome[];
    try {
      for (let from = 0; from < records; from += chunk) {
        const part = convertRecords(this.#p.converting, outcomes, decoded.errors, from, from + chunk);
        bytes += part.bytes;
        // Connect stops at the first error; here each partition stops there, and nothing after it is sent.
        const stopAt = none ? outcomes.firstOf(Outcome.REJECTED) : NO_STOPS;
        if (stopAt.size > 0 && !settings.reportBatchItemFailures) {
          this.#ahead.remember(outcomes, 'whole batch');
          outcomes.reportFailures(stopAt);
          emit({ retried: records });
          throw this.#firstError(outcomes, Math.min(...stopAt.values()));
        }
        const sending = stopAt.size > 0 ? keepBefore(outcomes, stopAt, part) : part;
        for (const i of sending.origins) origins.push(i);
        delivery.add(sending.messages);
        outcomes.settle();
        if (from + chunk < records) await setImmediate();
      }
    } finally {
      // Whatever happened, the requests already sent end before the invocation does.
      answered = await delivery.end();
    }
    // A sender that reports only its answer.
    for (let j = 0; j < answered.length; j++) {
      const i = origins[j] as number;
      if (outcomes.outcome(i) === Outcome.PENDING) outcomes.fromAep(i, answered[j] as MessageOutcome);
    }

    // Where each partition must resume: its first record to retry (and, with tolerance none, to fail).
    const resumeAt = outcomes.firstOf(
      Outcome.RETRIABLE,
      Outcome.PENDING,
      ...(none ? [Outcome.REJECTED] : []),
    );
    this.#ahead.remember(
      outcomes,
      resumeAt.size > 0 && !settings.reportBatchItemFailures ? 'whole batch' : resumeAt,
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
  const dropped = new Set(outcomes.from(stops));
  const sending: AepMessage[] = [];
  const origins: number[] = [];
  messages.origins.forEach((i, j) => {
    if (dropped.has(i)) return;
    sending.push(messages.messages[j] as AepMessage);
    origins.push(i);
  });
  return { messages: sending, origins, bytes: messages.bytes };
}
