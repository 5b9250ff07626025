// CloudFormation custom resource (custom-resources Provider framework, onEvent handler) that writes a connector
// declared in CDK to the connector store through the store adapter itself: same item shape, version bump and
// timestamps as a REST create or update, so the Connect REST façade lists and manages it like any other connector.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { ConnectorMetrics } from '../../shared/rest/index.ts';
import { powertoolsConnectorSeries, SINK_SERVICE_NAME_ENV } from '../../shared/sink/index.ts';
import {
  CONNECTOR_TABLE_ENV,
  ConnectorConflictError,
  ConnectorExistsError,
  type ConnectorStore,
  DynamoDbConnectorStore,
  type MappingRef,
  type TargetState,
} from '../../shared/store/index.ts';

/** The custom resource's properties (CloudFormation passes every scalar as a string). */
export interface ConnectorStateProperties {
  readonly Name: string;
  readonly Config: Record<string, string>;
  readonly TargetState: TargetState;
  readonly Mappings: readonly MappingRef[];
}

/** Attempts of a write that races with a REST change of the same connector (optimistic concurrency). */
const MAX_ATTEMPTS = 5;

const store = new DynamoDbConnectorStore({
  client: new DynamoDBClient({}),
  tableName: process.env[CONNECTOR_TABLE_ENV] ?? '',
});

const sinkServiceName = process.env[SINK_SERVICE_NAME_ENV];
const series = sinkServiceName
  ? powertoolsConnectorSeries(new Metrics({ serviceName: sinkServiceName }))
  : undefined;

export const handler = (event: CloudFormationCustomResourceEvent) => onEvent(store, event, series);

/**
 * Create and Update write the declared connector (its physical id is the connector name); Delete removes the item
 * of the physical id, so a renamed connector's old name goes once CloudFormation cleans up. A connector the write
 * creates starts its sink metric series.
 */
export async function onEvent(
  connectors: ConnectorStore,
  event: CloudFormationCustomResourceEvent,
  metrics?: ConnectorMetrics,
): Promise<{ PhysicalResourceId: string }> {
  if (event.RequestType === 'Delete') {
    await connectors.delete(event.PhysicalResourceId);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const declared = event.ResourceProperties as unknown as ConnectorStateProperties;
  if (await writeConnector(connectors, declared)) metrics?.created(declared.Name);
  return { PhysicalResourceId: declared.Name };
}

/**
 * Makes the stored connector equal the declaration: created when missing, otherwise updated at its current version
 * (retried when a concurrent REST change moves the version). The mappings CloudFormation created are stored and the
 * intent is marked applied. Returns whether the connector was created.
 */
export async function writeConnector(
  connectors: ConnectorStore,
  declared: ConnectorStateProperties,
): Promise<boolean> {
  const { Name: name, Config: config, TargetState: targetState } = declared;
  let created = false;
  for (let attempt = 1; ; attempt++) {
    try {
      let current = await connectors.get(name);
      if (!current) {
        current = await connectors.create({ name, config, targetState });
        created = true;
      }
      await connectors.update(name, current.version, {
        config,
        targetState,
        mappings: declared.Mappings.map(({ id, topic }) => ({ id, topic })),
        pending: false,
        deleting: undefined,
        applyError: undefined,
      });
      return created;
    } catch (e) {
      const raced = e instanceof ConnectorConflictError || e instanceof ConnectorExistsError;
      if (!raced || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
