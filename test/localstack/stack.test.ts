// AepSinkStack deployed to LocalStack with cdklocal, used as a user would: the Kafka Connect REST API through API
// Gateway with SigV4 (state in the deployed table, aliases of the deployed sink function, offsets on the real
// broker), and the deployed sink invoked through a connector's alias with ESM-shaped events, delivering to the AEP
// emulator on 127.0.0.1 (the host-process executor runs the function on this machine). LocalStack's free build has
// no Kafka event source mappings: where the façade needs one, the test asserts what the user sees, a FAILED
// connector naming LocalStack's refusal. The last test destroys the stack.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetAliasCommand, GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AepEmulator,
  type AepEmulatorOptions,
  startAepEmulator,
} from '../../shared/aep-emulator/index.ts';
import { connectorAliasArn, connectorAliasName } from '../../shared/identity/index.ts';
import { Kafka, logLevel } from '../../shared/kafka/index.ts';
import type { KafkaBatchResponse } from '../../shared/records/types.ts';
import { DynamoDbConnectorStore } from '../../shared/store/index.ts';
import { type GeneratedEventOptions, kafkaEvent, xdmValue } from '../support/records.ts';
import { CREDENTIALS, LocalStackDeployment, REGION } from './stack.ts';

const endpoint = inject('localstackEndpoint');
const bootstrap = inject('kafkaBootstrap');
const aws = { endpoint, region: REGION, credentials: CREDENTIALS };
const lambda = new LambdaClient(aws);
const dynamodb = new DynamoDBClient(aws);
const sqs = new SQSClient(aws);
const secrets = new SecretsManagerClient(aws);

/** Self-managed Kafka on the shared broker: the façade's offsets endpoints reach it (KAFKA_BOOTSTRAP_SERVERS). */
const CONTEXT = {
  retainData: 'false',
  tableDeletionProtection: 'false',
  reconcileIntervalMinutes: '0',
  aepAllowedHosts: '127.0.0.1',
  bootstrapServers: bootstrap,
};
const CONNECTOR_CLASS = 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector';
/** An inlet no test sends to (connectors whose records are never delivered). */
const INLET = 'http://127.0.0.1:9/collection/unused';

const dir = mkdtempSync(join(inject('localstackRunDir'), 'suite-'));
const stack = new LocalStackDeployment({
  endpoint,
  dir,
  stackName: `AepSinkLocalStack${randomUUID().slice(0, 8)}`,
});
const emulators: AepEmulator[] = [];
let destroyed = false;

beforeAll(async () => {
  await stack.deploy(CONTEXT);
});

afterAll(async () => {
  await Promise.all(emulators.map((aep) => aep.close()));
  if (!destroyed) await stack.destroy().catch((e: unknown) => console.error(e));
  if (!process.env.KEEP_LOCALSTACK) rmSync(dir, { recursive: true, force: true });
  for (const client of [lambda, dynamodb, sqs, secrets]) client.destroy();
});

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const path = (connector: string, rest = '') => `/connectors/${encodeURIComponent(connector)}${rest}`;
const store = () =>
  new DynamoDbConnectorStore({ client: dynamodb, tableName: stack.outputs.ConnectorTableName });

async function emulator(options: AepEmulatorOptions = {}): Promise<AepEmulator> {
  const aep = await startAepEmulator(options);
  emulators.push(aep);
  return aep;
}

