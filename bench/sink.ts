// Throughput of the sink function on one core: an MSK event of 10,000 records × 1 KiB JSON through
// functions/sink/handler.ts to the AEP emulator (on a worker thread) with gzip on, next to the floor measured in the
// same run: base64 decode + JSON.parse + JSON.stringify + gzip of the same records and a POST of each body to the same
// emulator. The ratio handler/floor is the figure and is printed last. The Avro case (bench/avro.ts) reads the same events as Avro
// records through the schema registry, against an Avro-decode floor. Run: npm run bench (node --expose-gc).
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { localSchemaRegistry } from '../scripts/local-schema-registry.ts';
import { GZIP_LEVEL } from '../shared/aep/constants.ts';
import { batchEndpoint } from '../shared/aep/endpoint.ts';
import type { KafkaBatchResponse, KafkaEvent } from '../shared/records/types.ts';
import { lambdaContext } from '../test/support/lambda-context.ts';
import { kafkaEvent } from '../test/support/records.ts';
import { serializedValues } from '../test/support/schema-registry.ts';
import { avroFloor, XDM_EVENT_AVRO } from './avro.ts';
import { requestBodies, sendBodies } from './request-bodies.ts';
import { note, seeded, WORDS } from './synthetic.ts';

const RECORDS = 10_000;
const RECORD_BYTES = 1024;
const WARMUP = 2;
const RUNS = 5;
const REQUEST_BYTES = 1_000_000;

type Handler = (
  event: KafkaEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<KafkaBatchResponse | undefined>;

interface Stats {
  readonly requests: number;
  readonly statuses: number[];
  readonly wireBytes: number;
  readonly rawBytes: number;
  readonly messages: number;
}

/**
 * A connector configuration to measure, with the record values it reads. Both variants deliver the same events as
 * XDM messages: the plain one reads messages enveloped upstream, the transforms one reads the bare XDM entities and
 * builds the envelope in the sink, so the comparison is what moving that work into the sink costs.
 */
interface Variant {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly value: (i: number) => string | Buffer;
}

const VARIANTS: readonly Variant[] = [
  { name: 'no transforms', config: {}, value: (i) => xdmEvent(i) },
  {
    name: '3 transforms (InsertField, ReplaceField, XdmEnvelope)',
    value: (i) =>
      JSON.stringify((JSON.parse(xdmEvent(i)) as { body: { xdmEntity: unknown } }).body.xdmEntity),
    config: {
      transforms: 'insert,replace,xdm',
      'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.insert.topic.field': 'kafka_topic',
      'transforms.insert.offset.field': 'kafka_offset',
      'transforms.replace.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
      'transforms.replace.renames': 'note:comment',
      'transforms.xdm.type': 'com.adobe.platform.streaming.sink.transformation.XdmEnvelope',
      'transforms.xdm.schema.id': 'https://ns.adobe.com/tenant/schemas/events',
      'transforms.xdm.id.from': 'kafka',
      'transforms.xdm.timestamp.from': 'kafka',
    },
  },
];

const emulator = new Worker(new URL('./aep-emulator-worker.ts', import.meta.url));
const reply = (type: string) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type !== type) return;
      emulator.off('message', onMessage);
      resolve(message);
    };
    emulator.on('message', onMessage);
  });
