// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Connect config-provider placeholders are literal ${...} text.
// The sink handler on AWS records the partitions it cannot get past on the connector's item (for the REST API's
// status), once per change: through the real config source over an in-memory store, with the real AEP sender against
// the AEP emulator where AEP's answers matter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAepSender, FAST_RETRY } from '../../../shared/aep/index.ts';
import { type AepEmulator, startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { envConfigProvider } from '../../../shared/config-providers/index.ts';
import { connectorAliasArn } from '../../../shared/identity/index.ts';
import type { KafkaEvent } from '../../../shared/records/types.ts';
import {
  createSinkHandler,
  type InvocationSummary,
  PartitionFailureRecorder,
  type SinkHandlerDeps,
  StoreConfigSource,
} from '../../../shared/sink/index.ts';
import type { StoredPartitionFailure } from '../../../shared/store/index.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { kafkaEvent } from '../../support/records.ts';
import { RecordingLogger, ScriptedSender } from '../../support/sink-doubles.ts';

const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';
const SECRET = 'pa55-w0rd-value';

/** An in-memory store that counts the sink's writes, and can be made to fail them. */
class CountingStore extends InMemoryConnectorStore {
  writes: string[] = [];
  failing = false;
  override async recordFailures(name: string, version: number, failures: readonly StoredPartitionFailure[]) {
    this.writes.push(`record ${failures.map((f) => `${f.topic}-${f.partition}`).join(',')}`);
    if (this.failing) throw new Error('DynamoDB is throttling');
    return super.recordFailures(name, version, failures);
  }
  override async clearFailures(name: string, partitions: readonly string[]) {
    this.writes.push(`clear ${partitions.join(',')}`);
    return super.clearFailures(name, partitions);
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
let store: CountingStore;
let clock: number;
let logger: RecordingLogger;
let invocations: InvocationSummary[];
/** AEP, with IMS accepting the client `client` with the secret `the secret`. */
let aep: AepEmulator;

beforeEach(async () => {
  aep = await startAepEmulator({ auth: { clientId: 'client', clientSecret: 'the secret' } });
  cleanups.push(() => aep.close());
  store = new CountingStore();
  clock = Date.parse('2024-05-01T12:00:00Z');
  logger = new RecordingLogger();
  invocations = [];
});
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((close) => close()));
});

/** The connector config of IMS credentials against the test's emulator, which accepts `client`/`the secret`. */
const imsCredentials = (secret: string) => ({
  'aep.endpoint': aep.endpoint('inlet-1'),
  'aep.connection.auth.enabled': 'true',
  'aep.connection.auth.token.type': 'oauth2_access_token',
  'aep.connection.auth.client.id': 'client',
  'aep.connection.auth.client.secret': secret,
  'aep.connection.auth.endpoint': aep.imsEndpoint,
});

/** A stored connector of topic `orders`, and the sink handler as the function builds it, with a 5 s config cache. */
async function connector(
  config: Record<string, string>,
  createSender: SinkHandlerDeps['createSender'] = (c) =>
    createAepSender(c, { allowedHosts: ['127.0.0.1'], retry: FAST_RETRY }),
) {
  const name = 'orders-sink';
  await store.create({
    name,
    config: {
      name,
      'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
      topics: 'orders',
      ...config,
    },
    targetState: 'STARTED',
  });
  const created = await store.get(name);
  await store.update(name, created?.version ?? 1, { pending: false });
  const handler = createSinkHandler({
    configSource: new StoreConfigSource({
      store,
      providers: { env: envConfigProvider({ AEP_SECRET: SECRET }) },
      ttlMs: 5_000,
      now: () => clock,
    }),
    failureRecorder: new PartitionFailureRecorder({ store, logger, now: () => clock }),
    createSender,
    logger,
    metrics: { batch: () => undefined, invocation: (_, summary) => invocations.push(summary) },
  });
  cleanups.push(() => handler.close());
  const invoke = (event: KafkaEvent) =>
    handler(event, lambdaContext({ invokedFunctionArn: connectorAliasArn(FUNCTION, name) })).catch(
      (e: unknown) => e,
    );
  return { name, invoke, failures: async () => (await store.get(name))?.failures };
}

const event = (firstOffset = 10) => kafkaEvent({ topic: 'orders', count: 4, partitions: 2, firstOffset });

