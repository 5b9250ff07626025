// `node scripts/connect-diff.ts`: the differential replay. Sends the same REST calls (scripts/connect-diff/scenario.ts)
// to a real Apache Kafka Connect 4.1.1 worker running FileStreamSink (scripts/connect.sh) and to our local worker
// running the AEP sink, normalises each side's own words (class, plugin version, worker id, plugin-specific keys)
// and prints every difference by JSON path. Differences kept on purpose are listed in the scenario (and in
// docs/rest-api.md) and counted apart; any other difference makes the script exit 1.
//
// Settings (environment): CONNECT_REFERENCE_URL (http://127.0.0.1:18083; started with scripts/connect.sh when it
// does not answer, and stopped again at the end), CONNECT_BOOTSTRAP_SERVERS (127.0.0.1:9092), DIFF_JSON (a file
// to write every call's answers and differences to).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAepEmulator } from '../shared/aep-emulator/index.ts';
import { sinkConnectorConfigDef } from '../shared/connector/index.ts';
import { Kafka, logLevel } from '../shared/kafka/index.ts';
import { defaultPluginRegistry } from '../shared/rest/index.ts';
import { type Answer, type Difference, differences, normalise, type Side } from './connect-diff/compare.ts';
import { type Call, DELIBERATE, SCENARIO } from './connect-diff/scenario.ts';
import { startScratchWorker } from './local-worker.ts';

const REFERENCE = process.env.CONNECT_REFERENCE_URL ?? 'http://127.0.0.1:18083';
const BROKER = process.env.CONNECT_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
const SETTLE = { attempts: 60, delayMs: 500 };
const connectScript = new URL('./connect.sh', import.meta.url).pathname;
// scripts/connect.sh serves the reference's port: start and stop must both name it.
const connectEnv = { ...process.env, CONNECT_REST_PORT: new URL(REFERENCE).port, CONNECT_KAFKA: BROKER };
const say = (m: string) => console.log(`[connect-diff] ${m}`);

