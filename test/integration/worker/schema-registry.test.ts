// Acceptance of the schema-registry converters: records written by Confluent's own serializers through a real schema
// registry (Apicurio) and the real broker reach the AEP emulator through the local worker as the equivalent JSON;
// records the converters cannot read are dead-lettered with the reason; a registry outage is retried, never
// dead-lettered.

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '@bufbuild/protobuf';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import { deadLetterQueueConfig } from '../../support/dead-letter.ts';
import { readTopic } from '../../support/kafka.ts';
import {
  produceBytes,
  protobufOrders,
  protoTextValues,
  serializedValues,
} from '../../support/schema-registry.ts';
import { workerWithAep } from './start-worker.ts';
import { createConnector, rest, until } from './support.ts';

const bootstrap = inject('kafkaBootstrap');
const registryUrl = inject('schemaRegistryUrl');
const hosts = workerWithAep(bootstrap);

const AEP_SINK = 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector';

function connectorConfig(topic: string, name: string, converter: string, extra: Record<string, string> = {}) {
  return {
    'connector.class': AEP_SINK,
    topics: topic,
    'aep.endpoint': hosts.aep.endpoint(name),
    'value.converter': converter,
    'value.converter.schema.registry.url': registryUrl,
    ...extra,
  };
}

/** Records in partition 0 of `topic`; 0 when the topic does not exist. */
async function highWatermark(topic: string): Promise<number> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const [partition] = await admin.fetchTopicOffsets(topic);
    return Number(partition?.high ?? 0);
  } catch {
    return 0;
  } finally {
    await admin.disconnect();
  }
}

function delivered(name: string): unknown[] {
  return hosts.aep.messages.filter((m) => m.connectionId === name).map((m) => m.message);
}

async function create(name: string, config: Record<string, string>): Promise<void> {
  await createConnector(hosts.worker.url, name, config);
}

/** An Avro record schema `shop.<name>` with the given string fields. */
function shopRecord(name: string, ...fields: string[]) {
  return {
    type: 'record',
    name,
    namespace: 'shop',
    fields: fields.map((field) => ({ name: field, type: 'string' })),
  };
}

const ORDER_AVRO = JSON.parse(readFileSync(new URL('../../events/avro/order.avsc', import.meta.url), 'utf8'));

const AVRO_ORDER = {
  id: '9f3a3c2e-36a5-4d6c-8a1f-1b2c3d4e5f60',
  total: Buffer.from([0x30, 0x39]), // 12345 unscaled: 123.45
  placedAt: 1_714_564_800_123,
  day: 19_844,
  status: 'PAID',
  note: null,
  customer: { email: 'ada@example.com', address: { city: 'Basel' } },
  items: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-7', qty: 1 },
  ],
  attrs: { loyalty: 1200 },
  weight: 1.5,
};

/** AVRO_ORDER as AEP receives it: the decimal as a number, the timestamp-millis and date as ISO strings. */
const AVRO_ORDER_JSON = {
  ...AVRO_ORDER,
  total: 123.45,
  placedAt: '2024-05-01T12:00:00.123Z',
  day: '2024-05-01',
};

