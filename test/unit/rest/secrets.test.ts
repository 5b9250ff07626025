// Credentials never leave through the REST API's answers or its log: header values of
// aep.connection.endpoint.headers, a JAAS config under consumer.override., PASSWORD keys (the client secret, the proxy
// password) are `[hidden]` in validate, in 400 messages, in status traces and in every log line, whether the values
// are valid or not. (`GET /connectors/{c}/config` returns the config as submitted, as Connect does: keep secrets in
// `${provider:…}` placeholders.)
import { describe, expect, it } from 'vitest';
import { createConnectApp } from '../../../shared/rest/index.ts';
import { readmeConfig } from '../../support/connect-rest-contract.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';
import { InMemoryMappingRuntime, InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';
import { restTextClient } from '../../support/rest-client.ts';

const HEADER_TOKEN = 'hdr-5f1c9a7e-token';
const JAAS_PASSWORD = 'jaas-8d2b6c41-pass';
const CLIENT_SECRET = 'p8e-3a7f5d19-secret';
const PROXY_PASSWORD = 'proxy-6e4c2b80-pass';
const SECRETS = [HEADER_TOKEN, JAAS_PASSWORD, CLIENT_SECRET, PROXY_PASSWORD];

const JAAS = `org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="${JAAS_PASSWORD}";`;

/** A config carrying every kind of credential; `bad` makes each of them (or its neighbour) invalid. */
function secretConfig(bad = false): Record<string, string> {
  return {
    ...(Object.fromEntries(Object.entries(readmeConfig('orders')).map(([k, v]) => [k, String(v)])) as Record<
      string,
      string
    >),
    'aep.connection.endpoint.headers': bad
      ? `{"x-api-key": "${HEADER_TOKEN}", "x-bad": ` // not JSON
      : JSON.stringify({ 'x-api-key': HEADER_TOKEN }),
    'consumer.override.sasl.jaas.config': bad ? `${JAAS} trailing "` : JAAS,
    'consumer.override.sasl.mechanism': 'SCRAM-SHA-512',
    'consumer.override.security.protocol': 'SASL_SSL',
    'aep.connection.auth.enabled': 'true',
    'aep.connection.auth.client.id': 'client',
    'aep.connection.auth.client.code': 'code',
    'aep.connection.auth.client.secret': CLIENT_SECRET,
    'aep.connection.proxy.host': bad ? '' : 'proxy.corp',
    'aep.connection.proxy.user': 'proxy-user',
    'aep.connection.proxy.password': PROXY_PASSWORD,
    ...(bad && { 'tasks.max': 'x' }),
  };
}

function setup() {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      lines.push(`${level} ${message} ${extra.map((e) => JSON.stringify(e, errorFields)).join(' ')}`);
  const runtime = new InMemoryMappingRuntime();
  const app = createConnectApp({
    store: new InMemoryConnectorStore(),
    runtime,
    offsets: new InMemoryOffsets(),
    logger: { debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') },
  });
  const answers: string[] = [];
  const rest = restTextClient(app);
  const call = async (method: string, path: string, body?: unknown) => {
    const reply = await rest(method, path, body);
    answers.push(`${method} ${path} ${reply.status} ${reply.text}`);
    return reply;
  };
  const leaks = (texts: readonly string[]) =>
    texts.flatMap((text) =>
      SECRETS.filter((s) => text.includes(s)).map((s) => `${s} in: ${text.slice(0, 300)}`),
    );
  return { call, runtime, lines, answers, leaks };
}

/** Errors serialise with their message and cause, as a structured logger would print them. */
function errorFields(_key: string, value: unknown) {
  return value instanceof Error ? { message: value.message, cause: value.cause } : value;
}

describe('credentials in the REST API', () => {
  it('validate hides every credential, valid or not, and names the keys in error', async () => {
    const { call, answers, leaks } = setup();
    const valid = await call('PUT', '/connector-plugins/AEPSinkConnector/config/validate', secretConfig());
    expect(valid.status).toBe(200);
    const values = Object.fromEntries(
      JSON.parse(valid.text).configs.map((c: { value: { name: string; value: unknown } }) => [
        c.value.name,
        c.value.value,
      ]),
    );
    expect(values['aep.connection.endpoint.headers']).toBe('{"x-api-key":"[hidden]"}');
    expect(values['consumer.override.sasl.jaas.config']).toBe('[hidden]');
    expect(values['aep.connection.auth.client.secret']).toBe('[hidden]');
    expect(values['aep.connection.proxy.password']).toBe('[hidden]');

    const invalid = await call(
      'PUT',
      '/connector-plugins/AEPSinkConnector/config/validate',
      secretConfig(true),
    );
    expect(JSON.parse(invalid.text).error_count).toBeGreaterThan(0);
    expect(invalid.text).toContain('aep.connection.endpoint.headers');
    expect(leaks(answers)).toEqual([]);
  });

  it('create, PUT and PATCH refusals never quote a credential', async () => {
    const { call, answers, lines, leaks } = setup();
    expect((await call('POST', '/connectors', { name: 'bad', config: secretConfig(true) })).status).toBe(400);
    expect((await call('PUT', '/connectors/bad/config', secretConfig(true))).status).toBe(400);
    expect((await call('POST', '/connectors', { name: 'good', config: secretConfig() })).status).toBe(201);
    const patch = await call('PATCH', '/connectors/good/config', {
      'aep.connection.endpoint.headers': `{"x-api-key": ${HEADER_TOKEN}}`,
    });
    expect(patch.status).toBe(400);
    expect(patch.text).toContain('aep.connection.endpoint.headers');
    // The config itself is returned as submitted (as Connect does); every other answer and log line hides it.
    const config = answers.filter((a) => !/^(POST \/connectors 201|PATCH|PUT \/connectors\/good)/.test(a));
    expect(leaks(config)).toEqual([]);
    expect(leaks(lines)).toEqual([]);
  });

  it('status traces and the log hide a credential that a runtime failure quotes', async () => {
    const { call, runtime, lines, answers, leaks } = setup();
    expect((await call('POST', '/connectors', { name: 'good', config: secretConfig() })).status).toBe(201);
    answers.length = 0;
    runtime.failNext.apply.push(
      new Error(`SASL authentication failed for ${JAAS} via proxy ${PROXY_PASSWORD}`),
    );
    await call('PUT', '/connectors/good/pause');
    runtime.failTask('good', 0, `401 from AEP with x-api-key ${HEADER_TOKEN} and secret ${CLIENT_SECRET}`);
    const status = await call('GET', '/connectors/good/status');
    expect(JSON.parse(status.text).connector).toMatchObject({
      state: 'FAILED',
      trace: expect.stringContaining('[hidden]'),
    });
    await call('GET', '/connectors/good/tasks/0/status');
    await call('GET', '/connectors?expand=status');
    expect(leaks(answers)).toEqual([]);
    expect(lines.some((l) => l.includes('SASL authentication failed'))).toBe(true);
    expect(leaks(lines)).toEqual([]);
  });
});