/** The connector's alias of the deployed sink function, or undefined when it has none. */
async function alias(connector: string) {
  try {
    return await lambda.send(
      new GetAliasCommand({
        FunctionName: stack.outputs.SinkFunctionName,
        Name: connectorAliasName(connector),
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

/** A connector of `topic` created STOPPED through the API. */
async function stoppedConnector(topic: string): Promise<{ name: string; config: Record<string, string> }> {
  const name = unique('ls-stopped');
  const config = { 'connector.class': CONNECTOR_CLASS, topics: topic, 'aep.endpoint': INLET };
  const created = await stack.request('POST', '/connectors', { name, config, initial_state: 'STOPPED' });
  expect(created.status).toBe(201);
  return { name, config };
}

/**
 * A connector created through the API: RUNNING needs its alias and a Kafka mapping, which LocalStack's free
 * build refuses, so it is FAILED, but its alias exists and can be invoked as a mapping would.
 */
async function runningConnector(
  topic: string,
  inlet: string,
  extra: Record<string, string> = {},
): Promise<{ name: string; config: Record<string, string> }> {
  const name = unique('ls-sink');
  const config = { 'connector.class': CONNECTOR_CLASS, topics: topic, 'aep.endpoint': inlet, ...extra };
  expect((await stack.request('POST', '/connectors', { name, config })).status).toBe(201);
  return { name, config };
}

/** A batch of `topic` as a self-managed Kafka event source mapping of the shared broker delivers it. */
const esmEvent = (topic: string, options: Omit<GeneratedEventOptions, 'topic' | 'source'>) =>
  kafkaEvent({ ...options, topic, source: 'self-managed', bootstrapServers: bootstrap });

/** Invokes the connector's alias of the sink with an ESM-shaped event, as its event source mapping would. */
async function invokeAlias(connector: string, event: unknown) {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: connectorAliasArn(stack.outputs.SinkFunctionArn, connector),
      Payload: JSON.stringify(event),
    }),
  );
  const text = Buffer.from(out.Payload ?? []).toString('utf8');
  expect(out.FunctionError, text).toBeUndefined();
  return {
    executedVersion: out.ExecutedVersion,
    failures: ((JSON.parse(text || 'null') as KafkaBatchResponse | null)?.batchItemFailures ??
      []) as unknown[],
  };
}

const deliveredIds = (aep: AepEmulator) =>
  aep.messages.map((m) => (m.message as { body: { xdmEntity: { _id: string } } }).body.xdmEntity._id).sort();

describe('the deployed stack', () => {
  it('runs the sink and the façade as Node.js 24 functions behind a REST API that answers Connect’s root', async () => {
    const sink = await lambda.send(new GetFunctionCommand({ FunctionName: stack.outputs.SinkFunctionName }));
    expect(sink.Configuration).toMatchObject({
      Runtime: 'nodejs24.x',
      State: 'Active',
      Handler: 'index.handler',
    });
    const root = await stack.request('GET', '/');
    expect(root).toMatchObject({ status: 200, body: { version: expect.any(String) } });
  });
});

describe('the Connect REST API on API Gateway', () => {
  it('creates a STOPPED connector into the deployed table, lists it, shows its config and status, no alias yet', async () => {
    const name = unique('ls-stopped');
    const config = {
      'connector.class': CONNECTOR_CLASS,
      topics: 'orders',
      'aep.endpoint': INLET,
    };

    const created = await stack.request('POST', '/connectors', { name, config, initial_state: 'STOPPED' });

    expect(created).toMatchObject({ status: 201, body: { name, config: { ...config, name }, type: 'sink' } });
    expect(await store().get(name)).toMatchObject({
      name,
      config: { ...config, name },
      targetState: 'STOPPED',
    });
    const listed = await stack.request('GET', '/connectors?expand=status');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ [name]: { status: { connector: { state: 'STOPPED' } } } });
    expect(await stack.request('GET', path(name, '/config'))).toEqual({
      status: 200,
      body: { ...config, name },
    });
    expect(await stack.request('GET', path(name, '/status'))).toMatchObject({
      status: 200,
      body: { name, connector: { state: 'STOPPED' }, tasks: [] },
    });
    expect(await alias(name)).toBeUndefined();
  });

  it('validates a config, naming each bad key, and refuses to create a connector with it', async () => {
    const bad = {
      'connector.class': CONNECTOR_CLASS,
      name: 'ls-bad',
      topics: 'orders',
      'aep.endpoint': 'ftp://x',
    };

    const validated = await stack.request('PUT', '/connector-plugins/AEPSinkConnector/config/validate', bad);

    expect(validated.status).toBe(200);
    const body = validated.body as {
      error_count: number;
      configs: { value: { name: string; errors: string[] } }[];
    };
    expect(body.error_count).toBe(1);
    const endpointErrors = body.configs.find((c) => c.value.name === 'aep.endpoint')?.value.errors ?? [];
    expect(endpointErrors.join()).toContain('ftp://x');
    const good = { ...bad, 'aep.endpoint': INLET };
    const ok = await stack.request('PUT', '/connector-plugins/AEPSinkConnector/config/validate', good);
    expect(ok).toMatchObject({ status: 200, body: { error_count: 0 } });
    const refused = await stack.request('POST', '/connectors', { name: 'ls-bad', config: bad });
    expect(refused.status).toBe(400);
    expect(await store().get('ls-bad')).toBeUndefined();
  });

  it('resumes, pauses, reconfigures and stops a connector: the alias of the sink is created, the state stored, and the refused Kafka mapping shown as FAILED', async () => {
    const { name, config } = await stoppedConnector('orders');

    expect((await stack.request('PUT', path(name, '/resume'))).status).toBe(202);

    expect((await store().get(name))?.targetState).toBe('STARTED');
    expect(await alias(name)).toMatchObject({ Name: connectorAliasName(name), FunctionVersion: '$LATEST' });
    // LocalStack's free build has no Kafka event source mappings: the user sees the refusal in the status.
    const failed = await stack.request('GET', path(name, '/status'));
    expect(failed).toMatchObject({ status: 200, body: { connector: { state: 'FAILED' } } });
    expect((failed.body as { connector: { trace: string } }).connector.trace).toMatch(
      /CreateEventSourceMapping failed: \w+Exception: /,
    );

    expect((await stack.request('PUT', path(name, '/pause'))).status).toBe(202);
    expect((await store().get(name))?.targetState).toBe('PAUSED');

    const changed = { ...config, 'esm.batch.size': '500' };
    const updated = await stack.request('PUT', path(name, '/config'), changed);
    expect(updated).toMatchObject({ status: 200, body: { name, config: { ...changed, name } } });
    expect((await store().get(name))?.config).toEqual({ ...changed, name });

    expect((await stack.request('PUT', path(name, '/stop'))).status).toBe(204);
    expect((await store().get(name))?.targetState).toBe('STOPPED');
    expect(await stack.request('GET', path(name, '/status'))).toMatchObject({
      status: 200,
      body: { connector: { state: 'STOPPED' }, tasks: [] },
    });
  });

  it('deletes a connector: gone from the API, the table and the sink function’s aliases', async () => {
    const { name } = await runningConnector('orders', INLET);
    expect(await alias(name)).toBeDefined();

    expect((await stack.request('DELETE', path(name))).status).toBe(204);

    expect(await stack.request('GET', path(name))).toMatchObject({ status: 404 });
    expect(await store().get(name)).toBeUndefined();
    expect(await alias(name)).toBeUndefined();
    expect((await stack.request('GET', '/connectors')).body).not.toContain(name);
  });

  it('reads, alters and resets the offsets of a STOPPED connector in its consumer group on the broker', async () => {
    const topic = unique('ls-offsets');
    const kafka = new Kafka({ clientId: 'ls-offsets', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      const { name } = await stoppedConnector(topic);
      expect(await stack.request('GET', path(name, '/offsets'))).toEqual({
        status: 200,
        body: { offsets: [] },
      });

      const altered = await stack.request('PATCH', path(name, '/offsets'), {
        offsets: [{ partition: { kafka_topic: topic, kafka_partition: 1 }, offset: { kafka_offset: 42 } }],
      });

      expect(altered.status).toBe(200);
      expect(await stack.request('GET', path(name, '/offsets'))).toEqual({
        status: 200,
        body: {
          offsets: [{ partition: { kafka_topic: topic, kafka_partition: 1 }, offset: { kafka_offset: 42 } }],
        },
      });
      const [committed] = await admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
      expect(committed?.partitions.find((p) => p.partition === 1)?.offset).toBe('42');
      expect((await stack.request('DELETE', path(name, '/offsets'))).status).toBe(200);
      expect(await stack.request('GET', path(name, '/offsets'))).toEqual({
        status: 200,
        body: { offsets: [] },
      });
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describe('the deployed sink, invoked through a connector’s alias', () => {
  it('delivers every record of an ESM-shaped batch to AEP and reports no failed item', async () => {
    const aep = await emulator();
    const topic = unique('ls-orders');
    const { name } = await runningConnector(topic, aep.endpoint('inlet-1'));

    const result = await invokeAlias(name, esmEvent(topic, { count: 20, partitions: 2 }));

    expect(result).toEqual({ executedVersion: '$LATEST', failures: [] });
    expect(deliveredIds(aep)).toEqual(Array.from({ length: 20 }, (_, i) => `id-${i}`).sort());
  });

  it('answers a batch item failure naming the record AEP rejected, after delivering those before it', async () => {
    const aep = await emulator({
      rejectMessage: (message) =>
        (message.body as { xdmEntity?: { _id?: string } }).xdmEntity?._id === 'id-3'
          ? 'bad record'
          : undefined,
    });
    const topic = unique('ls-reject');
    const { name } = await runningConnector(topic, aep.endpoint('inlet-1'), { 'errors.tolerance': 'none' });

    const { failures } = await invokeAlias(name, esmEvent(topic, { count: 6, firstOffset: 100 }));

    expect(failures).toEqual([{ itemIdentifier: { partition: `${topic}-0`, offset: 103 } }]);
    expect(deliveredIds(aep)).toEqual(expect.arrayContaining(['id-0', 'id-1', 'id-2']));
    expect(deliveredIds(aep)).not.toContain('id-3');
  });

  it('dead-letters a record it cannot convert to the stack’s SQS queue and delivers the rest', async () => {
    const aep = await emulator();
    const topic = unique('ls-dlq');
    const { name } = await runningConnector(topic, aep.endpoint('inlet-1'), {
      'errors.tolerance': 'all',
      'errors.deadletterqueue.sqs.queue.url': stack.outputs.DeadLetterQueueUrl,
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const event = esmEvent(topic, {
      count: 5,
      value: (i) => (i === 2 ? 'not json' : xdmValue(i)),
    });

    const { failures } = await invokeAlias(name, event);

    expect(failures).toEqual([]);
    expect(deliveredIds(aep)).toEqual(['id-0', 'id-1', 'id-3', 'id-4']);
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.outputs.DeadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 5,
      }),
    );
    const bodies = (received.Messages ?? []).map(
      (m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>,
    );
    const mine = bodies.filter((b) => b.topic === topic);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      partition: 0,
      offset: 2,
      value: Buffer.from('not json').toString('base64'),
    });
    expect(mine[0]?.errors).toMatchObject({ '__connect.errors.topic': topic });
  });

  it('authenticates to AEP with IMS credentials read from the stack’s secret, which the stored config only names', async () => {
    const credentials = { client_id: 'ls-client', client_secret: randomUUID() };
    const aep = await emulator({
      auth: { clientId: credentials.client_id, clientSecret: credentials.client_secret },
    });
    const secret = stack.outputs.AepCredentialsSecretArn;
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secret, SecretString: JSON.stringify(credentials) }),
    );
    const topic = unique('ls-ims');
    const { name, config } = await runningConnector(topic, aep.endpoint('inlet-1'), {
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token.type': 'oauth2_access_token',
      'aep.connection.auth.endpoint': aep.imsEndpoint,
      'aep.connection.auth.client.id': `\${secretsmanager:${secret}:client_id}`,
      'aep.connection.auth.client.secret': `\${secretsmanager:${secret}:client_secret}`,
    });

    const { failures } = await invokeAlias(name, esmEvent(topic, { count: 3 }));

    expect(failures).toEqual([]);
    expect(deliveredIds(aep)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(aep.tokensIssued).toBeGreaterThanOrEqual(1);
    expect((await stack.request('GET', path(name, '/config'))).body).toEqual({ ...config, name });
  });

  it('shows the task FAILED in the connector’s status through API Gateway when AEP refuses its credentials, naming the keys to fix', async () => {
    const aep = await emulator({ auth: { clientId: 'ls-client', clientSecret: randomUUID() } });
    const topic = unique('ls-refused');
    const { name } = await runningConnector(topic, aep.endpoint('inlet-1'), {
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token.type': 'oauth2_access_token',
      'aep.connection.auth.endpoint': aep.imsEndpoint,
      'aep.connection.auth.client.id': 'ls-client',
      'aep.connection.auth.client.secret': 'not-the-secret',
    });

    const { failures } = await invokeAlias(name, esmEvent(topic, { count: 3, firstOffset: 7 }));

    expect(failures).toEqual([{ itemIdentifier: { partition: `${topic}-0`, offset: 7 } }]);
    const status = await stack.request('GET', path(name, '/status'));
    expect(status.status).toBe(200);
    const [task] = (status.body as { tasks: { state: string; trace?: string }[] }).tasks;
    expect(task?.state).toBe('FAILED');
    expect(task?.trace).toMatch(
      new RegExp(`^Task ${name}-0 failed at record ${topic}-0@7 \\(stage TASK_PUT\\) since `),
    );
    expect(task?.trace).toContain(
      'To recover: AEP refused the credentials after a token refresh: check aep.connection.auth.client.id, aep.connection.auth.client.secret',
    );
    expect(task?.trace).toContain(`Failing partitions: ${topic}-0@7 since `);
    expect(JSON.stringify(status.body)).not.toContain('not-the-secret');
    expect(deliveredIds(aep)).toEqual([]);
  });
});

describe('teardown', () => {
  it('destroys the stack once its connectors are deleted, leaving no function, table or queue', async () => {
    const listed = await stack.request('GET', '/connectors');
    for (const name of listed.body as string[]) {
      expect((await stack.request('DELETE', path(name))).status).toBe(204);
    }
    const { SinkFunctionName, ConnectorTableName, DeadLetterQueueUrl } = stack.outputs;

    await stack.destroy();
    destroyed = true;

    await expect(lambda.send(new GetFunctionCommand({ FunctionName: SinkFunctionName }))).rejects.toThrow(
      /not found/i,
    );
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: ConnectorTableName }))).rejects.toThrow(
      /not found/i,
    );
    const queueName = DeadLetterQueueUrl.split('/').pop();
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).rejects.toThrow(/not exist/i);
  });
});
