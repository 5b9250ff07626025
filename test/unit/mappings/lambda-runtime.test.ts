// LambdaMappingRuntime against a mocked Lambda API: every request is asserted exactly.
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteAliasCommand,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UpdateAliasCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundException } from '../../../shared/errors/index.ts';
import { connectorAliasName } from '../../../shared/identity/index.ts';
import type { OffsetsPort, PartitionOffset } from '../../../shared/kafka/index.ts';
import { MappingRuntimeError, resolveMappingSettings } from '../../../shared/mappings/index.ts';
import { LambdaMappingRuntime } from '../../../shared/mappings/lambda/index.ts';
import { createRequest } from '../../../shared/mappings/lambda/requests.ts';
import type { ConnectorIntent } from '../../../shared/mappings/types.ts';

const fnArn = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const alias = connectorAliasName('orders');
const aliasArn = `${fnArn}:${alias}`;
const cluster = 'arn:aws:kafka:eu-west-1:123456789012:cluster/prod/0a1b2c3d-1111-2222-3333-444455556666-1';
const scramSecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/scram-AbCdEf';
const mskConfig = { name: 'orders', topics: 'orders,refunds', 'esm.msk.cluster.arn': cluster };

const lambda = mockClient(LambdaClient);
let sleeps: number[];
let runtime: LambdaMappingRuntime;

const notFound = () => new ResourceNotFoundException({ message: 'Function not found', $metadata: {} });
const intent = (
  config: Record<string, string>,
  targetState: ConnectorIntent['targetState'] = 'STARTED',
): ConnectorIntent => ({
  name: 'orders',
  config,
  targetState,
  mappings: [],
});

/** What Lambda answers for an ESM created from `input` (its configuration echoed back). */
function echo(
  input: CreateEventSourceMappingCommandInput,
  uuid: string,
  state = 'Enabled',
): EventSourceMappingConfiguration {
  const { FunctionName, Enabled: _enabled, ...rest } = input;
  return {
    ...rest,
    UUID: uuid,
    FunctionArn: FunctionName,
    State: state,
    StateTransitionReason: 'USER_INITIATED',
  };
}

/** The ESM Lambda would hold for `topic` of `config` today. */
function existing(config: Record<string, string>, topic: string, uuid: string, state = 'Enabled') {
  const settings = resolveMappingSettings(config, { lambda: true });
  return echo(createRequest(settings, topic, aliasArn, state === 'Enabled'), uuid, state);
}

function listing(...esms: EventSourceMappingConfiguration[]) {
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: esms });
}

const inputs = <T>(command: new (input: T) => unknown) =>
  lambda.commandCalls(command as never).map((call) => (call.args[0] as { input: T }).input);

