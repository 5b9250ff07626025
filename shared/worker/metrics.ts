// Counters of the local worker, printed as progress lines and served as Prometheus text (exposition format 0.0.4).
import type { MappingListener } from '../mappings/local/index.ts';
import type { BatchSummary, SinkMetrics } from '../sink/types.ts';

interface Counters {
  delivered: number;
  deadLettered: number;
  discarded: number;
  failed: number;
  retries: number;
  /** Epoch seconds of the last failed invocation; 0 while none failed. */
  lastErrorTime: number;
  /** `delivered` at the previous progress line. */
  lastDelivered: number;
}

const METRICS = [
  [
    'delivered',
    'aep_sink_records_delivered_total',
    'Records the sink settled (AEP acknowledged them, or they were filtered or dead-lettered); their offsets are committed right after.',
  ],
  [
    'deadLettered',
    'aep_sink_records_dead_lettered_total',
    'Records written to a dead-letter destination (errors.deadletterqueue.topic.name or esm.on.failure.destination).',
  ],
  [
    'discarded',
    'aep_sink_records_discarded_total',
    'Records given up after esm.maximum.retry.attempts / esm.maximum.record.age.seconds with no on-failure destination.',
  ],
  [
    'failed',
    'aep_sink_invocations_failed_total',
    'Invocations of the sink that failed (an AEP delivery that did not succeed, a conversion failure under errors.tolerance=none, …); each is retried or its records are given up.',
  ],
  ['retries', 'aep_sink_retries_total', 'Failed batches invoked again after their backoff.'],
] as const;

/**
 * Per-connector counters fed by the mapping runtime (`MappingListener`: committed, on-failure destination,
 * discarded) and the sink pipeline (`SinkMetrics`: records written to Connect's dead letter queue), read by the
 * progress ticker and `GET /metrics`.
 *
 * @example
 * const metrics = new WorkerMetrics();
 * const runtime = new LocalMappingRuntime({ ..., listener: metrics });
 * metrics.prometheus((name) => runtime.lag(name)); // "# HELP aep_sink_records_delivered_total …"
 */
export class WorkerMetrics implements MappingListener, SinkMetrics {
  readonly #counters = new Map<string, Counters>();
  #lastTick = Date.now();

  #of(connector: string): Counters {
    let c = this.#counters.get(connector);
    if (!c) {
      c = {
        delivered: 0,
        deadLettered: 0,
        discarded: 0,
        failed: 0,
        retries: 0,
        lastErrorTime: 0,
        lastDelivered: 0,
      };
      this.#counters.set(connector, c);
    }
    return c;
  }

  /** A connector's series exist from its creation on, at zero, so a connector that never delivers is visible. */
  registered(connector: string): void {
    this.#of(connector);
  }

  failed(connector: string, _records: number, _error: Error, now = Date.now()): void {
    const c = this.#of(connector);
    c.failed++;
    c.lastErrorTime = Math.floor(now / 1000);
  }

  retried(connector: string): void {
    this.#of(connector).retries++;
  }

  delivered(connector: string, records: number): void {
    this.#of(connector).delivered += records;
  }

  deadLettered(connector: string, records: number): void {
    this.#of(connector).deadLettered += records;
  }

  /** The sink pipeline's report of one invocation: its dead-lettered records (`errors.deadletterqueue.topic.name`). */
  batch(connector: string, summary: BatchSummary): void {
    this.#of(connector).deadLettered += summary.deadLettered;
  }

  discarded(connector: string, records: number): void {
    this.#of(connector).discarded += records;
  }

  /** Forgets a deleted connector. */
  removed(connector: string): void {
    this.#counters.delete(connector);
  }

  /**
   * One line per connector that delivered since the last call or still has lag, e.g.
   * `aep: 5120 records/s, lag 31000, delivered 69000, dead-lettered 0`.
   */
  progressLines(lag: (connector: string) => number, now = Date.now()): string[] {
    const seconds = Math.max(0.001, (now - this.#lastTick) / 1000);
    this.#lastTick = now;
    const lines: string[] = [];
    for (const [name, c] of this.#counters) {
      const rate = (c.delivered - c.lastDelivered) / seconds;
      const behind = lag(name);
      c.lastDelivered = c.delivered;
      if (rate === 0 && behind === 0) continue;
      lines.push(
        `${name}: ${Math.round(rate)} records/s, lag ${behind}, delivered ${c.delivered}, dead-lettered ${c.deadLettered}` +
          (c.discarded > 0 ? `, discarded ${c.discarded}` : ''),
      );
    }
    return lines;
  }

  /** The Prometheus text exposition of every counter, plus `aep_sink_consumer_lag` per connector. */
  prometheus(lag: (connector: string) => number): string {
    const names = [...this.#counters.keys()].sort();
    const out: string[] = [];
    for (const [field, metric, help] of METRICS) {
      out.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} counter`);
      for (const name of names) out.push(`${metric}{connector="${label(name)}"} ${this.#of(name)[field]}`);
    }
    out.push(
      '# HELP aep_sink_consumer_lag Records in the assigned partitions not delivered yet.',
      '# TYPE aep_sink_consumer_lag gauge',
    );
    for (const name of names) out.push(`aep_sink_consumer_lag{connector="${label(name)}"} ${lag(name)}`);
    out.push(
      '# HELP aep_sink_last_error_timestamp_seconds When an invocation last failed (Unix time); 0 while none failed.',
      '# TYPE aep_sink_last_error_timestamp_seconds gauge',
    );
    for (const name of names) {
      out.push(
        `aep_sink_last_error_timestamp_seconds{connector="${label(name)}"} ${this.#of(name).lastErrorTime}`,
      );
    }
    return `${out.join('\n')}\n`;
  }
}

// Label values escape backslash, double quote and line feed (Prometheus text format).
function label(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
