// Mapping settings → Lambda API requests (CreateEventSourceMapping / UpdateEventSourceMapping). Topics, starting
// position, consumer group, source, cluster and bootstrap servers are create-only: UpdateEventSourceMapping has no
// field for them, so a change means delete and recreate (with the same consumer group, so offsets continue).
import type {
  CreateEventSourceMappingCommandInput,
  EventSourceMappingConfiguration,
  FunctionResponseType,
  KafkaSchemaRegistryAuthType,
  SourceAccessConfiguration,
  UpdateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { AuthType } from '../constants.ts';
import { esmConsumerGroupId, type MappingSettings } from '../settings.ts';
import { REPORT_BATCH_ITEM_FAILURES } from './constants.ts';

/**
 * The `SourceAccessConfigurations` of the settings: credentials secret, server root CA, VPC subnets and security
 * groups, in that order.
 *
 * @example
 * sourceAccessConfigurations(settings); // [{ Type: 'SASL_SCRAM_512_AUTH', URI: 'arn:aws:secretsmanager:…' }]
 */
export function sourceAccessConfigurations(settings: MappingSettings): SourceAccessConfiguration[] {
  return [
    ...(settings.authType !== AuthType.NONE && settings.authSecretArn
      ? [{ Type: settings.authType, URI: settings.authSecretArn }]
      : []),
    ...(settings.serverRootCaSecretArn
      ? [{ Type: 'SERVER_ROOT_CA_CERTIFICATE' as const, URI: settings.serverRootCaSecretArn }]
      : []),
    ...(settings.vpc?.subnets ?? []).map((URI) => ({ Type: 'VPC_SUBNET' as const, URI })),
    ...(settings.vpc?.securityGroups ?? []).map((URI) => ({ Type: 'VPC_SECURITY_GROUP' as const, URI })),
  ];
}

/**
 * The CreateEventSourceMapping request of one topic's ESM, targeting the connector alias.
 */
export function createRequest(
  settings: MappingSettings,
  topic: string,
  functionName: string,
  enabled: boolean,
): CreateEventSourceMappingCommandInput {
  const source = settings.source;
  if (!source) throw new Error('createRequest needs settings resolved for Lambda (a source)');
  const registry = settings.schemaRegistry;
  const group = {
    ConsumerGroupId: esmConsumerGroupId(settings, topic),
    // AWS docs: "Using schema registries with Kafka event sources in Lambda" (provisioned mode only).
    ...(registry
      ? {
          SchemaRegistryConfig: {
            SchemaRegistryURI: registry.uri,
            EventRecordFormat: 'JSON' as const,
            SchemaValidationConfigs: registry.attributes.map((Attribute) => ({ Attribute })),
            ...(registry.access.length > 0
              ? {
                  AccessConfigs: registry.access.map((a) => ({
                    Type: a.type as KafkaSchemaRegistryAuthType,
                    URI: a.secretArn,
                  })),
                }
              : {}),
          },
        }
      : {}),
  };
  const access = sourceAccessConfigurations(settings);
  return {
    FunctionName: functionName,
    ...(source.type === 'msk'
      ? { EventSourceArn: source.clusterArn, AmazonManagedKafkaEventSourceConfig: group }
      : {
          SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: [...source.bootstrapServers] } },
          SelfManagedKafkaEventSourceConfig: group,
        }),
    Topics: [topic],
    StartingPosition: settings.startingPosition,
    ...(settings.startingPositionTimestamp !== undefined
      ? { StartingPositionTimestamp: new Date(settings.startingPositionTimestamp) }
      : {}),
    Enabled: enabled,
    BatchSize: settings.batchSize,
    ...(settings.maximumBatchingWindowSeconds !== undefined
      ? { MaximumBatchingWindowInSeconds: settings.maximumBatchingWindowSeconds }
      : {}),
    ...(access.length > 0 ? { SourceAccessConfigurations: access } : {}),
    ...(settings.pollers ? { ProvisionedPollerConfig: pollerConfig(settings) } : {}),
    ...(settings.maximumRetryAttempts !== undefined
      ? { MaximumRetryAttempts: settings.maximumRetryAttempts }
      : {}),
    ...(settings.maximumRecordAgeSeconds !== undefined
      ? { MaximumRecordAgeInSeconds: settings.maximumRecordAgeSeconds }
      : {}),
    ...(settings.bisectBatchOnFunctionError ? { BisectBatchOnFunctionError: true } : {}),
    ...(settings.reportBatchItemFailures ? { FunctionResponseTypes: [REPORT_BATCH_ITEM_FAILURES] } : {}),
    ...(settings.onFailureDestination
      ? { DestinationConfig: { OnFailure: { Destination: settings.onFailureDestination } } }
      : {}),
    ...(settings.filterPatterns.length > 0
      ? { FilterCriteria: { Filters: settings.filterPatterns.map((Pattern) => ({ Pattern })) } }
      : {}),
  };
}

/**
 * Why an existing ESM cannot be updated into the settings and must be recreated (a create-only field differs), or
 * undefined when an update suffices.
 *
 * @example
 * recreateReason(settings, esm); // 'consumer group connect-old → connect-orders'
 */
