// The Kafka Connect REST contract as a client sees it: a scripted session (create → list → get → config → update →
// patch → status → tasks → pause → resume → stop → offsets → restarts → validate → delete → 404s) and the error
// cases, asserting Connect's status codes, JSON shapes and messages. One suite, run against every host: the API
// Gateway handler, Node's HTTP server, and (by the local worker) the real local runtime.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export interface ConnectRestHost {
  /** Sends a request to `path` (with its query) on this host. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface ConnectRestContractOptions {
  readonly newHost: () => Promise<ConnectRestHost>;
  /** A topic the host's runtime can read (default: a fresh random name). */
  readonly topic?: () => Promise<string>;
  /**
   * Polling for states that settle asynchronously in a real runtime (tasks joining their group, restarts). The
   * default, one attempt, asserts at once, as the in-memory runtime settles synchronously.
   */
  readonly settle?: { readonly attempts: number; readonly delayMs: number };
  /**
   * How many tasks the host's runtime runs for a (stored) config. Default: one per topic, as the Lambda ESM runtime
   * does (task i is the ESM of topics[i]); the local worker runs `tasks.max` consumers.
   */
  readonly expectedTasks?: (config: Readonly<Record<string, string>>) => number;
  /** `aep.endpoint` of the connectors the suite creates (default: the README's Adobe endpoint). */
  readonly endpoint?: string;
  /**
   * Produces a record to a topic, for hosts whose runtime lists a topic only once a task consumed from it (the local
   * worker, as Connect); without it the topics are expected at once (the mappings' topics, as on Lambda).
   */
  readonly produce?: (topic: string) => Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;
}

const AEP_CLASS = 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector';

/** The Adobe README's connector config (numbers as JSON numbers, as the README writes them). */
export function readmeConfig(topic: string): Record<string, string | number> {
  return {
    'connector.class': AEP_CLASS,
    topics: topic,
    'tasks.max': 1,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'aep.endpoint':
      'https://dcs.adobedc.net/collection/5f3a2c1b9d8e4f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
    'aep.flush.interval.seconds': 1,
    'aep.flush.bytes.kb': 4,
  };
}

/**
 * The endpoints that read a body, on the connectors `running` (STARTED) and `stopped` (STOPPED) that the REST fuzz
 * and corpus tests create first; `fresh` does not exist.
 */
export const BODY_ENDPOINTS: readonly (readonly [method: string, path: string])[] = [
  ['POST', '/connectors'],
  ['PUT', '/connectors/running/config'],
  ['PUT', '/connectors/fresh/config'],
  ['PATCH', '/connectors/running/config'],
  ['PATCH', '/connectors/stopped/offsets'],
  ['PUT', '/connector-plugins/AEPSinkConnector/config/validate'],
  ['PUT', '/admin/loggers/some.logger'],
];

/** The config as Connect stores it: every value a string, `name` added. */
function stored(name: string, config: Record<string, string | number>): Record<string, string> {
  return { ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])), name };
}

const errorBody = (status: number, message: string) => ({ error_code: status, message });

/** One task per topic (a Lambda event source mapping per topic). */
const taskPerTopic = (config: Readonly<Record<string, string>>) =>
  (config.topics ?? '').split(',').filter((t) => t.trim() !== '').length;

/** `[f(0), …, f(n-1)]`. */
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

