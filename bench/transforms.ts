// Per-record cost of a 3-SMT chain (InsertField$Value, ReplaceField$Value, XdmEnvelope) on 10,000 × 1 KiB JSON
// records, against the sink's own per-record work without transforms, measured in the same run with the real
// modules: base64 decode, JsonConverter (schemas.enable=false), the AEP message text (the consumed JSON as is), and
// gzip of ≤ 1 MB requests. With the chain the record is also built, transformed and written back as JSON.
// Run: node --expose-gc bench/transforms.ts. The last line is the chain's own cost over the baseline (target ≤ 0.25);
// the line before adds writing the changed value as JSON, which any transform that changes the value costs the sink.
import { gzipSync } from 'node:zlib';
import { GZIP_LEVEL } from '../shared/aep/constants.ts';
import { jsonConverter } from '../shared/converters/index.ts';
import type { KafkaRecord, SinkRecord } from '../shared/records/types.ts';
import { aepMessage } from '../shared/sink/index.ts';
import { buildTransformationChain, type TransformationChain } from '../shared/transforms/index.ts';
import { requestBodies } from './request-bodies.ts';
import { note, seeded, WORDS } from './synthetic.ts';

const RECORDS = 10_000;
const RECORD_BYTES = 1024;
const REQUEST_BYTES = 1_000_000;
const WARMUP = 3;
const RUNS = 9;

const CHAIN = buildTransformationChain({
  transforms: 'insert,replace,xdm',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'source',
  'transforms.insert.static.value': 'kafka',
  'transforms.insert.offset.field': 'kafkaOffset',
  'transforms.replace.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.replace.exclude': 'debug',
  'transforms.replace.renames': 'user:person',
  'transforms.xdm.type': 'com.adobe.platform.streaming.sink.transformation.XdmEnvelope',
  'transforms.xdm.schema.id': 'https://ns.adobe.com/tenant/schemas/events',
  'transforms.xdm.ims.org.id': 'ABC123@AdobeOrg',
  'transforms.xdm.dataset.id': '5e8e1f8e0b9d8a18a9b8c1d2',
  'transforms.xdm.id.from': 'kafka',
  'transforms.xdm.timestamp.from': 'kafka',
});

/** A 1 KiB raw event with words and numbers drawn by a seeded generator. */
function rawEvent(i: number): string {
  const { next, word } = seeded(i, WORDS.slice(0, 10));
  const event: Record<string, unknown> = {
    eventType: `commerce.${word()}`,
    user: { email: `user${next() % 100_000}@example.com`, segment: word() },
    debug: { host: `host-${next() % 50}`, build: next() % 1000 },
    items: [] as unknown[],
  };
  const items = event.items as unknown[];
  while (JSON.stringify(event).length < RECORD_BYTES - 60) {
    items.push({
      sku: `${word()}-${next() % 10_000}`,
      price: (next() % 100_000) / 100,
      qty: next() % 9,
    });
  }
  const text = JSON.stringify(event);
  return `${text.slice(0, -1)},${note(text, RECORD_BYTES)}}`;
}

const converter = jsonConverter.create({ 'converter.type': 'value', 'schemas.enable': false });
const values = Array.from({ length: RECORDS }, (_, i) => Buffer.from(rawEvent(i)).toString('base64'));
const kafkaRecord = (i: number, value: Buffer): KafkaRecord => ({
  topic: 'events',
  partition: i % 3,
  offset: i,
  timestamp: 1_700_000_000_000 + i,
  timestampType: 'CREATE_TIME',
  key: null,
  value,
  headers: [],
});

/** The record the chain sees: the converted value, no key, no headers. */
function sinkRecord(
  original: KafkaRecord,
  valueSchema: SinkRecord['valueSchema'],
  value: unknown,
): SinkRecord {
  return {
    topic: original.topic,
    kafkaPartition: original.partition,
    kafkaOffset: original.offset,
    timestamp: original.timestamp,
    timestampType: original.timestampType,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    headers: [],
    original,
  };
}

/** What the sink does for each record and each request; `chain` null is the no-transform baseline. */
function pipeline(chain: TransformationChain | null): void {
  const messages: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const bytes = Buffer.from(values[i] as string, 'base64');
    const { schema, value, json } = converter.toConnectData?.('events', bytes) ?? {
      schema: null,
      value: null,
    };
    let message: string;
    if (chain) {
      message = aepMessage(chain.apply(sinkRecord(kafkaRecord(i, bytes), schema, value))?.value);
    } else {
      message = aepMessage(value, json);
    }
    messages.push(message);
  }
  for (const b of requestBodies(messages, REQUEST_BYTES)) gzipSync(b, { level: GZIP_LEVEL });
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** CPU milliseconds of this process for one call (steadier than wall time on a machine shared with other jobs). */
function cpuMs(fn: () => void): number {
  gc();
  const started = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
}

/** Median CPU milliseconds of each function, run alternately so that drift hits them alike. */
function measure(...fns: Array<() => void>): number[] {
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    fns.forEach((fn, j) => {
      const ms = cpuMs(fn);
      if (i >= WARMUP) times[j]?.push(ms);
    });
  }
  return times.map(median);
}

const [base = 0, withChain = 0] = measure(
  () => pipeline(null),
  () => pipeline(CHAIN),
);

// Where the difference goes: the chain itself, and writing its output as the AEP message.
const inputs = values.map((v, i) => {
  const bytes = Buffer.from(v, 'base64');
  return sinkRecord(kafkaRecord(i, bytes), null, converter.toConnectData?.('events', bytes).value);
});
const outputs = inputs.map((r) => CHAIN.apply(r)?.value);
const [chainOnly = 0, message = 0, stringify = 0] = measure(
  () => {
    for (const r of inputs) CHAIN.apply(r);
  },
  () => {
    for (const v of outputs) aepMessage(v);
  },
  () => {
    for (const v of outputs) JSON.stringify(v);
  },
);

const perRecord = (ms: number) => `${((ms * 1000) / RECORDS).toFixed(2)} µs/record`;
console.log(
  `${RECORDS} records × ${RECORD_BYTES} B JSON, median CPU time of ${RUNS} alternating runs after ${WARMUP} warm-up runs`,
);
console.log(`no transforms (decode + JsonConverter + AEP message + gzip): ${perRecord(base)}`);
console.log(`3-SMT chain (InsertField$Value, ReplaceField$Value, XdmEnvelope): ${perRecord(withChain)}`);
console.log(`  the chain itself: ${perRecord(chainOnly)}`);
console.log(
  `  writing the changed value as JSON (without transforms the consumed JSON text is sent as is): ${perRecord(message)} with aepMessage, ${perRecord(stringify)} with JSON.stringify`,
);
console.log(`total overhead ratio, with the JSON writing: ${(withChain / base - 1).toFixed(3)}`);
console.log(`overhead ratio of the chain (target ≤ 0.25): ${(chainOnly / base).toFixed(3)}`);