export function recreateReason(
  settings: MappingSettings,
  esm: EventSourceMappingConfiguration,
): string | undefined {
  const source = settings.source;
  const servers = esm.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS;
  const group =
    esm.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId ??
    esm.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId;
  if (source?.type === 'msk' && esm.EventSourceArn !== source.clusterArn) {
    return `source ${esm.EventSourceArn ?? servers?.join(',')} → ${source.clusterArn}`;
  }
  if (source?.type === 'self-managed' && !sameSet(servers ?? [], source.bootstrapServers)) {
    return `source ${servers?.join(',') ?? esm.EventSourceArn} → ${source.bootstrapServers.join(',')}`;
  }
  const wanted = esmConsumerGroupId(settings, esm.Topics?.[0] ?? '');
  if (group !== wanted) return `consumer group ${group} → ${wanted}`;
  if (esm.StartingPosition !== settings.startingPosition) {
    return `starting position ${esm.StartingPosition} → ${settings.startingPosition}`;
  }
  if (
    settings.startingPositionTimestamp !== undefined &&
    esm.StartingPositionTimestamp?.getTime() !== settings.startingPositionTimestamp
  ) {
    return `starting timestamp ${esm.StartingPositionTimestamp?.toISOString()} → ${new Date(settings.startingPositionTimestamp).toISOString()}`;
  }
  if ((esm.ProvisionedPollerConfig !== undefined) !== (settings.pollers !== undefined)) {
    return `poller mode ${settings.pollers ? 'on-demand → provisioned' : 'provisioned → on-demand'}`;
  }
  return undefined;
}

/**
 * The UpdateEventSourceMapping request that brings an ESM to the settings and enabled state, with only the fields
 * that differ; undefined when nothing differs.
 *
 * @example
 * const update = updateRequest(settings, esm, true);
 * if (update) await client.send(new UpdateEventSourceMappingCommand(update));
 */
export function updateRequest(
  settings: MappingSettings,
  esm: EventSourceMappingConfiguration,
  enabled: boolean,
): UpdateEventSourceMappingCommandInput | undefined {
  const change: Omit<UpdateEventSourceMappingCommandInput, 'UUID'> = {};
  if ((esm.State === 'Enabled') !== enabled) change.Enabled = enabled;
  if (esm.BatchSize !== settings.batchSize) change.BatchSize = settings.batchSize;
  const window = settings.maximumBatchingWindowSeconds;
  if (window !== undefined && esm.MaximumBatchingWindowInSeconds !== window) {
    change.MaximumBatchingWindowInSeconds = window;
  }
  if (settings.pollers) {
    const want = pollerConfig(settings);
    const have = esm.ProvisionedPollerConfig ?? {};
    if (
      have.MinimumPollers !== want.MinimumPollers ||
      have.MaximumPollers !== want.MaximumPollers ||
      have.PollerGroupName !== want.PollerGroupName
    ) {
      change.ProvisionedPollerConfig = want;
    }
  }
  const retries = settings.maximumRetryAttempts ?? -1;
  if ((esm.MaximumRetryAttempts ?? -1) !== retries && settings.pollers) change.MaximumRetryAttempts = retries;
  const age = settings.maximumRecordAgeSeconds ?? -1;
  if ((esm.MaximumRecordAgeInSeconds ?? -1) !== age && settings.pollers)
    change.MaximumRecordAgeInSeconds = age;
  if ((esm.BisectBatchOnFunctionError ?? false) !== settings.bisectBatchOnFunctionError) {
    change.BisectBatchOnFunctionError = settings.bisectBatchOnFunctionError;
  }
  const responseTypes: FunctionResponseType[] = settings.reportBatchItemFailures
    ? [REPORT_BATCH_ITEM_FAILURES]
    : [];
  if (!sameSet(esm.FunctionResponseTypes ?? [], responseTypes)) change.FunctionResponseTypes = responseTypes;
  const destination = settings.onFailureDestination;
  if ((esm.DestinationConfig?.OnFailure?.Destination ?? undefined) !== destination) {
    // An empty OnFailure removes the destination.
    change.DestinationConfig = { OnFailure: destination ? { Destination: destination } : {} };
  }
  const patterns = (esm.FilterCriteria?.Filters ?? []).map((f) => normalisedJson(f.Pattern ?? ''));
  if (!sameSet(patterns, settings.filterPatterns.map(normalisedJson))) {
    // An empty FilterCriteria removes every filter.
    change.FilterCriteria =
      settings.filterPatterns.length > 0
        ? { Filters: settings.filterPatterns.map((Pattern) => ({ Pattern })) }
        : {};
  }
  const access = sourceAccessConfigurations(settings);
  const key = (a: SourceAccessConfiguration) => `${a.Type} ${a.URI}`;
  if (!sameSet((esm.SourceAccessConfigurations ?? []).map(key), access.map(key))) {
    change.SourceAccessConfigurations = access;
  }
  return Object.keys(change).length > 0 ? { UUID: esm.UUID, ...change } : undefined;
}

function pollerConfig(settings: MappingSettings) {
  const pollers = settings.pollers;
  return {
    MinimumPollers: pollers?.minimum,
    MaximumPollers: pollers?.maximum,
    ...(pollers?.groupName ? { PollerGroupName: pollers.groupName } : {}),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sortedB = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sortedB[i]);
}

function normalisedJson(pattern: string): string {
  try {
    return JSON.stringify(JSON.parse(pattern));
  } catch {
    return pattern;
  }
}