beforeEach(() => {
  lambda.reset();
  sleeps = [];
  runtime = new LambdaMappingRuntime({
    client: new LambdaClient({ region: 'eu-west-1' }),
    functionArn: fnArn,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  lambda.on(GetAliasCommand).resolves({ Name: alias, FunctionVersion: '$LATEST' });
  lambda.on(GetEventSourceMappingCommand).rejects(notFound());
  listing();
});

describe('apply: create', () => {
  it('creates the alias and one MSK ESM per topic, each with its own consumer group as Lambda requires', async () => {
    lambda.on(GetAliasCommand).rejects(notFound());
    lambda.on(CreateAliasCommand).resolves({});
    lambda
      .on(CreateEventSourceMappingCommand)
      .callsFake((input: CreateEventSourceMappingCommandInput) =>
        echo(input, `u-${input.Topics?.[0]}`, 'Creating'),
      );

    const refs = await runtime.apply(intent({ ...mskConfig, 'tasks.max': '4' }));

    expect(refs).toEqual([
      { id: 'u-orders', topic: 'orders' },
      { id: 'u-refunds', topic: 'refunds' },
    ]);
    expect(inputs(CreateAliasCommand)).toEqual([
      {
        FunctionName: fnArn,
        Name: alias,
        FunctionVersion: '$LATEST',
        Description: 'Kafka Connect connector orders',
      },
    ]);
    expect(lambda).toHaveReceivedCommandWith(ListEventSourceMappingsCommand, { FunctionName: aliasArn });
    const common = {
      FunctionName: aliasArn,
      EventSourceArn: cluster,
      StartingPosition: 'TRIM_HORIZON',
      Enabled: true,
      BatchSize: 100,
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 4 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    };
    expect(inputs(CreateEventSourceMappingCommand)).toEqual([
      {
        ...common,
        Topics: ['orders'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders:orders' },
      },
      {
        ...common,
        Topics: ['refunds'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders:refunds' },
      },
    ]);
    expect(runtime.consumerGroups(intent(mskConfig))).toEqual([
      { groupId: 'connect-orders:orders', topic: 'orders' },
      { groupId: 'connect-orders:refunds', topic: 'refunds' },
    ]);
    expect(runtime.consumerGroups(intent({ ...mskConfig, topics: 'orders' }))).toEqual([
      { groupId: 'connect-orders' },
    ]);
  });

  it('creates a self-managed ESM with SASL/SCRAM, a root CA, VPC access and every tuning key', async () => {
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-1' });
    const config = {
      name: 'orders',
      topics: 'orders',
      'esm.bootstrap.servers': 'b-1.example.com:9096, b-2.example.com:9096',
      'esm.auth.type': 'SASL_SCRAM_512_AUTH',
      'esm.auth.secret.arn': scramSecret,
      'esm.server.root.ca.secret.arn': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/ca-XyZ123',
      'esm.vpc.subnets': 'subnet-0a1,subnet-0b2',
      'esm.vpc.security.groups': 'sg-0c3',
      'esm.batch.size': '500',
      'esm.maximum.batching.window.seconds': '5',
      'esm.starting.position': 'AT_TIMESTAMP',
      'esm.starting.position.timestamp': '2026-01-02T03:04:05Z',
      'esm.minimum.pollers': '2',
      'esm.maximum.pollers': '10',
      'esm.poller.group.name': 'aep',
      'esm.maximum.retry.attempts': '3',
      'esm.maximum.record.age.seconds': '3600',
      'esm.bisect.batch.on.function.error': 'true',
      'esm.on.failure.destination': 'arn:aws:sqs:eu-west-1:123456789012:aep-dlq',
      'esm.filters': '[{"value":{"type":["order"]}}]',
      'consumer.override.group.id': 'aep-orders',
    };

    await runtime.apply(intent(config, 'PAUSED'));

    expect(inputs(CreateEventSourceMappingCommand)).toEqual([
      {
        FunctionName: aliasArn,
        SelfManagedEventSource: {
          Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b-1.example.com:9096', 'b-2.example.com:9096'] },
        },
        SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'aep-orders' },
        Topics: ['orders'],
        StartingPosition: 'AT_TIMESTAMP',
        StartingPositionTimestamp: new Date('2026-01-02T03:04:05Z'),
        Enabled: false,
        BatchSize: 500,
        MaximumBatchingWindowInSeconds: 5,
        SourceAccessConfigurations: [
          { Type: 'SASL_SCRAM_512_AUTH', URI: scramSecret },
          {
            Type: 'SERVER_ROOT_CA_CERTIFICATE',
            URI: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/ca-XyZ123',
          },
          { Type: 'VPC_SUBNET', URI: 'subnet-0a1' },
          { Type: 'VPC_SUBNET', URI: 'subnet-0b2' },
          { Type: 'VPC_SECURITY_GROUP', URI: 'sg-0c3' },
        ],
        ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 10, PollerGroupName: 'aep' },
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 3600,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:eu-west-1:123456789012:aep-dlq' } },
        FilterCriteria: { Filters: [{ Pattern: '{"value":{"type":["order"]}}' }] },
      },
    ]);
  });

  it('points an existing alias at the configured function version', async () => {
    runtime = new LambdaMappingRuntime({
      client: new LambdaClient({}),
      functionArn: fnArn,
      functionVersion: '7',
      sleep: async () => {},
    });
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u' });
    await runtime.apply(intent({ ...mskConfig, topics: 'orders' }));
    expect(inputs(UpdateAliasCommand)).toEqual([{ FunctionName: fnArn, Name: alias, FunctionVersion: '7' }]);
  });

  it('refuses a config that cannot become ESMs, naming the key, before calling Lambda', async () => {
    await expect(runtime.apply(intent({ ...mskConfig, 'topics.regex': 'o.*', topics: '' }))).rejects.toThrow(
      /topics\.regex: Lambda event source mappings take exactly one literal topic/,
    );
    expect(lambda.calls()).toHaveLength(0);
  });
});

describe('apply: converge', () => {
  it('does nothing when the ESMs already match (idempotent)', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'), existing(mskConfig, 'refunds', 'u-r'));
    expect(await runtime.apply(intent(mskConfig))).toEqual([
      { id: 'u-o', topic: 'orders' },
      { id: 'u-r', topic: 'refunds' },
    ]);
    expect(lambda).not.toHaveReceivedCommand(CreateEventSourceMappingCommand);
    expect(lambda).not.toHaveReceivedCommand(UpdateEventSourceMappingCommand);
    expect(lambda).not.toHaveReceivedCommand(DeleteEventSourceMappingCommand);
  });

  it('updates only the fields that changed', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'), existing(mskConfig, 'refunds', 'u-r'));
    lambda.on(UpdateEventSourceMappingCommand).callsFake((input) => ({ ...input }));
    await runtime.apply(
      intent({
        ...mskConfig,
        'esm.batch.size': '250',
        'esm.maximum.retry.attempts': '5',
        'esm.report.batch.item.failures': 'false',
      }),
    );
    const change = { BatchSize: 250, MaximumRetryAttempts: 5, FunctionResponseTypes: [] };
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([
      { UUID: 'u-o', ...change },
      { UUID: 'u-r', ...change },
    ]);
  });

  it('removes a destination and filters that are no longer configured', async () => {
    const before = {
      ...mskConfig,
      topics: 'orders',
      'esm.on.failure.destination': 'kafka://dlq',
      'esm.filters': '[{"value":{"a":["b"]}}]',
    };
    listing(existing(before, 'orders', 'u-o'));
    lambda.on(UpdateEventSourceMappingCommand).resolves({ UUID: 'u-o' });
    await runtime.apply(intent({ ...mskConfig, topics: 'orders' }));
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([
      { UUID: 'u-o', DestinationConfig: { OnFailure: {} }, FilterCriteria: {} },
    ]);
  });

  it('pauses by disabling and resumes by enabling', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing(one, 'orders', 'u-o', 'Enabled'));
    lambda.on(UpdateEventSourceMappingCommand).resolves({ UUID: 'u-o' });
    await runtime.apply(intent(one, 'PAUSED'));
    listing(existing(one, 'orders', 'u-o', 'Disabled'));
    await runtime.apply(intent(one, 'STARTED'));
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([
      { UUID: 'u-o', Enabled: false },
      { UUID: 'u-o', Enabled: true },
    ]);
  });

  it('stops by deleting every ESM and waiting until they are gone; the alias stays', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'), existing(mskConfig, 'refunds', 'u-r'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda
      .on(GetEventSourceMappingCommand, { UUID: 'u-o' })
      .resolvesOnce({ UUID: 'u-o', State: 'Deleting' })
      .rejects(notFound());
    expect(await runtime.apply(intent(mskConfig, 'STOPPED'))).toEqual([]);
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-o' }, { UUID: 'u-r' }]);
    expect(lambda).toHaveReceivedCommandTimes(GetEventSourceMappingCommand, 3);
    expect(sleeps).toEqual([1000]);
    expect(lambda).not.toHaveReceivedCommand(DeleteAliasCommand);
  });

  it('stops a connector whose config became invalid, without touching the alias', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    expect(await runtime.apply(intent({ ...mskConfig, 'esm.batch.size': 'many' }, 'STOPPED'))).toEqual([]);
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-o' }]);
    expect(lambda).not.toHaveReceivedCommand(GetAliasCommand);
  });

  it('resumes a STOPPED connector by recreating its ESMs with the same consumer group', async () => {
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });
    await runtime.apply(intent({ ...mskConfig, topics: 'orders' }, 'STARTED'));
    expect(inputs(CreateEventSourceMappingCommand)[0]?.AmazonManagedKafkaEventSourceConfig).toEqual({
      ConsumerGroupId: 'connect-orders',
    });
  });

  it("deletes the ESM of a removed topic and creates one for a new topic, keeping the kept topic's group", async () => {
    listing(existing(mskConfig, 'orders', 'u-o'), existing(mskConfig, 'refunds', 'u-r'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-c' });
    const refs = await runtime.apply(intent({ ...mskConfig, topics: 'orders,chargebacks' }));
    expect(refs).toEqual([
      { id: 'u-o', topic: 'orders' },
      { id: 'u-c', topic: 'chargebacks' },
    ]);
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-r' }]);
    expect(inputs(CreateEventSourceMappingCommand)).toMatchObject([
      {
        Topics: ['chargebacks'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders:chargebacks' },
      },
    ]);
  });

  it('recreates on a starting position change, waiting for the old ESM to go, with the same group', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing({ ...one, 'esm.starting.position': 'LATEST' }, 'orders', 'u-old'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda
      .on(GetEventSourceMappingCommand, { UUID: 'u-old' })
      .resolvesOnce({ UUID: 'u-old', State: 'Deleting' })
      .rejects(notFound());
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });
    expect(await runtime.apply(intent(one))).toEqual([{ id: 'u-new', topic: 'orders' }]);
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-old' }]);
    expect(inputs(CreateEventSourceMappingCommand)).toMatchObject([
      {
        StartingPosition: 'TRIM_HORIZON',
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders' },
      },
    ]);
  });

  it('recreates on a consumer group change with the new group', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing(one, 'orders', 'u-old'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });
    await runtime.apply(intent({ ...one, 'consumer.override.group.id': 'legacy-group' }));
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-old' }]);
    expect(inputs(CreateEventSourceMappingCommand)).toMatchObject([
      { AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'legacy-group' } },
    ]);
  });

  it('deletes duplicate ESMs of one topic left by an interrupted apply', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing(one, 'orders', 'u-1'), existing(one, 'orders', 'u-2'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    expect(await runtime.apply(intent(one))).toEqual([{ id: 'u-1', topic: 'orders' }]);
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-2' }]);
  });
});