describe('schema-registry converters through the local worker', () => {
  it('delivers Avro records (nested records, arrays, maps, unions, enums, decimal, logical types) as JSON', async () => {
    const topic = `avro-${randomUUID()}`;
    const name = `avro-${randomUUID()}`;
    const second = {
      ...AVRO_ORDER,
      note: 'gift',
      customer: { email: 'bob@example.com', address: null },
      weight: 'n/a',
      total: Buffer.from([0xff, 0x38]),
    };
    await produceBytes(
      bootstrap,
      topic,
      await serializedValues(registryUrl, topic, 'AVRO', ORDER_AVRO, [AVRO_ORDER, second]),
    );
    await create(name, connectorConfig(topic, name, 'io.confluent.connect.avro.AvroConverter'));
    await until(() => delivered(name).length === 2, 60_000, 'two Avro records at AEP');
    expect(delivered(name)).toEqual([
      AVRO_ORDER_JSON,
      {
        ...AVRO_ORDER_JSON,
        note: 'gift',
        customer: { email: 'bob@example.com', address: null },
        weight: 'n/a',
        total: -2,
      },
    ]);
  }, 120_000);

  it('delivers Protobuf messages (nested, repeated, oneof, map, enum, well-known types) as JSON', async () => {
    const topic = `proto-${randomUUID()}`;
    const name = `proto-${randomUUID()}`;
    // The fields AEP receives as written; the others are renamed to their proto names, the int64 becomes a number.
    const same = {
      items: [{ sku: 'A-1', qty: 2 }],
      status: 'PAID',
      note: 'leave at door',
      attrs: { channel: 'web' },
      extra: { campaign: 'spring', score: 4.5, tags: ['a', 'b'], nested: { ok: true } },
      shipping: { city: 'Basel' },
      priority: 0,
    };
    const orders: JsonObject[] = [
      { orderId: 'o-1', placedAt: '2024-05-01T12:00:00.123Z', cashCents: '1234567890123', ...same },
      { orderId: 'o-2', card: '4111' },
    ];
    await produceBytes(bootstrap, topic, await protobufOrders(registryUrl, topic, orders));
    await create(name, connectorConfig(topic, name, 'io.confluent.connect.protobuf.ProtobufConverter'));
    await until(() => delivered(name).length === 2, 60_000, 'two Protobuf records at AEP');
    expect(delivered(name)).toEqual([
      { order_id: 'o-1', placed_at: '2024-05-01T12:00:00.123Z', cash_cents: 1234567890123, ...same },
      // proto3: scalars and collections always appear (with defaults); unset messages, oneof members and
      // `optional` fields do not.
      { order_id: 'o-2', items: [], card: '4111', status: 'NEW', attrs: {} },
    ]);
  }, 120_000);

  it('delivers JSON Schema records as the JSON the producer wrote', async () => {
    const topic = `json-${randomUUID()}`;
    const name = `json-${randomUUID()}`;
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Event',
      type: 'object',
      properties: {
        id: { type: 'string' },
        amount: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['id'],
    };
    const values = [
      { id: 'e-1', amount: 10.5, tags: ['x'] },
      { id: 'e-2', amount: 1e21 },
    ];
    await produceBytes(bootstrap, topic, await serializedValues(registryUrl, topic, 'JSON', schema, values));
    await create(name, connectorConfig(topic, name, 'io.confluent.connect.json.JsonSchemaConverter'));
    await until(() => delivered(name).length === 2, 60_000, 'two JSON Schema records at AEP');
    expect(delivered(name)).toEqual(values);
  }, 120_000);

  it('dead-letters records with a bad magic byte or an unknown schema id, naming the reason, and delivers the rest', async () => {
    const topic = `bad-${randomUUID()}`;
    const dlq = `dlq-${randomUUID()}`;
    const name = `bad-${randomUUID()}`;
    const [good1, good2] = await serializedValues(registryUrl, topic, 'AVRO', ORDER_AVRO, [
      AVRO_ORDER,
      AVRO_ORDER,
    ]);
    const notRegistry = Buffer.from('{"plain":"json"}');
    const unknownId = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 0x02, 0x61]);
    await produceBytes(bootstrap, topic, [good1 as Buffer, notRegistry, unknownId, good2 as Buffer]);
    await create(
      name,
      connectorConfig(topic, name, 'AvroConverter', {
        ...deadLetterQueueConfig(dlq),
      }),
    );
    await until(() => delivered(name).length === 2, 60_000, 'the two good records at AEP');
    await until(async () => (await highWatermark(dlq)) === 2, 30_000, 'two records in the dead letter queue');
    const dead = await readTopic(bootstrap, dlq, 2, 30_000);
    expect(delivered(name)).toEqual([AVRO_ORDER_JSON, AVRO_ORDER_JSON]);
    const header = (i: number, h: string) => dead[i]?.headers[`__connect.errors.${h}`]?.[0]?.toString();
    expect(dead.map((r) => r.value)).toEqual([notRegistry, unknownId]);
    expect([0, 1].map((i) => header(i, 'stage'))).toEqual(['VALUE_CONVERTER', 'VALUE_CONVERTER']);
    expect(header(0, 'class.name')).toBe('io.confluent.connect.avro.AvroConverter');
    expect(header(0, 'exception.class.name')).toBe('org.apache.kafka.connect.errors.DataException');
    expect(header(0, 'exception.message')).toContain('Unknown magic byte 0x7b');
    expect(header(1, 'exception.message')).toContain('Schema id 2147483632 is not in the schema registry');
    expect([0, 1].map((i) => header(i, 'offset'))).toEqual(['1', '2']);
  }, 120_000);

  it('reads Protobuf schemas the registry stores as .proto text', async () => {
    const topic = `proto-text-${randomUUID()}`;
    const name = `proto-text-${randomUUID()}`;
    const proto =
      'syntax = "proto3"; package shop; import "google/protobuf/timestamp.proto"; message Click { string page = 1; google.protobuf.Timestamp at = 2; repeated string tags = 3; }';
    const values = [{ page: '/cart', at: { seconds: 1_714_564_800, nanos: 500_000_000 }, tags: ['a'] }];
    await produceBytes(
      bootstrap,
      topic,
      await protoTextValues(registryUrl, topic, proto, 'shop.Click', values),
    );
    await create(name, connectorConfig(topic, name, 'ProtobufConverter'));
    await until(() => delivered(name).length === 1, 60_000, 'the Protobuf record at AEP');
    expect(delivered(name)).toEqual([{ page: '/cart', at: '2024-05-01T12:00:00.500Z', tags: ['a'] }]);
  }, 120_000);

  it('reads Avro records with the subject’s latest schema when use.latest.version is set', async () => {
    const topic = `latest-${randomUUID()}`;
    const name = `latest-${randomUUID()}`;
    const v1 = shopRecord('Visit', 'page');
    const written = await serializedValues(registryUrl, topic, 'AVRO', v1, [{ page: '/home' }]);
    const v2 = { ...v1, fields: [...v1.fields, { name: 'channel', type: 'string', default: 'web' }] };
    await serializedValues(registryUrl, topic, 'AVRO', v2, []);
    await produceBytes(bootstrap, topic, written);
    await create(
      name,
      connectorConfig(topic, name, 'AvroConverter', { 'value.converter.use.latest.version': 'true' }),
    );
    await until(() => delivered(name).length === 1, 60_000, 'the Avro record at AEP');
    expect(delivered(name)).toEqual([{ page: '/home', channel: 'web' }]);
  }, 120_000);

  it('authenticates with basic.auth.user.info, and a refused credential fails the batch without dead-lettering', async () => {
    const upstream = new URL(registryUrl);
    const expected = `Basic ${Buffer.from('sink:s3cret').toString('base64')}`;
    // A registry that requires basic auth: an authenticating proxy in front of the test registry.
    const proxy = createServer((req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error_code":40101,"message":"Unauthorized"}');
        return;
      }
      fetch(`${upstream.origin}${req.url}`).then(
        async (answer) => {
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          res.end(Buffer.from(await answer.arrayBuffer()));
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${upstream.pathname}`;
      const topic = `auth-${randomUUID()}`;
      const [good, wrong] = [`auth-${randomUUID()}`, `auth-${randomUUID()}`];
      await produceBytes(
        bootstrap,
        topic,
        await serializedValues(registryUrl, topic, 'AVRO', ORDER_AVRO, [AVRO_ORDER]),
      );
      const withAuth = (name: string, userInfo: string) =>
        create(name, {
          ...connectorConfig(topic, name, 'AvroConverter', {
            'errors.tolerance': 'all',
            'errors.deadletterqueue.topic.name': `dlq-${name}`,
            'errors.deadletterqueue.topic.replication.factor': '1',
            'value.converter.basic.auth.credentials.source': 'USER_INFO',
            'value.converter.basic.auth.user.info': userInfo,
          }),
          'value.converter.schema.registry.url': url,
        });
      await withAuth(good, 'sink:s3cret');
      await withAuth(wrong, 'sink:wrong');
      await until(() => delivered(good).length === 1, 60_000, 'the record read with the right credentials');
      expect(delivered(good)).toEqual([AVRO_ORDER_JSON]);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(delivered(wrong)).toEqual([]);
      expect(await highWatermark(`dlq-${wrong}`)).toBe(0);
      const status = await rest(hosts.worker.url, 'GET', `/connectors/${wrong}/status`);
      expect(JSON.stringify(status.body)).not.toContain('s3cret');
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  }, 120_000);

  it('dead-letters a record whose key is not in the wire format in stage KEY_CONVERTER', async () => {
    const topic = `key-${randomUUID()}`;
    const name = `key-${randomUUID()}`;
    const dlq = `dlq-${randomUUID()}`;
    const keySchema = shopRecord('Key', 'id');
    const client = await serializedValues(registryUrl, `${topic}-k`, 'AVRO', keySchema, [{ id: 'c-1' }]);
    const [value1, value2] = await serializedValues(registryUrl, topic, 'AVRO', ORDER_AVRO, [
      AVRO_ORDER,
      AVRO_ORDER,
    ]);
    await produceBytes(
      bootstrap,
      topic,
      [value1 as Buffer, value2 as Buffer],
      [client[0] as Buffer, Buffer.from('c-2')],
    );
    await create(
      name,
      connectorConfig(topic, name, 'AvroConverter', {
        'key.converter': 'io.confluent.connect.avro.AvroConverter',
        'key.converter.schema.registry.url': registryUrl,
        ...deadLetterQueueConfig(dlq),
      }),
    );
    await until(() => delivered(name).length === 1, 60_000, 'the record with a registry key at AEP');
    await until(async () => (await highWatermark(dlq)) === 1, 30_000, 'one record in the dead letter queue');
    const [dead] = await readTopic(bootstrap, dlq, 1, 30_000);
    expect(dead?.headers['__connect.errors.stage']?.[0]?.toString()).toBe('KEY_CONVERTER');
    expect(dead?.headers['__connect.errors.exception.message']?.[0]?.toString()).toContain(
      'Failed to deserialize key data for topic',
    );
  }, 120_000);

  it('lists the converters and reports a missing schema.registry.url on its key', async () => {
    const plugins = await rest(hosts.worker.url, 'GET', '/connector-plugins?connectorsOnly=false');
    const converters = plugins.body
      .filter((p: { type: string }) => p.type === 'converter')
      .map((p: { class: string }) => p.class);
    expect(converters).toEqual(
      expect.arrayContaining([
        'io.confluent.connect.avro.AvroConverter',
        'io.confluent.connect.protobuf.ProtobufConverter',
        'io.confluent.connect.json.JsonSchemaConverter',
      ]),
    );
    const validated = await rest(
      hosts.worker.url,
      'PUT',
      '/connector-plugins/AEPSinkConnector/config/validate',
      {
        name: 'validated',
        'connector.class': AEP_SINK,
        topics: 'orders',
        'aep.endpoint': hosts.aep.endpoint('v'),
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
      },
    );
    expect(validated.status).toBe(200);
    const url = validated.body.configs.find(
      (c: { value: { name: string } }) => c.value.name === 'value.converter.schema.registry.url',
    );
    expect(url?.value.errors).toEqual([
      'Missing required configuration "value.converter.schema.registry.url" which has no default value.',
    ]);
    const withErrors = validated.body.configs
      .filter((c: { value: { errors: string[] } }) => c.value.errors.length > 0)
      .map((c: { value: { name: string; errors: string[] } }) => [c.value.name, c.value.errors]);
    expect(withErrors).toEqual([
      [
        'value.converter.schema.registry.url',
        ['Missing required configuration "value.converter.schema.registry.url" which has no default value.'],
      ],
    ]);
  });
});

describe('a schema registry outage', () => {
  const port = 18081;
  const script = fileURLToPath(new URL('../../../scripts/schema-registry.sh', import.meta.url));
  const registry = (command: 'start' | 'stop') =>
    execFileSync('bash', [script, command], {
      stdio: 'inherit',
      env: { ...process.env, SCHEMA_REGISTRY_PORT: String(port) },
    });
  afterAll(() => registry('stop'));

  it('makes the task retry without dead-lettering, then resume without loss', async () => {
    registry('start');
    const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
    const topic = `outage-${randomUUID()}`;
    const dlq = `dlq-${randomUUID()}`;
    const name = `outage-${randomUUID()}`;
    const values = Array.from({ length: 5 }, (_, i) => ({
      ...AVRO_ORDER,
      items: [{ sku: `S-${i}`, qty: i }],
    }));
    await produceBytes(bootstrap, topic, await serializedValues(url, topic, 'AVRO', ORDER_AVRO, values));
    registry('stop');
    await create(name, {
      ...connectorConfig(topic, name, 'AvroConverter', {
        ...deadLetterQueueConfig(dlq),
        'value.converter.http.read.timeout.ms': '1000',
        // Ride out the outage: a failure that can heal is retried for errors.retry.timeout (Connect's default, 0,
        // fails the task at once).
        'errors.retry.timeout': '-1',
      }),
      'value.converter.schema.registry.url': url,
    });
    // The task fails its batches retriably while the registry is down: nothing reaches AEP or the dead letter queue.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(delivered(name)).toEqual([]);
    expect(await highWatermark(dlq)).toBe(0);
    registry('start');
    await until(() => delivered(name).length === 5, 120_000, 'all 5 records after the registry is back');
    expect(delivered(name).map((m) => (m as { items: Array<{ sku: string }> }).items[0]?.sku)).toEqual([
      'S-0',
      'S-1',
      'S-2',
      'S-3',
      'S-4',
    ]);
  }, 240_000);
});
