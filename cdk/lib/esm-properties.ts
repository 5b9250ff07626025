// CreateEventSourceMapping request (Lambda API, built by shared/mappings) → AWS::Lambda::EventSourceMapping
// properties (CloudFormation template reference). The two spell the same fields; only the case and the timestamp
// unit differ, so connectors declared in CDK get exactly the mappings the REST façade would create.
import type { CreateEventSourceMappingCommandInput } from '@aws-sdk/client-lambda';
import type { CfnEventSourceMappingProps } from 'aws-cdk-lib/aws-lambda';

/**
 * The CloudFormation properties of one event source mapping request.
 */
export function cfnMappingProps(request: CreateEventSourceMappingCommandInput): CfnEventSourceMappingProps {
  const r = request;
  const pollers = r.ProvisionedPollerConfig;
  const group =
    r.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId ??
    r.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId;
  return {
    functionName: required(r.FunctionName, 'FunctionName'),
    eventSourceArn: r.EventSourceArn,
    selfManagedEventSource: r.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS
      ? { endpoints: { kafkaBootstrapServers: r.SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS } }
      : undefined,
    amazonManagedKafkaEventSourceConfig: r.AmazonManagedKafkaEventSourceConfig
      ? { consumerGroupId: group }
      : undefined,
    selfManagedKafkaEventSourceConfig: r.SelfManagedKafkaEventSourceConfig
      ? { consumerGroupId: group }
      : undefined,
    topics: r.Topics,
    startingPosition: r.StartingPosition,
    // The API takes a date; CloudFormation takes Unix time in seconds.
    startingPositionTimestamp: r.StartingPositionTimestamp
      ? Math.floor(new Date(r.StartingPositionTimestamp).getTime() / 1000)
      : undefined,
    enabled: r.Enabled,
    batchSize: r.BatchSize,
    maximumBatchingWindowInSeconds: r.MaximumBatchingWindowInSeconds,
    sourceAccessConfigurations: r.SourceAccessConfigurations?.map((a) => ({ type: a.Type, uri: a.URI })),
    provisionedPollerConfig: pollers
      ? {
          minimumPollers: pollers.MinimumPollers,
          maximumPollers: pollers.MaximumPollers,
          pollerGroupName: pollers.PollerGroupName,
        }
      : undefined,
    maximumRetryAttempts: r.MaximumRetryAttempts,
    maximumRecordAgeInSeconds: r.MaximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: r.BisectBatchOnFunctionError,
    functionResponseTypes: r.FunctionResponseTypes,
    destinationConfig: r.DestinationConfig?.OnFailure?.Destination
      ? { onFailure: { destination: r.DestinationConfig.OnFailure.Destination } }
      : undefined,
    filterCriteria: r.FilterCriteria?.Filters
      ? { filters: r.FilterCriteria.Filters.map((f) => ({ pattern: f.Pattern })) }
      : undefined,
  };
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`CreateEventSourceMapping request without ${field}`);
  return value;
}
