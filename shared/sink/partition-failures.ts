// The sink function's record of the partitions it cannot get past (AWS), on the connector's item in the connector
// store, so the Connect REST façade's status shows them while the event source mapping retries (Lambda's own status
// of the mapping knows nothing of a function that fails). The failures are the ones the pipeline reports to any host
// (`SinkProgress.failed`, with their healable classification); a write happens only when what is stored changes: a
// partition starts failing, fails for another cause, or is delivered again. Writes never fail an invocation.
import { setTimeout as sleep } from 'node:timers/promises';
import { AepKeys } from '../aep/constants.ts';
import { FrameworkKeys } from '../connector/index.ts';
import { type Logger, SILENT_LOGGER } from '../logging/index.ts';
import { MappingKeys } from '../mappings/constants.ts';
import { topicPartition } from '../records/index.ts';
import type { ConnectorStore, StoredConnector, StoredPartitionFailure } from '../store/types.ts';
import { SinkKeys } from './constants.ts';
import { errorChain, errorStatus, failureCause } from './failure-cause.ts';
import type { PartitionFailure, SinkProgress } from './types.ts';

/** Bounds what one connector's item holds: partitions recorded, and characters of each reason and hint. */
export const FailureLimits = {
  PARTITIONS: 100,
  REASON_CHARS: 1000,
  /** How long a write may take before the invocation answers without waiting for it. */
  WRITE_TIMEOUT_MS: 2000,
} as const;

/** One partition of an event: where its records start. */
export interface EventPartition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * The partitions of an ESM event, each with its first offset; nothing for something that is not one (the
 * pipeline names that problem).
 *
 * @example
 * eventPartitions({ records: { 'orders-0': [{ topic: 'orders', partition: 0, offset: 5 }] } });
 * // [{ topic: 'orders', partition: 0, offset: 5 }]
 */
export function eventPartitions(event: unknown): EventPartition[] {
  const groups = (event as { records?: unknown } | null)?.records;
  if (typeof groups !== 'object' || groups === null) return [];
  const partitions: EventPartition[] = [];
  for (const list of Object.values(groups)) {
    if (!Array.isArray(list)) continue;
    const records = list as Array<Record<string, unknown> | null>;
    const offsets = records.map((r) => r?.offset).filter((o): o is number => typeof o === 'number');
    const { topic, partition } = records[0] ?? {};
    if (typeof topic !== 'string' || typeof partition !== 'number' || offsets.length === 0) continue;
    partitions.push({ topic, partition, offset: Math.min(...offsets) });
  }
  return partitions;
}

/**
 * Every partition of the event stopped at its first record by one error: healable only when the error says it is
 * retriable.
 */
export function failuresOf(
  event: unknown,
  error: unknown,
  stage: PartitionFailure['stage'],
): PartitionFailure[] {
  const e = error instanceof Error ? error : new Error(String(error));
  const healable = (e as { retriable?: unknown }).retriable === true;
  return eventPartitions(event).map((p) => ({ ...p, stage, reason: e.message, healable, error: e }));
}

/** A {@link SinkProgress} that keeps the failures reported, and passes everything on to the host's own, if any. */
export class ReportedFailures implements SinkProgress {
  readonly failures: PartitionFailure[] = [];
  readonly #host: SinkProgress | undefined;

  constructor(host?: SinkProgress) {
    this.#host = host;
  }

  settled(topic: string, partition: number, nextOffset: number): void {
    this.#host?.settled(topic, partition, nextOffset);
  }

  failed(failure: PartitionFailure): void {
    this.failures.push(failure);
    this.#host?.failed(failure);
  }

  sending(topic: string, partition: number, nextOffset: number): void {
    this.#host?.sending?.(topic, partition, nextOffset);
  }
}

/** What {@link PartitionFailureRecorder} writes with. */
export interface PartitionFailureRecorderOptions {
  readonly store: Pick<ConnectorStore, 'recordFailures' | 'clearFailures'>;
  readonly logger?: Logger;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
}

