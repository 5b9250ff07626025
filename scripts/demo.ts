// `npm run demo`: the quickest way to see the product work. Starts the AEP emulator and a local worker (AEP
// allowlist widened to 127.0.0.1), creates a connector through the REST API, produces sample events and shows
// them arriving. Starts the Kafka broker with scripts/kafka.sh when none runs, and stops what it started.
// `npm run demo:avro` (`--avro`) produces the events as Avro records with Confluent's AvroSerializer through the local
// schema registry (scripts/schema-registry.sh, started when none answers) and reads them with AvroConverter.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { SchemaRegistryClient } from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import { AvroSerializer } from '@confluentinc/schemaregistry/dist/serde/avro.js';
import { SerdeType } from '@confluentinc/schemaregistry/dist/serde/serde.js';
import { startAepEmulator } from '../shared/aep-emulator/index.ts';
import { Kafka, logLevel } from '../shared/kafka/index.ts';
import { consoleLogger } from '../shared/logging/index.ts';
import { kafkaScriptEnv } from './local-broker.ts';
import { localSchemaRegistry } from './local-schema-registry.ts';
import { startScratchWorker } from './local-worker.ts';

const BROKER = process.env.CONNECT_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
const EVENTS = 12;
const script = new URL('./kafka.sh', import.meta.url).pathname;
const AVRO = process.argv.includes('--avro');

// The demo event as an Avro record: its timestamp is a timestamp-millis long, which reaches AEP as ISO 8601 text.
const EVENT_AVRO = JSON.parse(readFileSync(new URL('./demo-event.avsc', import.meta.url), 'utf8'));
const say = (m: string) => console.log(`[demo] ${m}`);

function reachable(broker: string): Promise<boolean> {
  const [host, port] = broker.split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: 2_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => socket.destroy());
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const startedBroker = !(await reachable(BROKER));
  // kafka.sh serves the port the user named (KAFKA_PORT), not 9092.
  const brokerEnv = startedBroker ? kafkaScriptEnv(BROKER, process.env) : process.env;
  if (startedBroker) {
    say(
      `no Kafka broker at ${BROKER}: starting one with \`KAFKA_PORT=${brokerEnv.KAFKA_PORT} bash scripts/kafka.sh start\` (stopped again at the end)`,
    );
    execFileSync('bash', [script, 'start'], { stdio: 'inherit', env: brokerEnv });
  }
  const registry = AVRO ? await localSchemaRegistry(say) : undefined;
  const registryUrl = registry?.url ?? '';
  const aep = await startAepEmulator();
  const worker = await startScratchWorker({
    name: 'demo',
    bootstrapServers: BROKER,
    config: { 'progress.interval.ms': '2000' },
    logger: consoleLogger('[worker]'),
  });
  const kafka = new Kafka({ brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const cleanup = async () => {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    await worker.close();
    await aep.close();
    registry?.stop();
    if (startedBroker) execFileSync('bash', [script, 'stop'], { stdio: 'inherit', env: brokerEnv });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    say(`AEP emulator on ${aep.url}; Kafka Connect REST API on ${worker.url}`);
    const topic = `demo-events-${Date.now()}`;
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    const config = {
      'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
      topics: topic,
      'aep.endpoint': aep.endpoint('demo-inlet'),
      ...(AVRO
        ? {
            'value.converter': 'io.confluent.connect.avro.AvroConverter',
            'value.converter.schema.registry.url': registryUrl,
          }
        : {
            'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
            'value.converter.schemas.enable': 'false',
          }),
    };
    say(`POST ${worker.url}/connectors  {"name":"demo","config":${JSON.stringify(config)}}`);
    const created = await fetch(`${worker.url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'demo', config }),
    });
    say(`→ ${created.status} ${await created.text()}`);
    if (created.status !== 201) throw new Error('the connector was not created');

    const event = (i: number) => ({
      header: { msgType: 'xdmEntityCreate', source: { name: 'aep-sink-demo' } },
      body: { xdmEntity: { _id: `demo-${i}`, eventType: 'commerce.productViews', timestamp: Date.now() } },
    });
    let serialize = async (value: ReturnType<typeof event>): Promise<string | Buffer> =>
      JSON.stringify({
        ...value,
        body: {
          xdmEntity: {
            ...value.body.xdmEntity,
            timestamp: new Date(value.body.xdmEntity.timestamp).toISOString(),
          },
        },
      });
    if (AVRO) {
      const client = new SchemaRegistryClient({ baseURLs: [registryUrl] });
      const { id } = await client.registerFullResponse(`${topic}-value`, {
        schemaType: 'AVRO',
        schema: JSON.stringify(EVENT_AVRO),
      });
      say(`registered the Avro schema of ${topic}-value at ${registryUrl} (id ${id})`);
      const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
      serialize = (value) => serializer.serialize(topic, value);
    }
    await producer.connect();
    await producer.send({
      topic,
      messages: await Promise.all(
        Array.from({ length: EVENTS }, async (_, i) => ({
          key: `customer-${i % 4}`,
          value: await serialize(event(i)),
        })),
      ),
    });
    say(
      `produced ${EVENTS} ${AVRO ? 'Avro records (Confluent AvroSerializer, schema registry wire format)' : 'JSON events'} to ${topic}; waiting for them at the emulator…`,
    );

    let shown = 0;
    const deadline = Date.now() + 60_000;
    while (shown < EVENTS && Date.now() < deadline) {
      for (const message of aep.messages.slice(shown)) {
        say(`AEP accepted ${JSON.stringify(message.message.body)} (request ${message.requestIndex})`);
        shown++;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const status = await (await fetch(`${worker.url}/connectors/demo/status`)).json();
    say(`GET /connectors/demo/status → ${JSON.stringify(status)}`);
    if (shown < EVENTS) throw new Error(`only ${shown} of ${EVENTS} events arrived within 60 s`);
    say(`all ${EVENTS} events arrived in ${aep.requests.length} request(s). Done.`);
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(`[demo] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
