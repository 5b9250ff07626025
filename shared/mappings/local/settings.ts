// The settings one connector's local mapping runs with: Connect's framework keys, the `esm.*` mapping keys and the
// consumer client properties (worker `consumer.*` overlaid with the connector's `consumer.override.*`, as
// Connect's `Worker.baseConsumerConfigs` does).
import { parseType } from '../../config/index.ts';
import { FrameworkKeys } from '../../connector/index.ts';
import { CONNECT_GROUP_PREFIX, ConsumerOverrideKeys, EsmSource, MappingKeys } from '../constants.ts';
import { EsmDefaults } from './constants.ts';
import { LocalConfigError } from './errors.ts';
import type { EsmSettings, StartingPosition } from './types.ts';

const CONSUMER_OVERRIDE_PREFIX = 'consumer.override.';

/**
 * Derives a connector's local mapping settings from its (secret-resolved) config and the worker's consumer
 * client properties.
 *
 * @throws {LocalConfigError} naming the key the local runtime cannot apply.
 * @example
 * const settings = esmSettingsFrom({ name: 'aep', topics: 'orders', 'esm.batch.size': '500' }, { 'bootstrap.servers': '127.0.0.1:9092' });
 * settings.groupId; // 'connect-aep'
 */
export function esmSettingsFrom(
  config: Readonly<Record<string, string>>,
  workerConsumer: Readonly<Record<string, string>>,
): EsmSettings {
  const get = <T>(key: string, type: Parameters<typeof parseType>[2], fallback: T): T =>
    config[key] === undefined || config[key] === '' ? fallback : (parseType(key, config[key], type) as T);
  const name = config[FrameworkKeys.NAME] ?? '';
  const regex = get<string>(FrameworkKeys.TOPICS_REGEX, 'STRING', '');
  const source = get<string>(MappingKeys.SOURCE, 'STRING', EsmSource.SELF_MANAGED);
  const destination = get<string>(MappingKeys.ON_FAILURE_DESTINATION, 'STRING', '');
  if (destination && !destination.startsWith('kafka://')) {
    throw new LocalConfigError(
      MappingKeys.ON_FAILURE_DESTINATION,
      `${destination} is an AWS destination; the local worker can only write to a Kafka topic (kafka://<topic>)`,
    );
  }
  const startingPosition = get<string>(
    MappingKeys.STARTING_POSITION,
    'STRING',
    EsmDefaults.STARTING_POSITION,
  ) as StartingPosition;
  const timestamp = get<number | undefined>(MappingKeys.STARTING_POSITION_TIMESTAMP, 'LONG', undefined);
  if (startingPosition === 'AT_TIMESTAMP' && timestamp === undefined) {
    throw new LocalConfigError(MappingKeys.STARTING_POSITION_TIMESTAMP, 'is required with AT_TIMESTAMP');
  }
  const clientProperties: Record<string, string> = { ...workerConsumer };
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(CONSUMER_OVERRIDE_PREFIX))
      clientProperties[key.slice(CONSUMER_OVERRIDE_PREFIX.length)] = value;
  }
  const windowSeconds = get<number | undefined>(
    MappingKeys.MAXIMUM_BATCHING_WINDOW_SECONDS,
    'INT',
    undefined,
  );
  return {
    source: source === EsmSource.MSK ? 'msk' : 'self-managed',
    eventSourceArn: get<string | undefined>(MappingKeys.MSK_CLUSTER_ARN, 'STRING', undefined),
    topics: regex ? [] : get<string[]>(FrameworkKeys.TOPICS, 'LIST', []),
    topicsRegex: regex ? new RegExp(`^(?:${regex})$`) : undefined,
    groupId: config[ConsumerOverrideKeys.GROUP_ID] ?? `${CONNECT_GROUP_PREFIX}${name}`,
    tasks: get<number>(FrameworkKeys.TASKS_MAX, 'INT', 1),
    batchSize: get<number>(MappingKeys.BATCH_SIZE, 'INT', EsmDefaults.BATCH_SIZE),
    batchingWindowMs: windowSeconds === undefined ? EsmDefaults.BATCHING_WINDOW_MS : windowSeconds * 1000,
    startingPosition,
    startingPositionTimestamp: timestamp,
    reportBatchItemFailures: get<boolean>(MappingKeys.REPORT_BATCH_ITEM_FAILURES, 'BOOLEAN', false),
    maximumRetryAttempts: get<number>(
      MappingKeys.MAXIMUM_RETRY_ATTEMPTS,
      'INT',
      EsmDefaults.MAXIMUM_RETRY_ATTEMPTS,
    ),
    maximumRecordAgeSeconds: get<number>(
      MappingKeys.MAXIMUM_RECORD_AGE_SECONDS,
      'INT',
      EsmDefaults.MAXIMUM_RECORD_AGE_SECONDS,
    ),
    onFailureDestination: destination || undefined,
    clientProperties,
  };
}
