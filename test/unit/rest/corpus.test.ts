// A corpus of bad REST requests (bodies, paths, query flags), table-driven, through the Hono app on the real DynamoDB
// API (dynalite enforces DynamoDB's key and item limits, where a request that reached the store would fail with a
// 500). The property for every case: a 4xx in Connect's error shape that names what is wrong, nothing stored or
// changed, and the worker keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectApp, REQUEST_LIMITS } from '../../../shared/rest/index.ts';
import type { ConnectorStore } from '../../../shared/store/index.ts';
import { BODY_ENDPOINTS, readmeConfig } from '../../support/connect-rest-contract.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';

let dynamo: Dynalite;
let store: ConnectorStore;
let offsets: InMemoryOffsets;
let app: ReturnType<typeof createConnectApp>;

const CONFIG = readmeConfig('orders');
const CONFIG_JSON = JSON.stringify(CONFIG);

async function send(method: string, path: string, body?: string | Uint8Array, query = '') {
  const response = await app.fetch(
    new Request(`http://connect.test${path}${query}`, {
      method,
      ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }),
    }),
  );
  const text = await response.text();
  return { status: response.status, text };
}

/** What a bad request must not change: every connector (name, version, state, config) and every group's offsets. */
async function snapshot(): Promise<string> {
  const connectors = (await store.list()).map((c) => [c.name, c.version, c.targetState, c.config]);
  const groups = [...offsets.groups].map(([id, group]) => [id, [...group.values()]]);
  return JSON.stringify({ connectors, groups });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  store = await dynamo.newConnectorStore();
  offsets = new InMemoryOffsets();
  app = createConnectApp({ store, runtime: new InMemoryMappingRuntime(), offsets });
  expect(
    (await send('POST', '/connectors', JSON.stringify({ name: 'running', config: CONFIG }))).status,
  ).toBe(201);
  const stopped = JSON.stringify({ name: 'stopped', config: CONFIG, initial_state: 'STOPPED' });
  expect((await send('POST', '/connectors', stopped)).status).toBe(201);
  await offsets.alter('connect-stopped', [{ topic: 'orders', partition: 0, offset: 5 }]);
});
afterAll(async () => {
  await dynamo?.close();
});

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Byte sequences that are not UTF-8 (WHATWG's decoder would make each a U+FFFD). */
const BAD_UTF8: readonly [string, number[]][] = [
  ['FF FE', [0xff, 0xfe]],
  ['overlong NUL C0 80', [0xc0, 0x80]],
  ['encoded surrogate ED A0 80', [0xed, 0xa0, 0x80]],
  ['lone continuation 80', [0x80]],
  ['truncated E2 82', [0xe2, 0x82]],
  ['above U+10FFFF F4 90 80 80', [0xf4, 0x90, 0x80, 0x80]],
  ['five-byte F8 88 80 80 80', [0xf8, 0x88, 0x80, 0x80, 0x80]],
];
const LONE_SURROGATES = ['\\ud800', '\\udfff', 'a\\ud83d', '\\ude00b', '\\ud800\\ud800'];

const configWith = (key: string, value: string) => `{${CONFIG_JSON.slice(1, -1)},${key}:${value}}`;
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Bodies that are bad for every endpoint that reads one; each names what the 400 must mention. */
function badBodies(): { name: string; body: string | Uint8Array; mentions: RegExp }[] {
  const cases: { name: string; body: string | Uint8Array; mentions: RegExp }[] = [];
  for (const [label, seq] of BAD_UTF8) {
    cases.push(
      {
        name: `${label} in a name`,
        body: bytes('{"name":"a', seq, `","config":${CONFIG_JSON}}`),
        mentions: /UTF-8/,
      },
      {
        name: `${label} in a value`,
        body: bytes(`{"topics":"or`, seq, `ders"}`),
        mentions: /UTF-8.*\$\.topics/,
      },
      { name: `${label} in a key`, body: bytes(`{"k`, seq, `":"v"}`), mentions: /UTF-8.*key/ },
      { name: `${label} outside strings`, body: bytes('{"a":"b"', seq, '}'), mentions: /UTF-8/ },
    );
  }
  for (const surrogate of LONE_SURROGATES) {
    cases.push(
      {
        name: `${surrogate} in a value`,
        body: `{"topics":"${surrogate}"}`,
        mentions: /\$\.topics.*surrogate/,
      },
      { name: `${surrogate} in a key`, body: `{"${surrogate}":"v"}`, mentions: /surrogate/ },
      {
        name: `${surrogate} in a nested value`,
        body: `{"offsets":[{"partition":{"kafka_topic":"${surrogate}","kafka_partition":0},"offset":null}]}`,
        mentions: /\$\.offsets\[0\]\.partition\.kafka_topic.*surrogate/,
      },
    );
  }
  cases.push(
    {
      name: 'a duplicate aep.endpoint',
      body: configWith('"aep.endpoint"', '"https://evil.example/x"'),
      mentions: /Duplicate key "aep\.endpoint" at \$\["aep\.endpoint"\]/,
    },
    {
      name: 'a duplicate key, same value',
      body: '{"topics":"a","topics":"a"}',
      mentions: /Duplicate key "topics" at \$\.topics/,
    },
    {
      name: 'a duplicate name',
      body: `{"name":"x","name":"y","config":${CONFIG_JSON}}`,
      mentions: /Duplicate key "name"/,
    },
    {
      name: 'a duplicate nested key',
      body: '{"offsets":[{"partition":{"kafka_topic":"orders","kafka_topic":"x","kafka_partition":0},"offset":null}]}',
      mentions: /Duplicate key "kafka_topic" at \$\.offsets\[0\]\.partition\.kafka_topic/,
    },
    {
      name: 'a duplicate level',
      body: '{"level":"INFO","level":"DEBUG"}',
      mentions: /Duplicate key "level"/,
    },
    {
      name: 'a duplicate key differing only by escape',
      body: '{"topics":"a","\\u0074opics":"b"}',
      mentions: /Duplicate key "topics"/,
    },
    {
      name: `${REQUEST_LIMITS.maxDepth + 1} nested arrays`,
      body: nested(REQUEST_LIMITS.maxDepth + 1),
      mentions: /nests deeper than/,
    },
    { name: '100000 nested arrays', body: nested(100_000), mentions: /nests deeper than/ },
    {
      name: 'deep objects in a value',
      body: `{"topics":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
      mentions: /nests deeper than \d+ levels \(at \$\.topics(\.a)+\)/,
    },
    { name: 'an empty body', body: '', mentions: /empty/ },
    { name: 'a blank body', body: ' \n\t', mentions: /empty/ },
    { name: 'a trailing comma', body: '{"topics":"a",}', mentions: /not valid JSON/ },
    { name: 'a comment', body: '{"topics":"a"/* c */}', mentions: /not valid JSON/ },
    { name: 'single quotes', body: "{'topics':'a'}", mentions: /not valid JSON/ },
    { name: 'NaN', body: '{"topics":NaN}', mentions: /not valid JSON/ },
    { name: 'an unterminated string', body: '{"topics":"a', mentions: /not valid JSON/ },
    { name: 'a stray bracket', body: '{"topics":"a"]}', mentions: /not valid JSON/ },
    { name: 'two documents', body: '{} {}', mentions: /not valid JSON/ },
    { name: 'a raw control character', body: '{"topics":"a\u0001"}', mentions: /not valid JSON/ },
    { name: 'a bad escape', body: '{"topics":"\\x41"}', mentions: /not valid JSON/ },
    { name: 'a short unicode escape', body: '{"topics":"\\u12"}', mentions: /not valid JSON/ },
    { name: 'a bare string', body: '"orders"', mentions: /must be/ },
    { name: 'a number', body: '42', mentions: /must be/ },
    { name: 'null', body: 'null', mentions: /must be/ },
    { name: 'an array', body: '[]', mentions: /must be/ },
    {
      name: 'a body over the limit',
      body: configWith('"big"', JSON.stringify('x'.repeat(REQUEST_LIMITS.maxBodyBytes))),
      mentions: /larger than/,
    },
    {
      name: 'a 10 MB value',
      body: configWith('"big"', JSON.stringify('x'.repeat(10_000_000))),
      mentions: /larger than/,
    },
  );
  return cases;
}

const TOO_LONG = 'n'.repeat(10_000);
/** Path names no connector can have, percent-encoded as a client would send them. */
const BAD_NAMES: readonly [string, string, RegExp][] = [
  ['10,000 characters', TOO_LONG, /^404$/],
  ['1025 bytes', 'é'.repeat(513), /^404$/],
  ['NUL', '%00', /^404$/],
  ['a control character', 'a%1Fb', /^404$/],
  ['DEL', 'a%7F', /^404$/],
  ['C1 control', 'a%C2%85', /^404$/],
  ['an encoded surrogate', 'a%ED%A0%80', /^400$/],
  ['invalid percent-encoding', 'a%FF', /^400$/],
  ['unknown', 'nobody', /^404$/],
];
const LOOKUPS: readonly [string, (name: string) => string][] = [
  ['GET', (n) => `/connectors/${n}`],
  ['DELETE', (n) => `/connectors/${n}`],
  ['GET', (n) => `/connectors/${n}/config`],
  ['GET', (n) => `/connectors/${n}/status`],
  ['GET', (n) => `/connectors/${n}/tasks`],
  ['GET', (n) => `/connectors/${n}/tasks/0/status`],
  ['POST', (n) => `/connectors/${n}/tasks/0/restart`],
  ['POST', (n) => `/connectors/${n}/restart`],
  ['PUT', (n) => `/connectors/${n}/pause`],
  ['PUT', (n) => `/connectors/${n}/resume`],
  ['PUT', (n) => `/connectors/${n}/stop`],
  ['GET', (n) => `/connectors/${n}/offsets`],
  ['DELETE', (n) => `/connectors/${n}/offsets`],
];

/** Runs one bad request and checks the property. */
async function expectRefused(
  method: string,
  path: string,
  body: string | Uint8Array | undefined,
  status: RegExp,
  mentions?: RegExp,
  query = '',
) {
  const before = await snapshot();
  const reply = await send(method, path, body, query);
  const label = `${method} ${path.slice(0, 80)}${query}`;
  expect(String(reply.status), `${label} → ${reply.text.slice(0, 300)}`).toMatch(status);
  const error = JSON.parse(reply.text);
  expect(error).toEqual({ error_code: reply.status, message: expect.any(String) });
  if (mentions) expect(error.message, label).toMatch(mentions);
  expect(await snapshot(), `${label} changed the store or the offsets`).toBe(before);
}

describe('bad request bodies', () => {
  const cases = badBodies();
  it(`${cases.length} bodies × ${BODY_ENDPOINTS.length} endpoints answer a 4xx naming the problem and change nothing`, async () => {
    for (const [method, path] of BODY_ENDPOINTS) {
      for (const c of cases) {
        const status = /larger than/.test(String(c.mentions)) ? /^413$/ : /^400$/;
        // The loggers endpoint reads a level, not a config: only the reader's refusals apply to it as they are.
        const mentions =
          path.startsWith('/admin') && /must be/.test(String(c.mentions)) ? undefined : c.mentions;
        await expectRefused(method, path, c.body, status, mentions);
      }
    }
  });
});

describe('bad connector names in paths', () => {
  it(`${BAD_NAMES.length} names × ${LOOKUPS.length} lookups answer 404 (400 when not UTF-8) without reaching the store`, async () => {
    for (const [, name, status] of BAD_NAMES) {
      for (const [method, path] of LOOKUPS) await expectRefused(method, path(name), undefined, status);
    }
  });

  it('a PUT of a config under a bad name is a 400 about the name, nothing stored', async () => {
    for (const [, name] of BAD_NAMES.filter(([label]) => label !== 'unknown')) {
      await expectRefused('PUT', `/connectors/${name}/config`, CONFIG_JSON, /^400$/, /name|UTF-8/);
    }
  });

  it.each([
    ['.', /may not be \. or \.\./],
    ['..', /may not be \. or \.\./],
    [' ', /may not be empty/],
    ['a\u0000b', /control/],
    ['x'.repeat(1025), /at most 1024 bytes/],
    ['\ud800', /surrogate/],
  ])('POST /connectors refuses the name %j with a 400, nothing stored', async (name, mentions) => {
    const body = JSON.stringify({ name, config: CONFIG });
    await expectRefused('POST', '/connectors', body, /^400$/, mentions);
  });
});

describe('bad query flags and offsets', () => {
  it.each(['maybe', '2', '', 'yes', 'TRUE1'])(
    'restart refuses includeTasks=%j and onlyFailed=%j with a 400 naming the parameter',
    async (value) => {
      for (const flag of ['includeTasks', 'onlyFailed']) {
        const query = `?${flag}=${encodeURIComponent(value)}`;
        await expectRefused(
          'POST',
          '/connectors/running/restart',
          undefined,
          /^400$/,
          new RegExp(flag),
          query,
        );
      }
    },
  );

  const entry = (partition: string, offset = '{"kafka_offset":1}') =>
    `{"offsets":[{"partition":${partition},"offset":${offset}}]}`;
  it.each([
    [entry('{"kafka_topic":{"t":1},"kafka_partition":0}'), /kafka_topic/],
    [entry('{"kafka_topic":["orders"],"kafka_partition":0}'), /kafka_topic/],
    [entry('{"kafka_topic":"","kafka_partition":0}'), /may not be empty.*kafka_topic/],
    [entry('{"kafka_topic":"other","kafka_partition":0}'), /Topic other is not consumed.*kafka_topic/],
    [entry('{"kafka_topic":42,"kafka_partition":0}'), /Topic 42 is not consumed/],
    [entry('{"kafka_topic":"orders","kafka_partition":-1}'), /negative.*kafka_partition/],
    [entry('{"kafka_topic":"orders","kafka_partition":2147483648}'), /kafka_partition/],
    [entry('{"kafka_topic":"orders","kafka_partition":"0x1"}'), /kafka_partition/],
    [entry('{"kafka_topic":"orders","kafka_partition":0}', '{"kafka_offset":1e3}'), /kafka_offset/],
    [
      entry('{"kafka_topic":"orders","kafka_partition":0}', '{"kafka_offset":9007199254740993}'),
      /kafka_offset/,
    ],
    [entry('{"kafka_topic":"orders","kafka_partition":0}', '{"kafka_offset":[1]}'), /kafka_offset/],
    [entry('{"kafka_topic":"orders","kafka_partition":0}', '[]'), /offset/],
  ])('PATCH offsets of a stopped connector refuses %s before asking the broker', async (body, mentions) => {
    await expectRefused('PATCH', '/connectors/stopped/offsets', body, /^400$/, mentions);
  });

  it('a config that PATCHes grow past what the store keeps is refused at its largest value', async () => {
    const half = 'v'.repeat(REQUEST_LIMITS.maxConfigBytes / 2);
    expect((await send('PATCH', '/connectors/running/config', JSON.stringify({ first: half }))).status).toBe(
      200,
    );
    await expectRefused(
      'PATCH',
      '/connectors/running/config',
      JSON.stringify({ second: `${half}w` }),
      /^400$/,
      /configuration second: the config would take \d+ bytes/,
    );
    expect((await send('PATCH', '/connectors/running/config', '{"first":null}')).status).toBe(200);
  });
});

describe('after the corpus', () => {
  it('the worker keeps serving: the same connectors, and a good create works', async () => {
    expect(JSON.parse((await send('GET', '/connectors')).text).sort()).toEqual(['running', 'stopped']);
    expect(
      (await send('POST', '/connectors', JSON.stringify({ name: 'after', config: CONFIG }))).status,
    ).toBe(201);
  });
});