interface Result {
  readonly call: Call;
  readonly reference: Answer;
  readonly ours: Answer;
  readonly undocumented: readonly Difference[];
  readonly deliberate: readonly (Difference & { reason: string })[];
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

async function send(side: Side, call: Call, run: string): Promise<Answer> {
  const fill = (s: string) =>
    s
      .replaceAll('{topic}', `connect-diff-${run}`)
      .replaceAll('{run}', `${run}-${side.name}`)
      .replaceAll('{class}', encodeURIComponent(side.connectorClass));
  const raw = typeof call.body === 'function' ? call.body(side) : call.body;
  const body = raw === undefined ? undefined : fill(typeof raw === 'string' ? raw : JSON.stringify(raw));
  const headers: Record<string, string> = { accept: call.accept ?? 'application/json' };
  if (body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
  const response = await fetch(`${side.url}${fill(call.path)}`, { method: call.method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

async function settled(side: Side, call: Call, run: string): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(side, call, run);
    if (!call.until || call.until(answer) || attempt >= SETTLE.attempts) return answer;
    await new Promise((r) => setTimeout(r, SETTLE.delayMs));
  }
}

function workerIdOf(url: string): string {
  return new URL(url).host;
}

async function main(): Promise<void> {
  const startedReference = !(await answers(REFERENCE));
  if (startedReference) {
    say(`no Kafka Connect at ${REFERENCE}: starting one with scripts/connect.sh (stopped again at the end)`);
    execFileSync('bash', [connectScript, 'start'], { stdio: 'inherit', env: connectEnv });
  }
  const run = `${Date.now().toString(36)}`;
  // Our connector plugin's own keys and our own plugins: what the reference cannot have.
  const registry = defaultPluginRegistry();
  const aepKeys = registry.find('AEPSink')?.configDef().keys() ?? [];
  const aepPlugins = registry
    .infos(false)
    // Adobe's transforms and the schema registry converters (Confluent's classes, not in a stock Connect).
    .filter(
      (p) => p.type !== 'sink' && (p.class.startsWith('com.adobe.') || p.class.startsWith('io.confluent.')),
    )
    .map((p) => p.class);
  const frameworkGroups = sinkConnectorConfigDef().groups();
  const topic = `connect-diff-${run}`;
  const aep = await startAepEmulator();
  const worker = await startScratchWorker({
    name: 'connect-diff',
    bootstrapServers: BROKER,
    config: {
      // The same converters as the reference worker (scripts/connect.sh).
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable': 'false',
      'value.converter.schemas.enable': 'false',
    },
    logger: { debug() {}, info() {}, warn() {}, error: (m) => console.error(`[worker] ${m}`) },
  });
  const kafka = new Kafka({ brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    const sides: Side[] = [
      {
        name: 'reference',
        url: REFERENCE,
        connectorClass: 'FileStreamSink',
        connectorClassNames: [
          'org.apache.kafka.connect.file.FileStreamSinkTask',
          'org.apache.kafka.connect.file.FileStreamSinkConnector',
          'FileStreamSinkConnector',
          'FileStreamSink',
        ],
        connectorVersion: '4.1.1',
        ownConfig: { file: join(worker.dataDir, 'file-sink.txt') },
        ownPlugins: ['org.apache.kafka.connect.file.FileStreamSourceConnector'],
        ownGroups: [],
        isOwnKey: (key) => key === 'file',
      },
      {
        name: 'ours',
        url: worker.url,
        connectorClass: 'AEPSink',
        connectorClassNames: [
          'com.adobe.platform.streaming.sink.impl.AEPSinkTask',
          'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
          'AEPSinkConnector',
          'AEPSink',
        ],
        connectorVersion: (await import('../package.json', { with: { type: 'json' } })).default.version,
        ownConfig: { 'aep.endpoint': aep.endpoint('connect-diff') },
        ownPlugins: aepPlugins,
        ownGroups: [...new Set(aepKeys.map((k) => k.group ?? ''))].filter(
          (g) => !frameworkGroups.includes(g),
        ),
        isOwnKey: (key) => aepKeys.some((k) => k.name === key),
      },
    ];
    const [reference, ours] = sides as [Side, Side];
    const keep = (name: string) => name.includes(run);
    say(`reference ${reference.url} (FileStreamSink), ours ${ours.url} (AEPSink), topic ${topic}`);
    const results: Result[] = [];
    for (const call of SCENARIO) {
      if (call.before === 'produce') {
        await producer.send({ topic, messages: [{ value: JSON.stringify({ id: run }) }] });
      }
      const [a, b] = await Promise.all([settled(reference, call, run), settled(ours, call, run)]);
      const diffs = differences(
        normalise(a, reference, workerIdOf(reference.url), `${run}-reference`, keep),
        normalise(b, ours, worker.workerId, `${run}-ours`, keep),
      );
      const deliberate = diffs.flatMap((d) => {
        const kept = DELIBERATE.find((k) => k.call.test(call.id) && k.path.test(d.path));
        return kept ? [{ ...d, reason: kept.reason }] : [];
      });
      const undocumented = diffs.filter((d) => !deliberate.some((k) => k.path === d.path));
      results.push({ call, reference: a, ours: b, undocumented, deliberate });
      const mark = undocumented.length > 0 ? '✗' : deliberate.length > 0 ? '≈' : '✓';
      console.log(`${mark} ${call.method} ${call.path.replaceAll('{run}', run)}  (${call.id})`);
      for (const d of undocumented) {
        console.log(
          `    ${d.path}\n      reference: ${short(d.reference)}\n      ours:      ${short(d.ours)}`,
        );
      }
    }
    const identical = results.filter((r) => r.undocumented.length === 0 && r.deliberate.length === 0).length;
    const deliberateOnly = results.filter((r) => r.undocumented.length === 0 && r.deliberate.length > 0);
    const different = results.filter((r) => r.undocumented.length > 0).length;
    if (deliberateOnly.length > 0) {
      console.log(
        '\nDeliberate differences (docs/rest-api.md, "Checked against a real Kafka Connect 4.1.1"):',
      );
      for (const r of deliberateOnly)
        console.log(`  ${r.call.id}: ${[...new Set(r.deliberate.map((d) => d.reason))].join('; ')}`);
    }
    if (process.env.DIFF_JSON) writeFileSync(process.env.DIFF_JSON, JSON.stringify(results, null, 2));
    console.log(
      `\n${results.length} calls: ${identical} identical, ${deliberateOnly.length} with deliberate differences only, ${different} with other differences`,
    );
    process.exitCode = different > 0 ? 1 : 0;
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    await worker.close();
    await aep.close();
    if (startedReference)
      execFileSync('bash', [connectScript, 'stop'], { stdio: 'inherit', env: connectEnv });
  }
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

await main();
