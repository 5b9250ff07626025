// The sink function end to end: functions/sink/handler.ts (middy, Powertools) invoked with ESM-shaped events, AEP
// emulated over real HTTP on 127.0.0.1, dead-letter topics on the real broker. Each test has its own emulator and
// topic. The handler reads its environment when it is loaded, so each test loads it afresh.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  type AepEmulator,
  type AepEmulatorOptions,
  startAepEmulator,
} from '../../../shared/aep-emulator/index.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';
import type { KafkaBatchResponse, KafkaEvent } from '../../../shared/records/types.ts';
import { DeliveryRetryError, ToleranceExceededError } from '../../../shared/sink/index.ts';
import { deadLetterQueueConfig } from '../../support/dead-letter.ts';
import { readTopic } from '../../support/kafka.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { kafkaEvent, xdmValue } from '../../support/records.ts';

type Handler = (event: unknown, context: Context) => Promise<KafkaBatchResponse | undefined>;

const bootstrap = inject('kafkaBootstrap');
const emulators: AepEmulator[] = [];

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((aep) => aep.close()));
});

async function emulator(options: AepEmulatorOptions = {}): Promise<AepEmulator> {
  const aep = await startAepEmulator(options);
  emulators.push(aep);
  return aep;
}

/** Loads functions/sink/handler.ts with this environment (logs and EMF output off). */
async function loadHandler(env: Record<string, string>): Promise<Handler> {
  vi.resetModules();
  const all = { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', ...env };
  for (const [key, value] of Object.entries(all)) vi.stubEnv(key, value);
  const { handler } = await import('../../../functions/sink/handler.ts');
  return handler as unknown as Handler;
}

/** The handler with one connector config (CONNECTOR_CONFIG), allowed to reach the emulator. */
function sinkFor(aep: AepEmulator, config: Record<string, string> = {}, env: Record<string, string> = {}) {
  return loadHandler({
    AEP_ALLOWED_HOSTS: '127.0.0.1',
    CONNECTOR_CONFIG: JSON.stringify({
      name: 'aep-it',
      config: {
        'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
        topics: 'events',
        'aep.endpoint': aep.endpoint('inlet-1'),
        'esm.report.batch.item.failures': 'false',
        ...config,
      },
    }),
    ...env,
  });
}

const ids = (aep: AepEmulator) =>
  aep.messages.map((m) => (m.message as { body: { xdmEntity: { _id: string } } }).body.xdmEntity._id);
const expectedIds = (n: number, skip: number[] = []) =>
  Array.from({ length: n }, (_, i) => `id-${i}`).filter((_, i) => !skip.includes(i));
const dlqTopic = () => `aep-dlq-${randomUUID()}`;
const withBootstrap = (event: KafkaEvent): KafkaEvent => ({ ...event, bootstrapServers: bootstrap });

describe('sink handler against the AEP emulator', () => {
  it('delivers every record of a 10,000-record batch exactly once, in requests within the byte cap', async () => {
    const aep = await emulator();
    const handler = await sinkFor(aep, {
      'errors.tolerance': 'none',
      'aep.flush.bytes.kb': '1000',
      'aep.max.request.bytes': '65536',
    });
    const event = kafkaEvent({ count: 10_000, partitions: 3, valueBytes: 300 });

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(ids(aep).sort()).toEqual(expectedIds(10_000).sort());
    expect(aep.requests.length).toBeGreaterThan(1);
    for (const request of aep.requests) {
      expect(request.status).toBe(207);
      expect(request.decodedBytes).toBeLessThanOrEqual(65_536);
    }
  });

  it('sends gzip bodies that decode to the same messages', async () => {
    const aep = await emulator();
    const handler = await sinkFor(aep, { 'aep.compression': 'gzip' });
    const event = kafkaEvent({ count: 500, valueBytes: 1024 });

    await handler(event, lambdaContext());

    // Requests run in parallel, so AEP may accept them in any order: compare message by message.
    const byId = new Map(
      aep.messages.map((m) => [(m.message.body as { xdmEntity: { _id: string } }).xdmEntity._id, m]),
    );
    expect(aep.messages).toHaveLength(500);
    for (let i = 0; i < 500; i++)
      expect(JSON.stringify(byId.get(`id-${i}`)?.message)).toBe(xdmValue(i, 1024));
    for (const request of aep.requests) {
      expect(request.headers['content-encoding']).toBe('gzip');
      expect(request.rawBytes).toBeLessThan(request.decodedBytes ?? 0);
    }
  });

  it('delivers everything after 503 three times, waiting as Retry-After asks', async () => {
    const aep = await emulator();
    aep.enqueue(
      { status: 503, retryAfter: 1 },
      { status: 503, retryAfter: 1 },
      { status: 503, retryAfter: 1 },
    );
    const handler = await sinkFor(aep, { 'aep.connection.maxRetries': '5', 'aep.flush.bytes.kb': '64' });

    await expect(handler(kafkaEvent({ count: 20 }), lambdaContext())).resolves.toBeUndefined();

    expect(aep.requests.map((r) => r.status)).toEqual([503, 503, 503, 207]);
    const gaps = aep.requests.slice(1).map((r, i) => r.receivedAt - (aep.requests[i]?.receivedAt ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
    expect(ids(aep)).toEqual(expectedIds(20));
  });

  it('retries a 429', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 429 });
    const handler = await sinkFor(aep);

    await expect(handler(kafkaEvent({ count: 5 }), lambdaContext())).resolves.toBeUndefined();

    expect(aep.requests.map((r) => r.status)).toEqual([429, 207]);
    expect(ids(aep)).toEqual(expectedIds(5));
  });

  it('splits a request AEP answers with 413', async () => {
    const aep = await emulator({ maxRequestBytes: 8 * 1024 });
    const handler = await sinkFor(aep, { 'aep.flush.bytes.kb': '64' });

    await expect(
      handler(kafkaEvent({ count: 40, valueBytes: 1000 }), lambdaContext()),
    ).resolves.toBeUndefined();

    expect(aep.requests.some((r) => r.status === 413)).toBe(true);
    expect(ids(aep).sort()).toEqual(expectedIds(40).sort());
  });

  it('refreshes an expired token once on 401 and goes on', async () => {
    const aep = await emulator({
      auth: { clientId: 'client', clientSecret: 'secret' },
      invalidTokenStatus: 401,
    });
    const handler = await sinkFor(aep, {
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token.type': 'oauth2_access_token',
      'aep.connection.auth.client.id': 'client',
      'aep.connection.auth.client.secret': 'secret',
      'aep.connection.auth.endpoint': aep.imsEndpoint,
    });

    await handler(kafkaEvent({ count: 3 }), lambdaContext());
    aep.expireTokens();
    await expect(handler(kafkaEvent({ count: 3, firstOffset: 3 }), lambdaContext())).resolves.toBeUndefined();

    expect(aep.tokensIssued).toBe(2);
    expect(aep.requests.filter((r) => r.path.startsWith('/collection')).map((r) => r.status)).toEqual([
      207, 401, 207,
    ]);
    expect(aep.messages).toHaveLength(6);
  });

  it('sends exactly the 2 messages AEP rejects in a 207 to the dead-letter topic, with original bytes and headers', async () => {
    const rejected = new Set(['id-3', 'id-7']);
    const aep = await emulator({
      rejectMessage: (m) => {
        const id = (m as { body?: { xdmEntity?: { _id?: string } } }).body?.xdmEntity?._id ?? '';
        return rejected.has(id) ? `"header" field is mandatory (${id})` : undefined;
      },
    });
    const topic = dlqTopic();
    const handler = await sinkFor(aep, {
      ...deadLetterQueueConfig(topic),
    });
    const event = withBootstrap(kafkaEvent({ count: 10, headers: (i) => [['trace', `t-${i}`]] }));

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(aep.requests).toHaveLength(1);
    expect(ids(aep)).toEqual(expectedIds(10, [3, 7]));
    const dead = await readTopic(bootstrap, topic, 2);
    expect(dead.map((r) => r.value?.toString())).toEqual([xdmValue(3), xdmValue(7)]);
    const header = (i: number, name: string) => dead[i]?.headers[name]?.map((b) => b.toString());
    expect(dead.map((r) => r.key?.toString())).toEqual(['key-3', 'key-7']);
    expect(header(0, 'trace')).toEqual(['t-3']);
    expect(header(0, '__connect.errors.topic')).toEqual(['events']);
    expect(header(0, '__connect.errors.partition')).toEqual(['0']);
    expect(header(0, '__connect.errors.offset')).toEqual(['3']);
    expect(header(1, '__connect.errors.offset')).toEqual(['7']);
    expect(header(0, '__connect.errors.connector.name')).toEqual(['aep-it']);
    expect(header(0, '__connect.errors.stage')).toEqual(['TASK_PUT']);
    expect(header(0, '__connect.errors.class.name')).toEqual([
      'com.adobe.platform.streaming.sink.impl.AEPSinkTask',
    ]);
    expect(header(0, '__connect.errors.exception.class.name')).toEqual([
      'com.adobe.platform.streaming.http.HttpException',
    ]);
    expect(header(0, '__connect.errors.aep.status')).toEqual(['400']);
    expect(header(0, '__connect.errors.aep.message')?.[0]).toMatch(/"header" field is mandatory \(id-3\)$/);
  });

  it('with errors.tolerance=none fails the invocation on a 207 rejection, naming the record and AEP’s reason, and resends nothing', async () => {
    const aep = await emulator({
      rejectMessage: (m) =>
        (m as { body?: { xdmEntity?: { _id?: string } } }).body?.xdmEntity?._id === 'id-4'
          ? 'unknown xdm format'
          : undefined,
    });
    const handler = await sinkFor(aep, { 'errors.tolerance': 'none' });

    const error = await handler(kafkaEvent({ count: 6 }), lambdaContext()).catch((e: unknown) => e);

    // The handler was loaded afresh, so its error classes are not this file's: compare by name.
    expect(error).toMatchObject({
      name: ToleranceExceededError.name,
      record: 'events-0@4',
      stage: 'TASK_PUT',
    });
    expect((error as Error).message).toMatch(
      /^Tolerance exceeded in error handler: record events-0@4 failed in stage TASK_PUT: AEP rejected the message \(400\): .*unknown xdm format$/,
    );
    expect(aep.requests).toHaveLength(1);
    expect(ids(aep)).toEqual(expectedIds(6, [4]));
  });

  // The record part of the bad-input corpus (the REST part is test/unit/rest/corpus.test.ts): each bad value among
  // good ones goes to the dead letter topic on the real broker, byte for byte, with the stage and the reason; every
  // good record is delivered; none is dropped or delivered changed.
  const BAD_RECORDS: readonly [string, Buffer, RegExp][] = [
    [
      'FF inside a string',
      Buffer.from([...Buffer.from('{"name":"a'), 0xff, ...Buffer.from('"}')]),
      /Invalid UTF-8 byte 0xff at byte offset 10/,
    ],
    [
      'overlong C0 80 inside a string',
      Buffer.from([...Buffer.from('{"name":"'), 0xc0, 0x80, ...Buffer.from('"}')]),
      /Invalid UTF-8 byte 0xc0 at byte offset 9/,
    ],
    [
      'an encoded surrogate ED A0 80',
      Buffer.from([...Buffer.from('{"n":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]),
      /Invalid UTF-8 byte 0xed at byte offset 6/,
    ],
    [
      'a truncated sequence E2 82',
      Buffer.from([...Buffer.from('{"n":"x'), 0xe2, 0x82, ...Buffer.from('"}')]),
      /Invalid UTF-8 byte 0xe2 at byte offset 7/,
    ],
    [
      'a bad byte in a key',
      Buffer.from([...Buffer.from('{"n'), 0xfe, ...Buffer.from('":1}')]),
      /Invalid UTF-8 byte 0xfe at byte offset 3/,
    ],
    ['Latin-1 text', Buffer.from('{"city":"Zürich"}', 'latin1'), /Invalid UTF-8 byte 0xfc/],
    ['not JSON', Buffer.from('not json {'), /serialization error/],
    ['truncated JSON', Buffer.from('{"a":'), /serialization error/],
    ['a trailing comma', Buffer.from('{"a":1,}'), /serialization error/],
    ['single quotes', Buffer.from("{'a':1}"), /serialization error/],
    ['two documents', Buffer.from('{"a":1}{"b":2}'), /serialization error/],
  ];

  it(`dead-letters ${BAD_RECORDS.length} kinds of bad record with stage and reason, delivering every good one`, async () => {
    const aep = await emulator();
    const topic = dlqTopic();
    const handler = await sinkFor(aep, {
      ...deadLetterQueueConfig(topic),
    });
    // Every other record is bad: 0 good, 1 bad, 2 good, …
    const count = 2 * BAD_RECORDS.length + 1;
    const bad = (i: number) => (i % 2 === 1 ? BAD_RECORDS[(i - 1) / 2] : undefined);
    const event = withBootstrap(kafkaEvent({ count, value: (i) => bad(i)?.[1] ?? xdmValue(i) }));

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(ids(aep)).toEqual(expectedIds(count).filter((_, i) => i % 2 === 0));
    const dead = await readTopic(bootstrap, topic, BAD_RECORDS.length);
    expect(dead).toHaveLength(BAD_RECORDS.length);
    for (const [i, record] of dead.entries()) {
      const [label, value, reason] = BAD_RECORDS[i] as (typeof BAD_RECORDS)[number];
      const header = (name: string) => record.headers[name]?.map(String);
      expect(record.value?.equals(value), label).toBe(true);
      expect(header('__connect.errors.offset'), label).toEqual([String(2 * i + 1)]);
      expect(header('__connect.errors.stage'), label).toEqual(['VALUE_CONVERTER']);
      expect(header('__connect.errors.exception.class.name'), label).toEqual([
        'org.apache.kafka.connect.errors.DataException',
      ]);
      expect(header('__connect.errors.exception.message')?.[0], label).toMatch(reason);
    }
  });

  it('answers a partial batch response naming each partition’s first record to retry', async () => {
    const aep = await emulator();
    // One message per request, one request at a time: the second request fails every attempt.
    aep.enqueue({ delayMs: 0 }, { status: 503 }, { status: 503 }, { status: 503 });
    const handler = await sinkFor(aep, {
      'esm.report.batch.item.failures': 'true',
      'aep.max.messages.per.request': '1',
      'aep.max.in.flight.requests': '1',
      'aep.connection.maxRetries': '3',
      'aep.connection.retryBackoff': '10',
    });
    const event = kafkaEvent({ count: 6, partitions: 2 });

    const response = await handler(event, lambdaContext());

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: { partition: 'events-0', offset: 1 } }],
    });
    expect(ids(aep)).toEqual(expectedIds(6, [1]));
  });

  it('without partial responses fails the whole invocation with a retriable error when AEP stays unavailable', async () => {
    const aep = await emulator();
    aep.enqueue({ status: 503 }, { status: 503 });
    const handler = await sinkFor(aep, {
      'aep.connection.maxRetries': '2',
      'aep.connection.retryBackoff': '10',
    });

    const error = await handler(kafkaEvent({ count: 3 }), lambdaContext()).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: DeliveryRetryError.name, retriable: true, record: 'events-0@0' });
  });

  it('skips tombstones, counting and logging them, and delivers the rest', async () => {
    const aep = await emulator();
    const handler = await sinkFor(aep);
    const event = kafkaEvent({ count: 5, value: (i) => (i % 2 === 1 ? null : xdmValue(i)) });

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(ids(aep)).toEqual(expectedIds(5, [1, 3]));
  });

  it('applies the connector’s transforms and dead-letters a record a transform cannot handle', async () => {
    const aep = await emulator();
    const topic = dlqTopic();
    const handler = await sinkFor(aep, {
      ...deadLetterQueueConfig(topic),
      transforms: 'source,trim,xdm',
      'transforms.source.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.source.static.field': 'source',
      'transforms.source.static.value': 'kafka',
      'transforms.trim.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
      'transforms.trim.exclude': 'secret',
      'transforms.xdm.type': 'XdmEnvelope',
      'transforms.xdm.schema.id': 'https://ns.adobe.com/acme/schemas/clicks',
      'transforms.xdm.id.from': 'kafka',
    });
    const event = withBootstrap(
      kafkaEvent({
        count: 3,
        value: (i) => (i === 1 ? '[1,2]' : JSON.stringify({ page: `/p${i}`, secret: 's' })),
      }),
    );

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(aep.messages.map((m) => m.message)).toEqual(
      [0, 2].map((i) => ({
        header: {
          schemaRef: {
            id: 'https://ns.adobe.com/acme/schemas/clicks',
            contentType: 'application/vnd.adobe.xed-full+json;version=1',
          },
        },
        body: {
          xdmMeta: {
            schemaRef: {
              id: 'https://ns.adobe.com/acme/schemas/clicks',
              contentType: 'application/vnd.adobe.xed-full+json;version=1',
            },
          },
          xdmEntity: { page: `/p${i}`, source: 'kafka', _id: `events-0-${i}` },
        },
      })),
    );
    const [dead] = await readTopic(bootstrap, topic, 1);
    expect(dead?.value?.toString()).toBe('[1,2]');
    expect(dead?.headers['__connect.errors.stage']?.map(String)).toEqual(['TRANSFORMATION']);
    expect(dead?.headers['__connect.errors.class.name']?.map(String)).toEqual([
      'org.apache.kafka.connect.transforms.InsertField$Value',
    ]);
    expect(dead?.headers['__connect.errors.exception.class.name']?.map(String)).toEqual([
      'org.apache.kafka.connect.errors.DataException',
    ]);
  });

  it.each([
    ['aep.endpoint', (aep: AepEmulator) => ({ 'aep.endpoint': aep.endpoint('inlet-1') }), ''],
    [
      'aep.connection.auth.endpoint',
      (aep: AepEmulator) => ({
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.token.type': 'oauth2_access_token',
        'aep.connection.auth.client.id': 'client',
        'aep.connection.auth.client.secret': 'secret',
        'aep.connection.auth.endpoint': aep.imsEndpoint.replace('127.0.0.1', 'localhost'),
      }),
      '127.0.0.1',
    ],
  ])('refuses an %s outside the allowed hosts before any request', async (key, config, allowed) => {
    const aep = await emulator({ auth: { clientId: 'client', clientSecret: 'secret' } });
    const handler = await sinkFor(aep, config(aep), { AEP_ALLOWED_HOSTS: allowed });

    const error = await handler(kafkaEvent({ count: 2 }), lambdaContext()).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: ConfigErrors.name });
    expect((error as ConfigErrors).problems.map((p) => p.key)).toEqual([key]);
    expect((error as Error).message).toContain('is not in the deployment');
    expect(aep.requests).toEqual([]);
  });
});

