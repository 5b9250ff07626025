// End-to-end throughput of the local worker on its defaults, topic → sink → AEP emulator, for 200,000 records of
// ~700 B on 3 partitions (the head-to-head of issue #10), next to the same broker's kafka-consumer-perf-test
// (ConsumerPerformance) on the same topic in the same run, each measured three times (the median counts: both vary by
// tens of percent from run to run on a shared machine). The ratio is the figure and is printed last.
// Run: npm run bench:e2e (starts the broker with scripts/kafka.sh when none runs).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startScratchWorker } from '../scripts/local-worker.ts';
import { Kafka, logLevel } from '../shared/kafka/index.ts';
import { SILENT_LOGGER } from '../shared/logging/index.ts';

const BROKER = '127.0.0.1:9092';
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const RECORD_BYTES = 700;
const PARTITIONS = 3;
const script = new URL('../scripts/kafka.sh', import.meta.url).pathname;

const reachable = () =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 9092 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** A JSON value of RECORD_BYTES: an AEP message whose `_id` identifies the record. */
function recordOf(id: number): string {
  const message = {
    header: { msgType: 'xdmEntityCreate' },
    body: { xdmEntity: { _id: `e-${id}`, pad: '' } },
  };
  message.body.xdmEntity.pad = 'x'.repeat(Math.max(0, RECORD_BYTES - JSON.stringify(message).length));
  return JSON.stringify(message);
}

async function produce(topic: string): Promise<void> {
  const kafka = new Kafka({ brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  for (let start = 0; start < RECORDS; start += 2_000) {
    const messages = Array.from({ length: Math.min(2_000, RECORDS - start) }, (_, i) => ({
      key: String(start + i),
      value: recordOf(start + i),
    }));
    await producer.send({ topic, messages });
  }
  await Promise.all([admin.disconnect(), producer.disconnect()]);
}

/** kafka-consumer-perf-test's nMsg.sec on the same topic, with its own group. */
function consumerPerfTest(topic: string): number {
  const out = execFileSync(
    'bash',
    [
      script,
      'run',
      'org.apache.kafka.tools.ConsumerPerformance',
      '--bootstrap-server',
      BROKER,
      '--topic',
      topic,
      '--messages',
      String(RECORDS),
      '--group',
      `bench-perf-${randomUUID()}`,
      '--timeout',
      '60000',
    ],
    { encoding: 'utf8' },
  );
  // header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, …
  const lines = out.trim().split('\n');
  const header = (lines.find((l) => l.includes('nMsg.sec')) ?? '').split(',').map((s) => s.trim());
  const row = (lines.at(-1) ?? '').split(',').map((s) => s.trim());
  const rate = Number(row[header.indexOf('nMsg.sec')]);
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`cannot read ConsumerPerformance output:\n${out}`);
  return rate;
}

/** The AEP emulator in its own process (as AEP is remote), so it does not share the worker's event loop. */
async function startEmulatorProcess(): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../shared/aep-emulator/main.ts', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output = (output + d).slice(-10_000);
  });
  const deadline = Date.now() + 30_000;
  const endpointIn = () => /aep\.endpoint=(\S+)/.exec(output)?.[1];
  while (!endpointIn()) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`the AEP emulator did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { endpoint: endpointIn() as string, stop: () => child.kill() };
}

/** Records/s from creating the connector on its defaults until the worker counts every record delivered, and its CPU. */
async function endToEnd(topic: string, name: string): Promise<{ rate: number; cpuSeconds: number }> {
  const aep = await startEmulatorProcess();
  const worker = await startScratchWorker({
    name: 'bench',
    bootstrapServers: BROKER,
    logger: { ...SILENT_LOGGER, warn: (m) => console.warn(m), error: (m) => console.error(m) },
  });
  // Records the sink delivered to AEP and committed, from the worker's own counter.
  const delivered = () =>
    Number(
      new RegExp(`aep_sink_records_delivered_total\\{connector="${name}"\\} (\\d+)`).exec(
        worker.metrics.prometheus(() => 0),
      )?.[1] ?? 0,
    );
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const response = await fetch(`${worker.url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        config: {
          'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
          topics: topic,
          'aep.endpoint': aep.endpoint,
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
        },
      }),
    });
    if (response.status !== 201)
      throw new Error(`create failed: ${response.status} ${await response.text()}`);
    const deadline = Date.now() + 600_000;
    while (delivered() < RECORDS) {
      if (Date.now() > deadline) throw new Error(`only ${delivered()} of ${RECORDS} delivered in 10 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const used = process.cpuUsage(cpu);
    return {
      rate: RECORDS / ((performance.now() - started) / 1000),
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  } finally {
    await worker.close();
    aep.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const startedBroker = !(await reachable());
if (startedBroker) execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
try {
  const topic = `bench-e2e-${randomUUID()}`;
  console.log(`producing ${RECORDS} × ${RECORD_BYTES} B records to ${topic} (${PARTITIONS} partitions)…`);
  await produce(topic);
  const baselines: number[] = [];
  const runs: Array<{ rate: number; cpuSeconds: number }> = [];
  for (let i = 0; i < 3; i++) {
    baselines.push(consumerPerfTest(topic));
    console.log(
      `kafka-consumer-perf-test (same broker, same topic): ${Math.round(baselines[i] as number)} records/s`,
    );
    // A fresh worker and connector (its own consumer group) each time, as a user starts one.
    runs.push(await endToEnd(topic, `bench-${randomUUID()}`));
    const run = runs[i] as { rate: number; cpuSeconds: number };
    console.log(
      `end-to-end, topic → local worker (defaults) → AEP emulator process: ${Math.round(run.rate)} records/s, worker CPU ${run.cpuSeconds.toFixed(2)} s`,
    );
  }
  const baseline = median(baselines);
  const e2e = median(runs.map((r) => r.rate));
  console.log(
    `medians: kafka-consumer-perf-test ${Math.round(baseline)} records/s, end-to-end ${Math.round(e2e)} records/s`,
  );
  console.log(`ratio end-to-end / consumer-perf-test: ${(e2e / baseline).toFixed(3)}`);
} finally {
  if (startedBroker) execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
}