describe('apply: a topic whose consumer group changes with the number of topics', () => {
  /** The façade's offsets port, in memory: committed offsets per group. */
  function offsetsPort(groups: Record<string, PartitionOffset[]>): OffsetsPort & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      async get(groupId) {
        calls.push(`get ${groupId}`);
        return groups[groupId] ?? [];
      },
      async alter(groupId, offsets) {
        calls.push(`alter ${groupId}`);
        groups[groupId] = [...offsets];
      },
      async reset() {},
    };
  }
  const one = { ...mskConfig, topics: 'orders' };
  const committed = [
    { topic: 'orders', partition: 0, offset: 42 },
    { topic: 'orders', partition: 1, offset: 7 },
  ];
  /** A single-topic connector's ESM, whose group `connect-orders` holds `committed`, about to be recreated. */
  function oneTopicWithCommittedOffsets() {
    const groups: Record<string, PartitionOffset[]> = { 'connect-orders': committed };
    const offsets = offsetsPort(groups);
    runtime = new LambdaMappingRuntime({
      client: new LambdaClient({ region: 'eu-west-1' }),
      functionArn: fnArn,
      offsets,
      sleep: async () => {},
    });
    listing(existing(one, 'orders', 'u-old'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });
    return { groups, offsets };
  }

  it("carries the topic's committed offsets to its new group before the ESM is recreated", async () => {
    const { groups, offsets } = oneTopicWithCommittedOffsets();

    await runtime.apply(intent(mskConfig)); // orders,refunds: orders moves to connect-orders:orders

    expect(groups['connect-orders:orders']).toEqual(committed);
    expect(groups['connect-orders:refunds']).toBeUndefined();
    expect(offsets.calls).toEqual(['get connect-orders', 'alter connect-orders:orders']);
    expect(inputs(CreateEventSourceMappingCommand)).toMatchObject([
      {
        Topics: ['orders'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-orders:orders' },
      },
      { Topics: ['refunds'] },
    ]);
  });

  it('moves them back when the connector returns to one topic', async () => {
    const groups: Record<string, PartitionOffset[]> = {
      'connect-orders': [{ topic: 'orders', partition: 0, offset: 1 }],
      'connect-orders:orders': committed,
    };
    runtime = new LambdaMappingRuntime({
      client: new LambdaClient({ region: 'eu-west-1' }),
      functionArn: fnArn,
      offsets: offsetsPort(groups),
      sleep: async () => {},
    });
    listing(existing(mskConfig, 'orders', 'u-o'), existing(mskConfig, 'refunds', 'u-r'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });

    await runtime.apply(intent(one));

    expect(groups['connect-orders']).toEqual(committed);
  });

  it('leaves a group the user chose (consumer.override.group.id) to start afresh, as Connect does', async () => {
    const { offsets } = oneTopicWithCommittedOffsets();

    await runtime.apply(intent({ ...one, 'consumer.override.group.id': 'legacy-group' }));

    expect(offsets.calls).toEqual([]);
  });

  it('keeps the old ESM when the offsets cannot be carried over, and fails retriably', async () => {
    runtime = new LambdaMappingRuntime({
      client: new LambdaClient({ region: 'eu-west-1' }),
      functionArn: fnArn,
      offsets: {
        get: async () => {
          throw new Error('broker unreachable');
        },
        alter: async () => {},
        reset: async () => {},
      },
      sleep: async () => {},
    });
    listing(existing(one, 'orders', 'u-old'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'u-new' });

    const failure = await runtime.apply(intent(mskConfig)).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(MappingRuntimeError);
    expect(failure).toMatchObject({ retriable: true });
    expect((failure as Error).message).toContain('connect-orders');
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([]);
  });
});