describe('an existing Java-connector config', () => {
  // Verbatim from adobe/experience-platform-streaming-connect DEVELOPER_GUIDE.md ("Authentication Enabled",
  // "1. Using access_token", commit 345691f). Only the DCS host in aep.endpoint is replaced by the emulator's (and
  // the guide's {DATA_INLET_ID} placeholder by an id, as a user does: the placeholder itself is refused), and
  // AUTH_ENDPOINT (the variable the Java connector reads when aep.connection.auth.endpoint is empty) names its IMS.
  const DEVELOPER_GUIDE_CONFIG = readFileSync(
    new URL('../../events/adobe/developer-guide-access-token.json', import.meta.url),
    'utf8',
  );

  it('works unchanged', async () => {
    const aep = await emulator({
      auth: { clientId: '<client_id>', clientSecret: '<client_secret>', code: '<client_code>' },
    });
    const handler = await loadHandler({
      AEP_ALLOWED_HOSTS: '127.0.0.1',
      AUTH_ENDPOINT: aep.imsEndpoint,
      CONNECTOR_CONFIG: DEVELOPER_GUIDE_CONFIG.replace('https://dcs.adobedc.net', aep.url).replace(
        '{DATA_INLET_ID}',
        'data-inlet-1',
      ),
    });
    const event = kafkaEvent({ count: 25, topic: 'connect-test', key: (i) => (i % 2 ? `"k${i}"` : null) });

    await expect(handler(event, lambdaContext())).resolves.toBeUndefined();

    expect(ids(aep).sort()).toEqual(expectedIds(25).sort());
    expect(aep.messages.every((m) => m.connectionId === 'data-inlet-1')).toBe(true);
    expect(aep.requests.some((r) => r.path.startsWith('/ims/token/v1'))).toBe(true);
  });
});
