// The contract between the sink pipeline and Kafka Connect's single message transforms (SMTs) and predicates.
import type { ConfigDef } from '../config/index.ts';
import type { SinkRecord } from '../records/types.ts';

/**
 * One single message transform (`org.apache.kafka.connect.transforms.Transformation`): returns the new record,
 * or `null` to drop it (Filter). Throws a `DataException`-like error for a record it cannot handle, which the sink
 * routes through `errors.tolerance`.
 */
export interface Transformation {
  apply(record: SinkRecord): SinkRecord | null;
}

/**
 * A predicate (`org.apache.kafka.connect.transforms.predicates.Predicate`).
 */
export interface Predicate {
  test(record: SinkRecord): boolean;
}

/**
 * The configured chain (`transforms=a,b`, with predicates and `negate`), applied in order; `null` stops the chain
 * and drops the record (`TransformationChain`).
 *
 * @example
 * const chain = buildTransformationChain(config);
 * const out = chain.apply(record); // SinkRecord | null
 */
export interface TransformationChain {
  apply(record: SinkRecord): SinkRecord | null;
  /** Number of transforms; 0 means the sink can skip the chain. */
  readonly size: number;
}

/**
 * One transform or predicate plugin as `GET /connector-plugins?connectorsOnly=false` lists it, with the `ConfigDef`
 * that `GET /connector-plugins/{plugin}/config` renders and `transforms.<alias>.*` keys are validated against.
 */
export interface TransformPluginInfo {
  /** Fully qualified class name, e.g. `org.apache.kafka.connect.transforms.InsertField$Value`. */
  readonly className: string;
  readonly type: 'transformation' | 'predicate';
  readonly version: string;
  /** Connect's `OVERVIEW_DOC` of the plugin. */
  readonly documentation: string;
  /** The plugin's own keys, unprefixed (a fresh copy on each call). */
  configDef(): ConfigDef;
}