describe('apply: duplicate topics', () => {
  it('makes one ESM and one task of a topic listed twice (Connect subscribes to it once)', async () => {
    const config = { ...mskConfig, topics: 'orders, refunds,orders' };
    lambda
      .on(CreateEventSourceMappingCommand)
      .callsFake((input: CreateEventSourceMappingCommandInput) => echo(input, `u-${input.Topics?.[0]}`));
    expect(await runtime.apply(intent(config))).toEqual([
      { id: 'u-orders', topic: 'orders' },
      { id: 'u-refunds', topic: 'refunds' },
    ]);
    expect(inputs(CreateEventSourceMappingCommand).map((i) => i.Topics)).toEqual([['orders'], ['refunds']]);
    expect(runtime.consumerGroups(intent(config)).map((g) => g.groupId)).toEqual([
      'connect-orders:orders',
      'connect-orders:refunds',
    ]);
    listing(existing(mskConfig, 'orders', 'u-orders'), existing(mskConfig, 'refunds', 'u-refunds'));
    expect((await runtime.status(intent(config))).tasks).toEqual([
      { id: 0, state: 'RUNNING', topic: 'orders' },
      { id: 1, state: 'RUNNING', topic: 'refunds' },
    ]);
  });

  it('keeps a single-topic connector on its own group when the topic is listed twice', async () => {
    expect(runtime.consumerGroups(intent({ ...mskConfig, topics: 'orders,orders' }))).toEqual([
      { groupId: 'connect-orders' },
    ]);
  });
});