const ask = async (request: string, type: string) => {
  const answer = reply(type);
  emulator.postMessage(request);
  return answer;
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rate = (ms: number) => `${Math.round((RECORDS / ms) * 1000).toLocaleString('en-US')} records/s`;
const threadCpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.threadCpuUsage(since);
  return (user + system) / 1000;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const memory = () => {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

/**
 * The floor: what any sink must do per record (decode, parse, serialise) and per request (gzip, and a POST to AEP:
 * the same emulator the handler sends to, so AEP's share of the machine weighs on both sides alike). Without
 * `batchUrl` it stops after gzip: the in-process floor, printed for comparison.
 */
async function floor(event: KafkaEvent, batchUrl?: string): Promise<void> {
  const messages: string[] = [];
  for (const records of Object.values(event.records)) {
    for (const record of records) {
      messages.push(JSON.stringify(JSON.parse(Buffer.from(record.value ?? '', 'base64').toString('utf8'))));
    }
  }
  await sendBodies(requestBodies(messages, REQUEST_BYTES), batchUrl);
}

async function loadHandler(variant: Variant, endpoint: string): Promise<Handler> {
  process.env.AEP_ALLOWED_HOSTS = '127.0.0.1';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.CONNECTOR_CONFIG = JSON.stringify({
    name: 'bench',
    config: {
      'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
      topics: 'events',
      'aep.endpoint': endpoint,
      'aep.compression': 'gzip',
      'aep.flush.bytes.kb': String(Math.floor(REQUEST_BYTES / 1024)),
      'errors.tolerance': 'none',
      ...variant.config,
    },
  });
  // One module instance per variant: the handler reads its environment when it loads.
  const module = (await import(
    `../functions/sink/handler.ts?variant=${encodeURIComponent(variant.name)}`
  )) as {
    handler: Handler;
  };
  return module.handler;
}

interface Run {
  readonly ms: number;
  /** Time the main thread (the handler's core) was busy, as opposed to waiting for AEP or gzip. */
  readonly busyMs: number;
  /** CPU time of the main thread (process.threadCpuUsage), which load on the machine inflates less than busy time. */
  readonly cpuMs: number;
  readonly stats: Stats;
  readonly peak: number;
}

/**
 * Runs `work` on fresh emulator counters after a GC: its result, wall time, event-loop busy time and thread CPU time,
 * and what the emulator received.
 */
async function timed<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; busyMs: number; cpuMs: number; stats: Stats }> {
  await ask('reset', 'reset');
  gc();
  const loop = performance.eventLoopUtilization();
  const cpu = process.threadCpuUsage();
  const started = performance.now();
  const result = await work();
  const cpuMs = threadCpuMs(cpu);
  const ms = performance.now() - started;
  const busyMs = performance.eventLoopUtilization(loop).active;
  const stats = (await ask('stats', 'stats')) as unknown as Stats;
  return { result, ms, busyMs, cpuMs, stats };
}

async function measure(handler: Handler, event: KafkaEvent): Promise<Run> {
  let peak = 0;
  const { result: response, ...run } = await timed(async () => {
    const base = memory();
    const sampler = setInterval(() => {
      peak = Math.max(peak, memory() - base);
    }, 5);
    const response = await handler(event, lambdaContext({ timeoutMs: 300_000 }));
    peak = Math.max(peak, memory() - base);
    clearInterval(sampler);
    return response;
  });
  if (response !== undefined || run.stats.messages !== RECORDS) {
    throw new Error(
      `the handler delivered ${run.stats.messages} of ${RECORDS} records (${JSON.stringify(response)})`,
    );
  }
  return { ...run, peak };
}

interface FloorRun {
  readonly ms: number;
  readonly busyMs: number;
  readonly cpuMs: number;
  /** The in-process floor (no POST), timed right after. */
  readonly inProcessMs: number;
}

async function timeFloor(event: KafkaEvent, batchUrl: string): Promise<FloorRun> {
  const { ms, busyMs, cpuMs, stats } = await timed(() => floor(event, batchUrl));
  if (stats.messages !== RECORDS)
    throw new Error(`the floor delivered ${stats.messages} of ${RECORDS} records`);
  gc();
  const inProcessStarted = performance.now();
  await floor(event);
  return { ms, busyMs, cpuMs, inProcessMs: performance.now() - inProcessStarted };
}

/** A 1 KiB XDM-like message of synthetic words and numbers (bench/synthetic.ts). */
function xdmEvent(i: number): string {
  const { next, word } = seeded(i, WORDS);
  const entity: Record<string, unknown> = {
    _id: `id-${i}`,
    timestamp: new Date(1_700_000_000_000 + next() * 10).toISOString(),
    eventType: `commerce.${word()}`,
    identityMap: { email: [{ id: `user${next() % 100_000}@example.com`, primary: true }] },
    productListItems: [] as unknown[],
  };
  const base = {
    header: {
      schemaRef: {
        id: 'https://ns.adobe.com/tenant/schemas/events',
        contentType: 'application/vnd.adobe.xed-full+json;version=1',
      },
    },
    body: { xdmEntity: entity },
  };
  const items = entity.productListItems as unknown[];
  while (JSON.stringify(base).length < RECORD_BYTES - 90) {
    items.push({
      SKU: `${word()}-${next() % 10_000}`,
      priceTotal: (next() % 100_000) / 100,
      quantity: next() % 9,
    });
  }
  const text = JSON.stringify(base);
  return text.replace('"productListItems"', `${note(text, RECORD_BYTES)},"productListItems"`);
}

const { endpoint } = (await reply('ready')) as { endpoint: string };
const batchUrl = batchEndpoint(endpoint);
if (!(globalThis as { gc?: unknown }).gc)
  console.log('(run with node --expose-gc for a steadier heap figure)');
console.log(
  `${RECORDS} records × ${RECORD_BYTES} B JSON, MSK event, gzip on, median of ${RUNS} runs after ${WARMUP} warm-up runs`,
);
console.log(
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (figures vary with other work on the machine; the ratios less so)`,
);

const floorRuns: FloorRun[] = [];
const results: Array<Run & { variant: Variant }> = [];
const floorEvent = kafkaEvent({ count: RECORDS, partitions: 3, value: xdmEvent });
for (const variant of VARIANTS) {
  const handler = await loadHandler(variant, endpoint);
  const event = kafkaEvent({ count: RECORDS, partitions: 3, value: variant.value });
  for (let i = 0; i < WARMUP; i++) {
    await measure(handler, event);
    await timeFloor(floorEvent, batchUrl);
  }
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await measure(handler, event));
    floorRuns.push(await timeFloor(floorEvent, batchUrl));
  }
  results.push({
    variant,
    ms: median(runs.map((r) => r.ms)),
    busyMs: median(runs.map((r) => r.busyMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    stats: (runs.at(-1) as Run).stats,
    peak: Math.max(...runs.map((r) => r.peak)),
  });
}
const floorMs = median(floorRuns.map((r) => r.ms));

/**
 * CPU the handler costs per invocation on a function's own cores: its main thread's busy time plus the gzip of its
 * request bodies (libuv's pool; measured here synchronously on the same bodies). The emulator's CPU is left out: on
 * Lambda, AEP runs elsewhere.
 */
function gzipCpuMs(event: KafkaEvent): number {
  const texts = Object.values(event.records).flatMap((records) =>
    records.map((r) => Buffer.from(r.value ?? '', 'base64').toString('utf8')),
  );
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const bodies = requestBodies(texts, REQUEST_BYTES);
    const started = process.threadCpuUsage();
    for (const body of bodies) gzipSync(body, { level: GZIP_LEVEL });
    times.push(threadCpuMs(started));
  }
  return median(times);
}
const gzipMs = gzipCpuMs(floorEvent);
const handlerCpuMs = (results[0]?.cpuMs ?? 0) + gzipMs;
// The floor's main thread compresses nothing itself (its gzip runs on libuv's pool), like the handler's.
const floorCpuMs = median(floorRuns.map((r) => r.cpuMs)) + gzipMs;
const floorBusyMs = median(floorRuns.map((r) => r.busyMs));

const inProcessFloorMs = median(floorRuns.map((r) => r.inProcessMs));
console.log(
  `floor (decode + parse + stringify + gzip + POST to the emulator): ${rate(floorMs)} (${floorMs.toFixed(1)} ms; main thread busy ${floorBusyMs.toFixed(1)} ms)`,
);
console.log(
  `  in-process floor (the same without the POST): ${rate(inProcessFloorMs)} (${inProcessFloorMs.toFixed(1)} ms)`,
);
for (const { variant, ms, busyMs, stats, peak } of results) {
  console.log(`handler, ${variant.name}: ${rate(ms)} (${ms.toFixed(1)} ms)   target ≥ 100,000 records/s`);
  console.log(
    `  main thread busy: ${busyMs.toFixed(1)} ms (${rate(busyMs)} of handler CPU; the rest is waiting for AEP and gzip)`,
  );
  console.log(`  HTTP requests: ${stats.requests} (statuses ${stats.statuses.join(', ')})`);
  console.log(
    `  bytes on the wire: ${mb(stats.wireBytes)} of ${mb(stats.rawBytes)} raw (${(stats.wireBytes / stats.rawBytes).toFixed(2)})`,
  );
  console.log(`  peak extra heap (V8 heap + external): ${mb(peak)}   target < 128 MB`);
}
// Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB ("Configure Lambda function
// memory"); an invocation's CPU-bound rate is the measured CPU per record scaled by that share.
console.log(
  `handler CPU per invocation (main thread + gzip, no AEP): ${handlerCpuMs.toFixed(1)} ms (${((handlerCpuMs * 1000) / RECORDS).toFixed(1)} µs/record); floor ${floorCpuMs.toFixed(1)} ms; CPU ratio handler/floor ${(handlerCpuMs / floorCpuMs).toFixed(2)}`,
);
for (const memory of [128, 512, 1769]) {
  const share = Math.min(1, memory / 1769);
  console.log(
    `  Lambda ${memory} MB (${share.toFixed(3)} vCPU): about ${Math.round(((RECORDS / handlerCpuMs) * 1000 * share) / 100) * 100} records/s per invocation, CPU-bound`,
  );
}
const [plain, ...others] = results;
for (const other of others) {
  console.log(
    `overhead of ${other.variant.name}: ${(other.ms / (plain?.ms ?? other.ms)).toFixed(2)}× the plain handler`,
  );
}
console.log(
  `main-thread ratio handler/floor: ${((plain?.busyMs ?? 0) / floorBusyMs).toFixed(2)} (busy time of the core each runs on)`,
);

// Avro: the same events as Avro records (Confluent's AvroSerializer, the local schema registry), each run of the
// handler next to a run of the Avro floor (base64 + avsc decode + JSON.stringify + gzip + POST).
const registry = await localSchemaRegistry(console.log);
const avroBytes = await serializedValues(
  registry.url,
  'events',
  'AVRO',
  XDM_EVENT_AVRO,
  Array.from({ length: RECORDS }, (_, i) => JSON.parse(xdmEvent(i))),
);
const avroVariant: Variant = {
  name: 'Avro (AvroConverter, schema registry)',
  config: {
    'value.converter': 'io.confluent.connect.avro.AvroConverter',
    'value.converter.schema.registry.url': registry.url,
  },
  value: (i) => avroBytes[i] as Buffer,
};
const avroHandler = await loadHandler(avroVariant, endpoint);
const avroEvent = kafkaEvent({ count: RECORDS, partitions: 3, value: avroVariant.value });
const avroFloorRun = async () => {
  await ask('reset', 'reset');
  gc();
  const started = performance.now();
  await avroFloor(avroEvent, REQUEST_BYTES, batchUrl);
  const ms = performance.now() - started;
  const stats = (await ask('stats', 'stats')) as unknown as Stats;
  if (stats.messages !== RECORDS)
    throw new Error(`the Avro floor delivered ${stats.messages} of ${RECORDS} records`);
  return ms;
};
for (let i = 0; i < WARMUP; i++) {
  await measure(avroHandler, avroEvent);
  await avroFloorRun();
}
const avroRuns: Run[] = [];
const avroFloorMs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  avroRuns.push(await measure(avroHandler, avroEvent));
  avroFloorMs.push(await avroFloorRun());
}
const avroMs = median(avroRuns.map((r) => r.ms));
const avroFloorMedian = median(avroFloorMs);
await ask('close', 'closed');
registry.stop();
console.log(
  `Avro floor (decode + Avro decode + stringify + gzip + POST to the emulator): ${rate(avroFloorMedian)} (${avroFloorMedian.toFixed(1)} ms)`,
);
console.log(`handler, ${avroVariant.name}: ${rate(avroMs)} (${avroMs.toFixed(1)} ms)`);
console.log(`  peak extra heap: ${mb(Math.max(...avroRuns.map((r) => r.peak)))}`);
console.log(`ratio Avro handler/Avro floor: ${(avroMs / avroFloorMedian).toFixed(2)}`);
console.log(
  `ratio handler/in-process floor: ${((plain?.ms ?? 0) / inProcessFloorMs).toFixed(2)} (the floor without its POST)`,
);
console.log(`ratio handler/floor: ${((plain?.ms ?? 0) / floorMs).toFixed(2)}   target ≤ 1.0`);