/** What this container last wrote of a connector, since it last read the item. */
interface Written {
  /** The item read (the config source caches it for seconds): a new read replaces what is known. */
  readonly basis: StoredConnector;
  /** By `topic-partition`: the failure written, or null once cleared. */
  readonly partitions: Map<string, StoredPartitionFailure | null>;
}

/**
 * Records the partitions a connector's invocations cannot get past on its item, and clears them once delivered.
 * What is stored is known from the item the config source read (seconds old) and from this container's own writes
 * since, so a write happens once per change per container, none for a batch like the one before.
 *
 * @example
 * const recorder = new PartitionFailureRecorder({ store, logger });
 * await recorder.record(stored, { failed, delivered }, hide);
 */
export class PartitionFailureRecorder {
  readonly #store: PartitionFailureRecorderOptions['store'];
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #written = new Map<string, Written>();

  constructor(options: PartitionFailureRecorderOptions) {
    this.#store = options.store;
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Whether an event delivers a batch known to fail again: one of its partitions starts at or before the record its
   * failure, as stored or as this container last wrote it, stopped at.
   */
  retries(stored: StoredConnector, partitions: readonly EventPartition[]): boolean {
    const state = this.#state(stored);
    return partitions.some((p) => {
      const failure = state(topicPartition(p.topic, p.partition));
      return failure !== undefined && failure !== null && p.offset <= failure.offset;
    });
  }

  /**
   * Writes what changed: the failures of `failed` partitions whose cause is new (secrets hidden with `hide`, reason
   * and hint bounded), and the removal of `delivered` partitions that were failing. Only while the item is at the
   * version the invocation ran with; errors are logged, never thrown.
   */
  async record(
    stored: StoredConnector,
    outcome: { readonly failed: readonly PartitionFailure[]; readonly delivered: readonly string[] },
    hide: (text: string) => string,
  ): Promise<void> {
    const written = this.#known(stored);
    const state = this.#state(stored);
    const failing = new Set(Object.keys(stored.failures ?? {}).filter((key) => state(key)));
    for (const [key, value] of written.partitions) if (value) failing.add(key);
    const now = new Date(this.#now()).toISOString();
    const changed: StoredPartitionFailure[] = [];
    for (const failure of outcome.failed) {
      const key = topicPartition(failure.topic, failure.partition);
      const before = state(key);
      const next = describe(failure, stored.name, hide);
      if (before && signatureOf(before) === signatureOf(next)) continue;
      if (!before && failing.size >= FailureLimits.PARTITIONS) continue;
      const entry = { ...next, since: before?.since ?? now, recordedAt: now };
      changed.push(entry);
      written.partitions.set(key, entry);
      failing.add(key);
    }
    const cleared = outcome.delivered.filter((key) => state(key));
    for (const key of cleared) written.partitions.set(key, null);
    if (changed.length === 0 && cleared.length === 0) return;
    await this.#write(stored, changed, cleared);
  }

  /** A partition's failure as this container knows it: its own write since the read, else the item as read. */
  #state(stored: StoredConnector): (key: string) => StoredPartitionFailure | null | undefined {
    const written = this.#known(stored);
    return (key) => (written.partitions.has(key) ? written.partitions.get(key) : stored.failures?.[key]);
  }

  #known(stored: StoredConnector): Written {
    const current = this.#written.get(stored.name);
    if (current?.basis === stored) return current;
    const fresh: Written = { basis: stored, partitions: new Map() };
    this.#written.set(stored.name, fresh);
    return fresh;
  }

  /** One write of each kind, bounded in time; what fails is logged, and retried only after the next read. */
  async #write(
    stored: StoredConnector,
    changed: readonly StoredPartitionFailure[],
    cleared: readonly string[],
  ): Promise<void> {
    const connector = stored.name;
    const writes = async () => {
      if (changed.length > 0 && !(await this.#store.recordFailures(connector, stored.version, changed))) {
        this.#logger.debug(
          `Connector ${connector} changed since this container read it: its partition failures are recorded after the next read`,
          { connector },
        );
      }
      if (cleared.length > 0) await this.#store.clearFailures(connector, cleared);
    };
    const timeout = new AbortController();
    try {
      const done = await Promise.race([
        writes().then(() => true),
        sleep(FailureLimits.WRITE_TIMEOUT_MS, false, { signal: timeout.signal }),
      ]);
      if (!done) {
        this.#logger.warn(
          `Recording the partition failures of connector ${connector} took over ${FailureLimits.WRITE_TIMEOUT_MS} ms; the invocation goes on without waiting`,
          { connector },
        );
      }
    } catch (e) {
      this.#logger.warn(
        `Recording the partition failures of connector ${connector} failed; its status may not show them`,
        { connector, error: e },
      );
    } finally {
      timeout.abort();
    }
  }
}