describe('the sink handler records the partitions it cannot get past', () => {
  it('records refused IMS credentials once per partition, not healable, with what to change, and clears them once delivered', async () => {
    const { invoke, failures } = await connector(imsCredentials('not the secret'));

    expect(await invoke(event())).toMatchObject({ batchItemFailures: expect.any(Array) });
    const recorded = await failures();
    expect(Object.keys(recorded ?? {}).sort()).toEqual(['orders-0', 'orders-1']);
    expect(recorded?.['orders-0']).toMatchObject({
      topic: 'orders',
      partition: 0,
      offset: 10,
      stage: 'TASK_PUT',
      healable: false,
      since: '2024-05-01T12:00:00.000Z',
      exception: expect.stringContaining('ImsTokenError'),
    });
    expect(recorded?.['orders-0']?.reason).toMatch(/IMS/);
    expect(recorded?.['orders-0']?.hint).toContain('aep.connection.auth.client.secret');
    expect(store.writes).toEqual(['record orders-0,orders-1']);

    // The event source mapping retries the same batch: nothing changed, nothing is written, even after a new read.
    clock += 1_000;
    await invoke(event());
    clock += 10_000;
    await invoke(event());
    expect(store.writes).toEqual(['record orders-0,orders-1']);
    expect(invocations.map((i) => [i.failed, i.retry])).toEqual([
      [true, false],
      [true, true],
      [true, true],
    ]);

    // The secret is fixed in the config (a new version): the retried batch is delivered, and one write clears it.
    const current = await store.get('orders-sink');
    await store.update('orders-sink', current?.version ?? 0, {
      config: { ...current?.config, 'aep.connection.auth.client.secret': 'the secret' },
    });
    clock += 10_000;
    expect(await invoke(event())).toBeUndefined();
    expect(await failures()).toEqual({});
    await invoke(event(14));
    expect(store.writes).toEqual(['record orders-0,orders-1', 'clear orders-0,orders-1']);
    expect(invocations.at(-1)).toMatchObject({ failed: false, retry: false });
  });

  it('records a connector that cannot start (an endpoint outside the allowlist) at stage TASK_START, naming the setting', async () => {
    const { invoke, failures } = await connector({
      'aep.endpoint': 'https://collector.example.com/collection/abc',
    });

    const error = await invoke(event());

    expect(error).toBeInstanceOf(Error);
    const recorded = (await failures())?.['orders-1'];
    expect(recorded).toMatchObject({ stage: 'TASK_START', healable: false, offset: 10 });
    expect(recorded?.reason).toContain('aep.allowed.hosts');
    expect(recorded?.hint).toContain('aepAllowedHosts');
  });

  it('records an outage as healable, without a hint, and keeps its first time while it lasts', async () => {
    for (let i = 0; i < 40; i++) aep.enqueue({ status: 503 });
    const { invoke, failures } = await connector({
      ...imsCredentials('the secret'),
      'aep.connection.maxRetries': '1',
    });

    await invoke(event());
    clock += 60_000;
    await invoke(event());

    const recorded = (await failures())?.['orders-0'];
    expect(recorded).toMatchObject({ healable: true, status: 503, since: '2024-05-01T12:00:00.000Z' });
    expect(recorded?.hint).toBeUndefined();
    expect(store.writes).toEqual(['record orders-0,orders-1']);
  });

  it('hides the resolved secrets of the config in what it records', async () => {
    const echo = new ScriptedSender(() => ({
      ok: false,
      rejected: false,
      retriable: false,
      status: 401,
      reason: `AEP refused the token ${SECRET}`,
    }));
    const { invoke, failures } = await connector(
      {
        'aep.endpoint': 'https://dcs.adobedc.net/collection/x',
        'aep.connection.auth.client.secret': '${env:AEP_SECRET}',
      },
      () => echo,
    );

    await invoke(event());

    const recorded = (await failures())?.['orders-0'];
    expect(recorded?.reason).toBe('AEP refused the token [hidden]');
    expect(JSON.stringify(await failures())).not.toContain(SECRET);
  });

  it('logs a write that fails and still answers the invocation as the pipeline decided', async () => {
    const { invoke } = await connector(imsCredentials('wrong'));
    store.failing = true;

    const answer = await invoke(event());

    expect(answer).toMatchObject({
      batchItemFailures: [
        { itemIdentifier: { partition: 'orders-0', offset: 10 } },
        { itemIdentifier: { partition: 'orders-1', offset: 10 } },
      ],
    });
    expect(logger.lines.join('\n')).toMatch(
      /warn: Recording the partition failures of connector orders-sink failed/,
    );
  });

  it('writes nothing for a connector changed since the container read it, and records it after the next read', async () => {
    const { name, invoke, failures } = await connector(imsCredentials('wrong'));
    await invoke(event()); // the container reads the connector
    await store.update(name, (await store.get(name))?.version ?? 0, { failures: undefined, pending: true });

    await invoke(event());
    expect(await failures()).toBeUndefined();

    clock += 5_000;
    await invoke(event());
    expect(Object.keys((await failures()) ?? {})).toEqual(['orders-0', 'orders-1']);
  });
});