describe('discovery', () => {
  it('reads every page, ignores other functions, and checks stored ids the list misses', async () => {
    const one = { ...mskConfig, topics: 'orders,refunds' };
    lambda
      .on(ListEventSourceMappingsCommand, { FunctionName: aliasArn, Marker: undefined })
      .resolves({
        EventSourceMappings: [
          { ...existing(one, 'orders', 'u-o') },
          { UUID: 'x', FunctionArn: `${fnArn}:other` },
        ],
        NextMarker: 'p2',
      })
      .on(ListEventSourceMappingsCommand, { FunctionName: aliasArn, Marker: 'p2' })
      .resolves({ EventSourceMappings: [] });
    lambda.on(GetEventSourceMappingCommand, { UUID: 'u-r' }).resolves(existing(one, 'refunds', 'u-r'));
    const refs = await runtime.apply({ ...intent(one), mappings: [{ id: 'u-r', topic: 'refunds' }] });
    expect(refs).toEqual([
      { id: 'u-o', topic: 'orders' },
      { id: 'u-r', topic: 'refunds' },
    ]);
    expect(lambda).toHaveReceivedCommandTimes(ListEventSourceMappingsCommand, 2);
    expect(lambda).not.toHaveReceivedCommand(CreateEventSourceMappingCommand);
  });

  it('treats a missing alias (a connector created STOPPED never had one) as no mappings for status and remove', async () => {
    lambda.on(ListEventSourceMappingsCommand).rejects(notFound());
    lambda.on(DeleteAliasCommand).rejects(notFound());
    const stopped = { ...intent(mskConfig), targetState: 'STOPPED' as const };
    expect((await runtime.status(stopped)).connector.state).toBe('STOPPED');
    await expect(runtime.remove(stopped)).resolves.toBeUndefined();
    expect(await runtime.activeTopics(stopped)).toEqual([]);
  });
});