export function runConnectRestContract(options: ConnectRestContractOptions): void {
  const settle = options.settle ?? { attempts: 1, delayMs: 0 };
  const newTopic = options.topic ?? (async () => `topic-${randomUUID()}`);
  const expectedTasks = options.expectedTasks ?? taskPerTopic;
  const suiteConfig = (topic: string) => ({
    ...readmeConfig(topic),
    ...(options.endpoint !== undefined && { 'aep.endpoint': options.endpoint }),
  });
  let host: ConnectRestHost;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept?: string,
  ) => {
    const init: RequestInit = { method };
    const headers: Record<string, string> = accept ? { accept } : {};
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = contentType;
    }
    init.headers = headers;
    const response = await host.fetch(path, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, text, body: parsed } as Reply;
  };
  /** Polls until `check` passes (real runtimes settle asynchronously); bounded by `settle`. */
  const eventually = async (check: () => Promise<void>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await check();
      } catch (e) {
        if (attempt >= settle.attempts) throw e;
        await new Promise((r) => setTimeout(r, settle.delayMs));
      }
    }
  };
  const state = async (name: string) =>
    ((await call('GET', `/connectors/${name}/status`)).body as { connector: { state: string } }).connector
      .state;
  const taskStates = async (name: string) =>
    ((await call('GET', `/connectors/${name}/status`)).body as { tasks: { state: string }[] }).tasks.map(
      (t) => t.state,
    );

  beforeAll(async () => {
    host = await options.newHost();
  });
  afterAll(async () => {
    await host?.close();
  });

  describe('Connect REST contract', () => {
    it('serves a whole client session with Connect status codes, shapes and messages', async () => {
      const name = `aep-sink-${randomUUID()}`;
      const topic = await newTopic();
      const config = suiteConfig(topic);

      const root = await call('GET', '/');
      expect(root.status).toBe(200);
      expect(root.body).toEqual({
        version: '4.1.1',
        commit: expect.any(String),
        kafka_cluster_id: expect.any(String),
      });
      // Every resource produces JSON only: a browser's Accept works, one without JSON is refused.
      expect(await call('GET', '/', undefined, undefined, 'text/html')).toMatchObject({
        status: 406,
        body: errorBody(406, 'HTTP 406 Not Acceptable'),
      });
      expect(
        (await call('GET', '/connectors', undefined, undefined, 'text/html,application/xhtml+xml,*/*;q=0.8'))
          .status,
      ).toBe(200);
      expect(await call('GET', '/health')).toMatchObject({
        status: 200,
        body: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' },
      });

      // Create, then the same name again.
      const created = await call('POST', '/connectors', { name, config });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toMatch(new RegExp(`^https?://.+/connectors/${name}$`));
      // Connect answers before the tasks are assigned: a new connector lists none yet.
      expect(created.body).toEqual({ name, config: stored(name, config), tasks: [], type: 'sink' });
      expect(await call('POST', '/connectors', { name, config })).toMatchObject({
        status: 409,
        body: errorBody(409, `Connector ${name} already exists`),
      });

      // List, with both expansions (repeated query parameter), one, and the comma form Connect does not split.
      const list = await call('GET', '/connectors');
      expect(list.status).toBe(200);
      expect(list.body).toContain(name);
      const both = await call('GET', '/connectors?expand=status&expand=info');
      expect(both.status).toBe(200);
      expect((both.body as Record<string, unknown>)[name]).toEqual({
        status: {
          name,
          connector: {
            state: expect.any(String),
            worker_id: expect.any(String),
            version: expect.any(String),
          },
          tasks: expect.any(Array),
          type: 'sink',
        },
        info: { name, config: stored(name, config), tasks: expect.any(Array), type: 'sink' },
      });
      const statusOnly = (await call('GET', '/connectors?expand=status')).body as Record<string, object>;
      expect(Object.keys(statusOnly[name] ?? {})).toEqual(['status']);
      expect(
        ((await call('GET', '/connectors?expand=status,info')).body as Record<string, object>)[name],
      ).toEqual({});

      // Read it back: the config verbatim, values as strings.
      expect(await call('GET', `/connectors/${name}`)).toMatchObject({
        status: 200,
        body: { name, config: stored(name, config), tasks: [{ connector: name, task: 0 }], type: 'sink' },
      });
      expect(await call('GET', `/connectors/${name}/config`)).toMatchObject({
        status: 200,
        body: stored(name, config),
      });

      // Update with PUT (200), create with PUT (201), and refuse a name that differs from the URL's.
      const updatedConfig = { ...stored(name, config), 'esm.batch.size': '500', 'tasks.max': '2' };
      const updated = await call('PUT', `/connectors/${name}/config`, updatedConfig);
      expect(updated).toMatchObject({ status: 200, body: { name, config: updatedConfig, type: 'sink' } });
      expect(updated.headers.get('location')).toBeNull();
      const other = `${name}-put`;
      const putCreated = await call('PUT', `/connectors/${other}/config`, suiteConfig(topic));
      expect(putCreated.status).toBe(201);
      expect(putCreated.body).toMatchObject({ name: other, tasks: [] });
      expect(putCreated.headers.get('location')).toMatch(new RegExp(`/connectors/${other}$`));
      expect(
        await call('PUT', `/connectors/${other}/config`, { ...suiteConfig(topic), name: 'elsewhere' }),
      ).toMatchObject({
        status: 400,
        body: errorBody(
          400,
          `Connector name configuration (elsewhere) doesn't match connector name in the URL (${other})`,
        ),
      });

      // PATCH: null removes a key, other values are set.
      const patched = await call('PATCH', `/connectors/${name}/config`, {
        'esm.batch.size': null,
        'tasks.max': '3',
      });
      const { 'esm.batch.size': _removed, ...withoutBatch } = updatedConfig;
      expect(patched).toMatchObject({
        status: 200,
        body: { name, config: { ...withoutBatch, 'tasks.max': '3' } },
      });
      expect((await call('GET', `/connectors/${name}/config`)).body).toEqual({
        ...withoutBatch,
        'tasks.max': '3',
      });

      // Status and tasks.
      const taskCount = expectedTasks({ ...withoutBatch, 'tasks.max': '3' });
      const allRunning = times(taskCount, () => 'RUNNING');
      await eventually(async () => {
        expect(await state(name)).toBe('RUNNING');
        expect(await taskStates(name)).toEqual(allRunning);
      });
      const status = await call('GET', `/connectors/${name}/status`);
      expect(status.status).toBe(200);
      // KIP-891: the connector plugin's version on the connector and on each task.
      const version = expect.stringMatching(/^\d+\.\d+\.\d+/);
      expect(status.body).toEqual({
        name,
        connector: { state: 'RUNNING', worker_id: expect.any(String), version },
        tasks: times(taskCount, (id) => ({ id, state: 'RUNNING', worker_id: expect.any(String), version })),
        type: 'sink',
      });
      const tasks = await call('GET', `/connectors/${name}/tasks`);
      expect(tasks.status).toBe(200);
      expect(tasks.body).toEqual(
        times(taskCount, (task) => ({
          id: { connector: name, task },
          config: expect.objectContaining({ 'connector.class': AEP_CLASS, topics: topic }),
        })),
      );
      expect(await call('GET', `/connectors/${name}/tasks/0/status`)).toMatchObject({
        status: 200,
        body: { id: 0, state: 'RUNNING', worker_id: expect.any(String) },
      });
      expect(await call('GET', `/connectors/${name}/tasks/7/status`)).toMatchObject({
        status: 404,
        body: errorBody(404, `No status found for task ${name}-7`),
      });
      expect(await call('GET', `/connectors/${name}/tasks/zero/status`)).toMatchObject({
        status: 404,
        body: errorBody(404, 'HTTP 404 Not Found'),
      });

      // Pause and resume: 202 with no body, idempotent.
      for (let i = 0; i < 2; i++)
        expect(await call('PUT', `/connectors/${name}/pause`)).toMatchObject({ status: 202, text: '' });
      await eventually(async () => {
        expect(await state(name)).toBe('PAUSED');
        expect(await taskStates(name)).toEqual(times(taskCount, () => 'PAUSED'));
      });
      expect(await call('PUT', `/connectors/${name}/resume`)).toMatchObject({ status: 202, text: '' });
      await eventually(async () => {
        expect(await state(name)).toBe('RUNNING');
        expect(await taskStates(name)).toEqual(allRunning);
      });

      // Offsets: readable while running, changeable only when STOPPED.
      expect(await call('GET', `/connectors/${name}/offsets`)).toMatchObject({
        status: 200,
        body: { offsets: expect.any(Array) },
      });
      const alter = {
        offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 5 } }],
      };
      const notStopped = `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`;
      expect(await call('PATCH', `/connectors/${name}/offsets`, alter)).toMatchObject({
        status: 400,
        body: errorBody(400, notStopped),
      });
      expect(await call('DELETE', `/connectors/${name}/offsets`)).toMatchObject({
        status: 400,
        body: errorBody(400, notStopped),
      });

      expect(await call('PUT', `/connectors/${name}/stop`)).toMatchObject({ status: 204, text: '' });
      await eventually(async () =>
        expect((await call('GET', `/connectors/${name}/status`)).body).toMatchObject({
          connector: { state: 'STOPPED' },
          tasks: [],
        }),
      );
      expect((await call('GET', `/connectors/${name}`)).body).toMatchObject({ tasks: [] });
      expect(await call('PATCH', `/connectors/${name}/offsets`, alter)).toMatchObject({
        status: 200,
        body: {
          message:
            'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.',
        },
      });
      expect((await call('GET', `/connectors/${name}/offsets`)).body).toEqual({
        offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 5 } }],
      });
      expect(await call('DELETE', `/connectors/${name}/offsets`)).toMatchObject({
        status: 200,
        body: {
          message:
            'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.',
        },
      });
      expect((await call('GET', `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
      expect(await call('PUT', `/connectors/${name}/resume`)).toMatchObject({ status: 202 });
      await eventually(async () => {
        expect(await state(name)).toBe('RUNNING');
        expect(await taskStates(name)).toEqual(allRunning);
      });

      // Restarts: 204 for the connector alone, 202 with the plan otherwise.
      expect(await call('POST', `/connectors/${name}/restart`)).toMatchObject({ status: 204, text: '' });
      expect(await call('POST', `/connectors/${name}/restart?includeTasks=true`)).toMatchObject({
        status: 202,
        body: {
          name,
          connector: { state: 'RESTARTING' },
          tasks: times(taskCount, (id) => ({ id, state: 'RESTARTING' })),
          type: 'sink',
        },
      });
      // Restarted tasks rejoin their group before they run again.
      await eventually(async () => expect(await taskStates(name)).toEqual(allRunning));
      expect(
        await call('POST', `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`),
      ).toMatchObject({
        status: 202,
        body: {
          connector: { state: 'RUNNING' },
          tasks: times(taskCount, (id) => ({ id, state: 'RUNNING' })),
        },
      });
      expect(await call('POST', `/connectors/${name}/tasks/0/restart`)).toMatchObject({
        status: 204,
        text: '',
      });
      await eventually(async () => expect(await taskStates(name)).toEqual(allRunning));
      expect(await call('POST', `/connectors/${name}/tasks/9/restart`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Unknown task: ${name}-9`),
      });

      // Topics: where the runtime tracks consumption (as Connect does), a topic is listed once a task read from it,
      // and reset forgets it; otherwise the topics are the mappings' own.
      const topics = async () => (await call('GET', `/connectors/${name}/topics`)).body;
      if (options.produce) {
        expect(await topics()).toEqual({ [name]: { topics: [] } });
        await options.produce(topic);
      }
      await eventually(async () => expect(await topics()).toEqual({ [name]: { topics: [topic] } }));
      expect(await call('PUT', `/connectors/${name}/topics/reset`)).toMatchObject({ status: 202, text: '' });
      if (options.produce) expect(await topics()).toEqual({ [name]: { topics: [] } });
      expect(await call('PUT', '/connectors/nobody/topics/reset')).toMatchObject({ status: 202 });
      expect(await call('GET', '/connectors/nobody/topics')).toMatchObject({
        status: 200,
        body: { nobody: { topics: [] } },
      });

      // Plugins and validation.
      const plugins = await call('GET', '/connector-plugins');
      expect(plugins.status).toBe(200);
      expect(plugins.body).toContainEqual({ class: AEP_CLASS, type: 'sink', version: expect.any(String) });
      expect(
        (plugins.body as { type: string }[]).every((p) => p.type === 'sink' || p.type === 'source'),
      ).toBe(true);
      const keys = await call('GET', '/connector-plugins/AEPSink/config');
      expect(keys.status).toBe(200);
      expect(keys.body).toContainEqual(
        expect.objectContaining({
          name: 'tasks.max',
          type: 'INT',
          required: false,
          default_value: '1',
          order: 4,
        }),
      );
      // KIP-891 (Connect 4.1): the connector's version, defaulting to the plugin's.
      const pluginVersion = (plugins.body as { class: string; version: string }[]).find(
        (p) => p.class === AEP_CLASS,
      )?.version;
      expect(keys.body).toContainEqual(
        expect.objectContaining({
          name: 'connector.plugin.version',
          type: 'STRING',
          default_value: pluginVersion,
          order: 3,
        }),
      );
      const good = await call(
        'PUT',
        '/connector-plugins/AEPSinkConnector/config/validate',
        stored(name, config),
      );
      expect(good).toMatchObject({
        status: 200,
        body: { name: AEP_CLASS, error_count: 0, groups: expect.arrayContaining(['Common']) },
      });
      const { topics: _t, ...noTopics } = stored(name, config);
      const bad = await call('PUT', '/connector-plugins/AEPSinkConnector/config/validate', noTopics);
      expect(bad).toMatchObject({ status: 200, body: { error_count: 2 } });
      const topicsInfo = (
        bad.body as { configs: { value: { name: string; errors: string[] } | null }[] }
      ).configs.find((c) => c.value?.name === 'topics');
      expect(topicsInfo?.value?.errors).toEqual(['Must configure one of topics or topics.regex']);

      // Delete, then everything about it is gone with Connect's various messages.
      expect(await call('DELETE', `/connectors/${name}`)).toMatchObject({ status: 204, text: '' });
      expect(await call('DELETE', `/connectors/${other}`)).toMatchObject({ status: 204 });
      expect(await call('GET', `/connectors/${name}`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Connector ${name} not found`),
      });
      expect(await call('GET', `/connectors/${name}/config`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Connector ${name} not found`),
      });
      expect(await call('GET', `/connectors/${name}/status`)).toMatchObject({
        status: 404,
        body: errorBody(404, `No status found for connector ${name}`),
      });
      expect(await call('GET', `/connectors/${name}/offsets`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Connector ${name} not found`),
      });
      expect(await call('DELETE', `/connectors/${name}`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Connector ${name} not found`),
      });
      expect(await call('PUT', `/connectors/${name}/pause`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Unknown connector ${name}`),
      });
      expect(await call('POST', `/connectors/${name}/restart`)).toMatchObject({
        status: 404,
        body: errorBody(404, `Unknown connector: ${name}`),
      });
      expect(await call('PATCH', `/connectors/${name}/config`, { 'tasks.max': '1' })).toMatchObject({
        status: 404,
        body: errorBody(404, `Connector ${name} not found`),
      });
      expect((await call('GET', '/connectors')).body).not.toContain(name);
    });

    it('creates a connector in the initial state asked for', async () => {
      const topic = await newTopic();
      for (const [initial, expected] of [
        ['paused', 'PAUSED'],
        ['STOPPED', 'STOPPED'],
      ] as const) {
        const name = `initial-${randomUUID()}`;
        const reply = await call('POST', '/connectors', {
          name,
          config: suiteConfig(topic),
          initial_state: initial,
        });
        expect(reply.status).toBe(201);
        await eventually(async () => expect(await state(name)).toBe(expected));
        expect(await call('DELETE', `/connectors/${name}`)).toMatchObject({ status: 204 });
      }
    });

    it('answers invalid configs with the aggregated 400 and creates nothing', async () => {
      const name = `invalid-${randomUUID()}`;
      const reply = await call('POST', '/connectors', {
        name,
        config: {
          ...suiteConfig('a'),
          'connector.class': 'AEPSink',
          'topics.regex': 'b.*',
          'tasks.max': 'many',
        },
      });
      expect(reply).toMatchObject({
        status: 400,
        body: errorBody(
          400,
          [
            'Connector configuration is invalid and contains the following 4 error(s):',
            'Invalid value many for configuration tasks.max: Not a number of type INT',
            'Invalid value null for configuration tasks.max: Value must be non-null',
            'topics and topics.regex are mutually exclusive options, but both are set.',
            'topics and topics.regex are mutually exclusive options, but both are set.',
            'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
          ].join('\n'),
        ),
      });
      expect(await call('GET', `/connectors/${name}`)).toMatchObject({ status: 404 });
      const missingName = await call('POST', '/connectors', { config: suiteConfig('t') });
      expect(missingName).toMatchObject({ status: 400 });
      expect((missingName.body as { message: string }).message).toContain(
        'Invalid value  for configuration name: String may not be empty',
      );
      expect(await call('POST', '/connectors', { name, config: { topics: 't' } })).toMatchObject({
        status: 400,
        body: errorBody(400, `Connector config {topics=t, name=${name}} contains no connector type`),
      });
    });

    it('answers unknown paths 404, wrong methods 405, other media types 415 and malformed JSON 400', async () => {
      expect(await call('GET', '/nope')).toMatchObject({
        status: 404,
        body: errorBody(404, 'HTTP 404 Not Found'),
      });
      expect(await call('GET', '/connectors/x/tasks-config')).toMatchObject({
        status: 404,
        body: errorBody(404, 'HTTP 404 Not Found'),
      });
      const wrong = await call('DELETE', '/connector-plugins');
      expect(wrong).toMatchObject({ status: 405, body: errorBody(405, 'HTTP 405 Method Not Allowed') });
      expect(wrong.headers.get('allow')).toBe('GET');
      expect(await call('POST', '/connectors', 'name=x', 'application/x-www-form-urlencoded')).toMatchObject({
        status: 415,
        body: errorBody(415, 'HTTP 415 Unsupported Media Type'),
      });
      const malformed = await call('POST', '/connectors', '{"name": "x", "config": {');
      expect(malformed.status).toBe(400);
      expect((malformed.body as { message: string }).message).toMatch(/^Request body is not valid JSON: /);
      expect(await call('POST', '/connectors', { name: 'x', config: {}, extra: 1 })).toMatchObject({
        status: 400,
        body: errorBody(
          400,
          'Unrecognized field "extra" at $.extra: a create request has name, config and initial_state',
        ),
      });
      expect(await call('PUT', '/connectors/x/config', { topics: ['a'] })).toMatchObject({
        status: 400,
        body: errorBody(400, '$.topics must be a string (or null), not an array'),
      });
    });

    it('keeps names with spaces, slashes and unicode intact in URLs', async () => {
      const name = `ünï cödé/${randomUUID()}`;
      const path = `/connectors/${encodeURIComponent(name)}`;
      const created = await call('POST', '/connectors', { name, config: suiteConfig(await newTopic()) });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toMatch(
        new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      );
      expect(await call('GET', path)).toMatchObject({ status: 200, body: { name } });
      expect(await call('DELETE', path)).toMatchObject({ status: 204 });
    });

    it('reads and sets logger levels like Connect', async () => {
      expect(await call('GET', '/admin/loggers')).toMatchObject({
        status: 200,
        body: { root: { level: expect.any(String) } },
      });
      expect(await call('PUT', '/admin/loggers/root', { level: 'debug' })).toMatchObject({
        status: 200,
        body: ['root'],
      });
      expect(await call('GET', '/admin/loggers/root')).toMatchObject({
        status: 200,
        body: { level: 'DEBUG', last_modified: expect.any(Number) },
      });
      expect(await call('PUT', '/admin/loggers/root', { level: 'LOUD' })).toMatchObject({
        status: 404,
        body: errorBody(404, "invalid log level 'LOUD'."),
      });
      expect(await call('PUT', '/admin/loggers/root', {})).toMatchObject({
        status: 400,
        body: errorBody(400, "Desired 'level' parameter was not specified in request."),
      });
      expect(await call('GET', '/admin/loggers/no.such.logger')).toMatchObject({
        status: 404,
        body: errorBody(404, 'Logger no.such.logger not found.'),
      });
      expect(await call('PUT', '/admin/loggers/root?scope=cluster', { level: 'INFO' })).toMatchObject({
        status: 204,
      });
    });

    it('lists plugins and validates framework keys as Kafka Connect 4.1 does', async () => {
      const all = (await call('GET', '/connector-plugins?connectorsOnly=false')).body as {
        class: string;
        type: string;
      }[];
      const converters = all.filter((p) => p.type === 'converter').map((p) => p.class);
      for (const type of ['Boolean', 'Double', 'Float', 'Integer', 'Long', 'Short']) {
        expect(converters).toContain(`org.apache.kafka.connect.converters.${type}Converter`);
      }
      const infos = (
        await call('PUT', '/connector-plugins/AEPSinkConnector/config/validate', {
          ...stored('v', suiteConfig('t')),
          'tasks.max': 'abc',
          'consumer.override.sasl.jaas.config':
            'org.apache.kafka.common.security.plain.PlainLoginModule required;',
          'value.converter.plugin.version': '[9.0,10.0)',
        })
      ).body as {
        error_count: number;
        configs: { definition: Record<string, unknown> | null; value: Record<string, unknown> }[];
      };
      const info = (key: string) => infos.configs.find((c) => c.value.name === key);
      expect(info('tasks.max')?.value).toMatchObject({
        value: null,
        errors: [
          'Invalid value abc for configuration tasks.max: Not a number of type INT',
          'Invalid value null for configuration tasks.max: Value must be non-null',
        ],
      });
      expect(info('key.converter')?.value.recommended_values).toEqual([...converters].sort());
      expect(info('consumer.override.sasl.jaas.config')).toMatchObject({
        definition: { type: 'PASSWORD', importance: 'MEDIUM', display_name: 'sasl.jaas.config' },
        value: { value: '[hidden]', errors: [] },
      });
      const versionError =
        'Plugin org.apache.kafka.connect.json.JsonConverter not found that matches the version range [9.0,10.0), available versions: [4.1.1, 4.1.1]';
      expect(info('value.converter.plugin.version')?.value).toMatchObject({
        value: '[9.0,10.0)',
        recommended_values: ['4.1.1'],
        errors: [versionError],
      });
      expect(info('value.converter')?.value.errors).toEqual([versionError]);
      expect(infos.error_count).toBe(4);
    });

    it('refuses a validate body whose connector.class is another plugin', async () => {
      expect(
        await call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
          'connector.class': AEP_CLASS,
        }),
      ).toMatchObject({
        status: 400,
        body: errorBody(
          400,
          `Included connector type ${AEP_CLASS} does not match request type FileStreamSink`,
        ),
      });
      expect(await call('GET', '/connector-plugins/Nope/config')).toMatchObject({
        status: 404,
        body: errorBody(404, 'Unknown plugin Nope.'),
      });
    });
  });
}
