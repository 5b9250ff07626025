// The connector settings the sink pipeline itself applies: Connect's error handling keys
// (`SinkConnectorConfig`), `behavior.on.null.values`, and the mapping's `esm.report.batch.item.failures`.
import { ConfigDef, ConfigErrors, type ConfigProblem, validString } from '../config/index.ts';
import { FrameworkKeys, sinkConnectorConfigDef } from '../connector/index.ts';
import { MappingKeys, mappingConfigDef } from '../mappings/index.ts';
import { NullValueBehavior, SinkKeys } from './constants.ts';

const PRODUCER_OVERRIDE = 'producer.override.';

/**
 * The sink's own keys, for `/connector-plugins/…/config`, validation and parsing.
 *
 * @example
 * sinkConfigDef().parse({ 'behavior.on.null.values': 'fail' });
 */
export function sinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: SinkKeys.NULL_VALUES,
    type: 'STRING',
    defaultValue: NullValueBehavior.IGNORE,
    importance: 'LOW',
    documentation:
      "What to do with a record whose value is null (a tombstone) after conversion and transforms. 'ignore' skips it: it is counted as filtered and logged. 'fail' makes it a record error that errors.tolerance handles (dead letter queue with 'all').",
    group: 'Sink',
    orderInGroup: 1,
    width: 'SHORT',
    displayName: 'Behavior on null values',
    validator: validString(NullValueBehavior.IGNORE, NullValueBehavior.FAIL),
    recommendedValues: [NullValueBehavior.IGNORE, NullValueBehavior.FAIL],
  });
}

/** Where failed records go: `errors.deadletterqueue.*`. */
export interface DeadLetterSettings {
  readonly topic: string;
  readonly replicationFactor: number;
  readonly contextHeaders: boolean;
  /** `producer.override.*` keys without the prefix. */
  readonly producerOverrides: Readonly<Record<string, string>>;
}

/** A connector's settings as the pipeline uses them. */
export interface SinkSettings {
  readonly name: string;
  readonly tolerance: 'none' | 'all';
  readonly logErrors: boolean;
  readonly logIncludeMessages: boolean;
  /** Undefined when `errors.deadletterqueue.topic.name` is empty. */
  readonly deadLetter?: DeadLetterSettings;
  readonly nullValues: NullValueBehavior;
  /** `esm.report.batch.item.failures` (with the mapping's default): answer with a partial batch response. */
  readonly reportBatchItemFailures: boolean;
}

/**
 * Reads the pipeline's settings from a connector config.
 *
 * @throws {ConfigErrors} naming every bad key at once.
 * @example
 * const settings = parseSinkSettings({ name: 'aep', 'connector.class': 'AEPSinkConnector', 'errors.tolerance': 'all' });
 * settings.tolerance; // 'all'
 */
export function parseSinkSettings(config: Readonly<Record<string, string>>): SinkSettings {
  const problems: ConfigProblem[] = [];
  const parse = (def: ConfigDef): Record<string, unknown> => {
    try {
      return def.parse(config);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      problems.push(...e.problems);
      return {};
    }
  };
  const framework = parse(sinkConnectorConfigDef());
  const own = parse(sinkConfigDef());
  // The same definition (and default) the event source mapping is created from, so both always agree.
  const batchItemFailuresKey = mappingConfigDef().key(MappingKeys.REPORT_BATCH_ITEM_FAILURES);
  const mapping = batchItemFailuresKey ? parse(new ConfigDef().define(batchItemFailuresKey)) : {};
  if (problems.length > 0) throw new ConfigErrors(problems);

  const K = FrameworkKeys;
  const topic = (framework[K.DLQ_TOPIC_NAME] as string).trim();
  const producerOverrides: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith(PRODUCER_OVERRIDE)) producerOverrides[k.slice(PRODUCER_OVERRIDE.length)] = v;
  }
  return {
    name: framework[K.NAME] as string,
    tolerance: framework[K.ERRORS_TOLERANCE] as 'none' | 'all',
    logErrors: framework[K.ERRORS_LOG_ENABLE] as boolean,
    logIncludeMessages: framework[K.ERRORS_LOG_INCLUDE_MESSAGES] as boolean,
    ...(topic
      ? {
          deadLetter: {
            topic,
            replicationFactor: framework[K.DLQ_TOPIC_REPLICATION_FACTOR] as number,
            contextHeaders: framework[K.DLQ_CONTEXT_HEADERS_ENABLE] as boolean,
            producerOverrides,
          },
        }
      : {}),
    nullValues: own[SinkKeys.NULL_VALUES] as NullValueBehavior,
    reportBatchItemFailures: mapping[MappingKeys.REPORT_BATCH_ITEM_FAILURES] === true,
  };
}