describe('Lambda errors', () => {
  it('retries a throttled call after retryAfterSeconds', async () => {
    lambda
      .on(CreateEventSourceMappingCommand)
      .rejectsOnce(
        new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {}, retryAfterSeconds: '2' }),
      )
      .resolves({ UUID: 'u-o' });
    expect(await runtime.apply(intent({ ...mskConfig, topics: 'orders' }))).toEqual([
      { id: 'u-o', topic: 'orders' },
    ]);
    expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 2);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up on endless throttling after a bounded number of attempts, retriably', async () => {
    lambda
      .on(CreateEventSourceMappingCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const e = await runtime.apply(intent({ ...mskConfig, topics: 'orders' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MappingRuntimeError);
    expect((e as MappingRuntimeError).retriable).toBe(true);
    expect((e as Error).message).toBe(
      'Event source mappings of connector orders: CreateEventSourceMapping failed: TooManyRequestsException: Rate exceeded (gave up after 6 attempts)',
    );
    expect(sleeps).toEqual([200, 400, 800, 1600, 3200]);
  });

  it('waits for an ESM that is still Creating, then updates it (ResourceInUseException)', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing(one, 'orders', 'u-o', 'Creating'));
    lambda
      .on(GetEventSourceMappingCommand, { UUID: 'u-o' })
      .resolvesOnce(existing(one, 'orders', 'u-o', 'Creating'))
      .resolvesOnce(existing(one, 'orders', 'u-o', 'Enabled'))
      .resolvesOnce(existing(one, 'orders', 'u-o', 'Updating'))
      .resolves(existing(one, 'orders', 'u-o', 'Enabled'));
    lambda
      .on(UpdateEventSourceMappingCommand)
      .rejectsOnce(new ResourceInUseException({ message: 'ESM is Updating', $metadata: {} }))
      .resolves({ UUID: 'u-o' });
    await runtime.apply(intent({ ...one, 'esm.batch.size': '10' }));
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([
      { UUID: 'u-o', BatchSize: 10 },
      { UUID: 'u-o', BatchSize: 10 },
    ]);
    expect(lambda).toHaveReceivedCommandTimes(GetEventSourceMappingCommand, 4);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('stops waiting after the bounded wait with a retriable error', async () => {
    const one = { ...mskConfig, topics: 'orders' };
    listing(existing(one, 'orders', 'u-o', 'Creating'));
    lambda.on(GetEventSourceMappingCommand).resolves(existing(one, 'orders', 'u-o', 'Creating'));
    const e = await runtime.apply(intent(one)).catch((x: unknown) => x);
    expect((e as MappingRuntimeError).retriable).toBe(true);
    expect((e as Error).message).toContain('is still Creating after 20000 ms');
    expect(sleeps).toHaveLength(21);
  });

  it('does not retry an invalid parameter, and says so', async () => {
    lambda
      .on(CreateEventSourceMappingCommand)
      .rejects(new InvalidParameterValueException({ message: 'Bad cluster', $metadata: {} }));
    const e = await runtime.apply(intent({ ...mskConfig, topics: 'orders' })).catch((x: unknown) => x);
    expect((e as MappingRuntimeError).retriable).toBe(false);
    expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 1);
  });
});

