// The settings one connector's local mapping runs with: the mapping settings both runtimes share
// (`resolveMappingSettings`), and the consumer client properties (worker `consumer.*` overlaid with the
// connector's `consumer.override.*`, as Connect's `Worker.baseConsumerConfigs` does).
import { ConfigException, parseType } from '../../config/index.ts';
import { FrameworkKeys } from '../../connector/index.ts';
import { ClientOverridePrefixes, clientOverrides } from '../../kafka/index.ts';
import { MappingKeys } from '../constants.ts';
import { resolveMappingSettings } from '../settings.ts';
import { EsmDefaults, LocalDefaults } from './constants.ts';
import type { EsmSettings } from './types.ts';

/**
 * Derives a connector's local mapping settings from its (secret-resolved) config and the worker's consumer
 * client properties.
 *
 * @throws {ConfigErrors} or {ConfigException}, naming the keys the local runtime cannot apply.
 * @example
 * const settings = esmSettingsFrom({ name: 'aep', topics: 'orders', 'esm.batch.size': '500' }, { 'bootstrap.servers': '127.0.0.1:9092' });
 * settings.groupId; // 'connect-aep'
 */
export function esmSettingsFrom(
  config: Readonly<Record<string, string>>,
  workerConsumer: Readonly<Record<string, string>>,
): EsmSettings {
  const mapping = resolveMappingSettings(config);
  const destination = mapping.onFailureDestination;
  if (destination && !destination.startsWith('kafka://')) {
    throw ConfigException.withoutValue(
      MappingKeys.ON_FAILURE_DESTINATION,
      `${destination} is an AWS destination; the local worker can only write to a Kafka topic (kafka://<topic>)`,
    );
  }
  const clientProperties = { ...workerConsumer, ...clientOverrides(config, ClientOverridePrefixes.CONSUMER) };
  return {
    source: mapping.source?.type ?? 'self-managed',
    eventSourceArn: mapping.source?.type === 'msk' ? mapping.source.clusterArn : undefined,
    topics: mapping.topics,
    topicsRegex: mapping.topicsRegex ? new RegExp(`^(?:${mapping.topicsRegex})$`) : undefined,
    groupId: mapping.consumerGroupId,
    tasks: parseType(FrameworkKeys.TASKS_MAX, config[FrameworkKeys.TASKS_MAX] ?? '1', 'INT') as number,
    // Set: exactly as an ESM applies it. Unset: the local defaults, which do not wait on a backlog.
    batchSize: config[MappingKeys.BATCH_SIZE] === undefined ? LocalDefaults.BATCH_SIZE : mapping.batchSize,
    batchingWindowSet: mapping.maximumBatchingWindowSeconds !== undefined,
    batchingWindowMs:
      mapping.maximumBatchingWindowSeconds === undefined
        ? LocalDefaults.BATCHING_WINDOW_MS
        : mapping.maximumBatchingWindowSeconds * 1000,
    startingPosition: mapping.startingPosition,
    startingPositionTimestamp: mapping.startingPositionTimestamp,
    reportBatchItemFailures: mapping.reportBatchItemFailures,
    maximumRetryAttempts: mapping.maximumRetryAttempts ?? EsmDefaults.MAXIMUM_RETRY_ATTEMPTS,
    maximumRecordAgeSeconds: mapping.maximumRecordAgeSeconds ?? EsmDefaults.MAXIMUM_RECORD_AGE_SECONDS,
    onFailureDestination: destination,
    esmRetries:
      mapping.maximumRetryAttempts !== undefined ||
      mapping.maximumRecordAgeSeconds !== undefined ||
      destination !== undefined,
    retryTimeoutMs: parseType(
      FrameworkKeys.ERRORS_RETRY_TIMEOUT,
      config[FrameworkKeys.ERRORS_RETRY_TIMEOUT] ?? '0',
      'LONG',
    ) as number,
    retryMaxDelayMs: parseType(
      FrameworkKeys.ERRORS_RETRY_MAX_DELAY,
      config[FrameworkKeys.ERRORS_RETRY_MAX_DELAY] ?? '60000',
      'LONG',
    ) as number,
    clientProperties,
  };
}