/** A failure as stored, but for its times: secrets hidden, reason and hint bounded. */
function describe(
  failure: PartitionFailure,
  connector: string,
  hide: (text: string) => string,
): Omit<StoredPartitionFailure, 'since' | 'recordedAt'> {
  const status = errorStatus(failure.error);
  const hint = failure.healable ? undefined : recoveryHint(failure, connector);
  return {
    topic: failure.topic,
    partition: failure.partition,
    offset: failure.offset,
    stage: failure.stage,
    reason: bounded(hide(failure.reason)),
    exception: errorChain(failure.error)
      .map((e) => e.name)
      .join('<'),
    ...(status !== undefined && { status }),
    healable: failure.healable,
    ...(hint !== undefined && { hint: bounded(hide(hint)) }),
  };
}

/**
 * What makes two failures of a partition the same for the status: their kind (healable, stage, exception, status),
 * not their details, which change from one attempt to the next (offsets, attempt counts).
 */
function signatureOf(failure: Omit<StoredPartitionFailure, 'since' | 'recordedAt'>): string {
  return [failure.healable, failure.stage, failure.exception, failure.status ?? ''].join('|');
}

function bounded(text: string): string {
  return text.length > FailureLimits.REASON_CHARS ? `${text.slice(0, FailureLimits.REASON_CHARS)}…` : text;
}

/**
 * What to change so a failure that retrying cannot heal goes away, on AWS (the event source mapping retries the
 * batch, so delivery resumes by itself once it is fixed).
 *
 * @example
 * recoveryHint({ stage: 'TASK_START', error: configErrors, … }, 'orders');
 * // "fix the connector's config (PUT /connectors/orders/config) …"
 */
export function recoveryHint(failure: PartitionFailure, connector: string): string {
  const c = encodeURIComponent(connector);
  switch (failureCause(failure)) {
    case 'allowlist':
      return `the deployment's allowlist refuses the endpoint: add its host to the stack's aepAllowedHosts context (the sink function's AEP_ALLOWED_HOSTS) and deploy, or point ${AepKeys.ENDPOINT} at an allowed host (PUT /connectors/${c}/config).`;
    case 'config':
      return `fix the connector's config (PUT /connectors/${c}/config) or the secret a \${secretsmanager:…} placeholder names; the retried batch uses it within seconds.`;
    case 'credentials':
      return `AEP refused the credentials after a token refresh: check ${AepKeys.AUTH_CLIENT_ID}, ${AepKeys.AUTH_CLIENT_SECRET} and ${AepKeys.AUTH_SCOPE} (or ${AepKeys.AUTH_TOKEN}), the secret they name, and the inlet's authentication; delivery resumes with the retried batch once they are right.`;
    case 'inlet':
      return `AEP does not know the inlet: check ${AepKeys.ENDPOINT} (PUT /connectors/${c}/config).`;
    case 'record':
      return `the record cannot be delivered as it is: fix the data or the config, or let such records go to a dead letter queue (${FrameworkKeys.ERRORS_TOLERANCE}=all with ${FrameworkKeys.DLQ_TOPIC_NAME} or ${SinkKeys.DLQ_SQS_QUEUE_URL}), or let the event source mapping give such batches up (${MappingKeys.MAXIMUM_RETRY_ATTEMPTS} with ${MappingKeys.ON_FAILURE_DESTINATION}). To skip it: stop the connector (PUT /connectors/${c}/stop), move its offset past it (PATCH /connectors/${c}/offsets) and resume it.`;
  }
}