describe('remove, restart, topics', () => {
  it('remove deletes the ESMs, waits, then deletes the alias', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'));
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    lambda.on(DeleteAliasCommand).resolves({});
    await runtime.remove(intent(mskConfig));
    expect(inputs(DeleteEventSourceMappingCommand)).toEqual([{ UUID: 'u-o' }]);
    expect(inputs(DeleteAliasCommand)).toEqual([{ FunctionName: fnArn, Name: alias }]);
  });

  it('restart of failed tasks cycles the failed ESM only', async () => {
    const healthy = existing(mskConfig, 'orders', 'u-o');
    const failing = {
      ...existing(mskConfig, 'refunds', 'u-r'),
      LastProcessingResult: 'PROBLEM: SASL authentication failed',
    };
    listing(healthy, failing);
    lambda.on(GetEventSourceMappingCommand, { UUID: 'u-r' }).resolves(failing);
    lambda.on(UpdateEventSourceMappingCommand).resolves({});
    await runtime.restart(intent(mskConfig), { includeTasks: true, onlyFailed: true });
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([
      { UUID: 'u-r', Enabled: false },
      { UUID: 'u-r', Enabled: true },
    ]);
  });

  it('restart of one task enables an ESM that Lambda disabled', async () => {
    const disabled = {
      ...existing(mskConfig, 'refunds', 'u-r', 'Disabled'),
      StateTransitionReason: 'ESM_CONFIG_NOT_VALID',
    };
    listing(existing(mskConfig, 'orders', 'u-o'), disabled);
    lambda.on(GetEventSourceMappingCommand, { UUID: 'u-r' }).resolves(disabled);
    lambda.on(UpdateEventSourceMappingCommand).resolves({});
    await runtime.restart(intent(mskConfig), { includeTasks: false, onlyFailed: true, task: 1 });
    expect(inputs(UpdateEventSourceMappingCommand)).toEqual([{ UUID: 'u-r', Enabled: true }]);
    await expect(
      runtime.restart(intent(mskConfig), { includeTasks: false, onlyFailed: false, task: 5 }),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('activeTopics lists the topics of existing ESMs', async () => {
    listing(existing(mskConfig, 'refunds', 'u-r'), {
      ...existing(mskConfig, 'orders', 'u-o'),
      State: 'Deleting',
    });
    expect(await runtime.activeTopics(intent(mskConfig))).toEqual(['refunds']);
  });

  it('status reports one task per topic and the worker id', async () => {
    listing(existing(mskConfig, 'orders', 'u-o'));
    expect(await runtime.status(intent(mskConfig))).toEqual({
      connector: { state: 'RUNNING' },
      tasks: [
        { id: 0, state: 'RUNNING', topic: 'orders' },
        { id: 1, state: 'UNASSIGNED', topic: 'refunds' },
      ],
      workerId: `eu-west-1/aep-sink:${alias}`,
    });
  });
});
