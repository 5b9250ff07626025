// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Connect config-provider placeholders are literal ${...} text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import {
  type ConnectorConfigSnapshot,
  createSinkHandler,
  deliveryMargin,
  redactConfig,
  StaticConfigSource,
} from '../../../shared/sink/index.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { kafkaEvent } from '../../support/records.ts';
import { RecordingLogger, ScriptedSender } from '../../support/sink-doubles.ts';

const CONFIG = {
  name: 'aep',
  'connector.class': 'AEPSinkConnector',
  'aep.connection.auth.client.secret': 's3cret-value',
};

/** A config source whose answers a test changes. */
function source(initial: ConnectorConfigSnapshot) {
  let current = initial;
  return {
    set(next: ConnectorConfigSnapshot) {
      current = next;
    },
    get: async () => current,
  };
}

/** A sink handler whose senders are scripted, each kept in the order the handler built it. */
function handlerRecordingSenders(configs: ReturnType<typeof source>) {
  const senders: ScriptedSender[] = [];
  const handler = createSinkHandler({
    configSource: configs,
    createSender: () => {
      const sender = new ScriptedSender();
      senders.push(sender);
      return sender;
    },
  });
  return { handler, senders };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createSinkHandler', () => {
  it('builds a connector’s task once per config version and closes the old one', async () => {
    const configs = source({ name: 'aep', config: CONFIG, version: 1 });
    const { handler, senders } = handlerRecordingSenders(configs);
    const event = kafkaEvent({ count: 2 });

    await handler(event, lambdaContext());
    await handler(event, lambdaContext());
    configs.set({ name: 'aep', config: { ...CONFIG, 'errors.tolerance': 'all' }, version: 2 });
    await handler(event, lambdaContext());

    expect(senders.map((s) => s.sent.length)).toEqual([4, 2]);
    await expect.poll(() => senders[0]?.closed).toBe(true);
    expect(senders[1]?.closed).toBe(false);
  });

  it('closes the task of a connector no invocation used for a while (deleted or stopped), releasing its sender', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const senders = new Map<string, ScriptedSender>();
    const configs = source({ name: 'gone', config: { ...CONFIG, name: 'gone' }, version: 1 });
    const handler = createSinkHandler({
      configSource: configs,
      createSender: (config) => {
        const sender = new ScriptedSender();
        senders.set(config.name as string, sender);
        return sender;
      },
    });
    const event = kafkaEvent({ count: 1 });

    await handler(event, lambdaContext());
    configs.set({ name: 'live', config: { ...CONFIG, name: 'live' }, version: 1 });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await handler(event, lambdaContext());
    expect(senders.get('gone')?.closed).toBe(false);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await handler(event, lambdaContext());

    await expect.poll(() => senders.get('gone')?.closed).toBe(true);
    expect(senders.get('live')?.closed).toBe(false);
  });

  it('closes every connector’s task when the host shuts down (close), and builds afresh if invoked again', async () => {
    const configs = source({ name: 'a', config: { ...CONFIG, name: 'a' }, version: 1 });
    const { handler, senders } = handlerRecordingSenders(configs);
    const event = kafkaEvent({ count: 1 });
    await handler(event, lambdaContext());
    configs.set({ name: 'b', config: { ...CONFIG, name: 'b' }, version: 1 });
    await handler(event, lambdaContext());

    await handler.close();
    expect(senders.map((s) => s.closed)).toEqual([true, true]);
    await handler(event, lambdaContext());
    expect(senders.map((s) => s.closed)).toEqual([true, true, false]);
  });

  it('stops delivery before the Lambda timeout, keeping a margin for the dead letter queue and the answer', async () => {
    const sender = new ScriptedSender();
    const handler = createSinkHandler({
      configSource: source({ name: 'aep', config: CONFIG, version: 1 }),
      createSender: () => sender,
    });

    const before = Date.now();
    await handler(kafkaEvent({ count: 1 }), lambdaContext({ timeoutMs: 60_000 }));

    const { deadline, signal } = sender.options[0] ?? {};
    expect(deadline).toBeGreaterThanOrEqual(before + 60_000 - 6_000 - 50);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 60_000 - 6_000);
    expect(signal?.aborted).toBe(false);
  });

  it('fails an invocation with a bad config without caching it, so the fixed config applies next time', async () => {
    const configs = source({ name: 'aep', config: { ...CONFIG, 'errors.tolerance': 'maybe' }, version: 1 });
    const handler = createSinkHandler({ configSource: configs, createSender: () => new ScriptedSender() });

    await expect(handler(kafkaEvent({ count: 1 }), lambdaContext())).rejects.toThrow(ConfigErrors);
    await expect(handler(kafkaEvent({ count: 1 }), lambdaContext())).rejects.toThrow('errors.tolerance');
    configs.set({ name: 'aep', config: CONFIG, version: 2 });
    await expect(handler(kafkaEvent({ count: 1 }), lambdaContext())).resolves.toBeUndefined();
  });

  it('logs the config it starts with, secrets hidden', async () => {
    const logger = new RecordingLogger();
    const handler = createSinkHandler({
      configSource: source({ name: 'aep', config: CONFIG, version: 3 }),
      createSender: () => new ScriptedSender(),
      logger,
    });

    await handler(kafkaEvent({ count: 1 }), lambdaContext());

    const index = logger.lines.indexOf('info: Starting connector aep (config version 3)');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(logger.attributes[index])).toContain(
      '"aep.connection.auth.client.secret":"[hidden]"',
    );
    expect(JSON.stringify(logger)).not.toContain('s3cret-value');
  });
});

describe('deliveryMargin', () => {
  it.each([
    [60_000, 6_000],
    [900_000, 30_000],
    [5_000, 1_000],
    [1_000, 500],
  ])('keeps back part of %i ms', (remaining, margin) => {
    expect(deliveryMargin(remaining)).toBe(margin);
  });
});

describe('redactConfig', () => {
  it('hides values of keys that hold secrets, whatever their value', () => {
    expect(
      redactConfig({
        'aep.connection.proxy.password': 'p',
        'aep.connection.auth.client.code': 'c',
        'producer.override.sasl.jaas.config': 'PlainLoginModule required username="u" password="p";',
        'aep.connection.auth.token': '${secretsmanager:aep/token}',
        topics: 'orders',
      }),
    ).toEqual({
      'aep.connection.proxy.password': '[hidden]',
      'aep.connection.auth.client.code': '[hidden]',
      'producer.override.sasl.jaas.config': '[hidden]',
      'aep.connection.auth.token': '[hidden]',
      topics: 'orders',
    });
  });
});

describe('redactConfig and extra headers', () => {
  it('hides the values of aep.connection.endpoint.headers, which may carry a bearer token or an API key', () => {
    const redacted = redactConfig({
      'aep.connection.endpoint.headers':
        '{"Authorization":"Bearer eyJ-static-token","x-api-key":"api-key-value","x-adobe-flow-id":"f1"}',
    });
    expect(JSON.stringify(redacted)).not.toMatch(/eyJ-static-token|api-key-value/);
    expect(JSON.parse(redacted['aep.connection.endpoint.headers'] as string)).toEqual({
      Authorization: '[hidden]',
      'x-api-key': '[hidden]',
      'x-adobe-flow-id': '[hidden]',
    });
    expect(redactConfig({ 'aep.connection.endpoint.headers': '{not json token=abc' })).toEqual({
      'aep.connection.endpoint.headers': '[hidden]',
    });
  });
});

describe('StaticConfigSource', () => {
  const context = lambdaContext();

  it.each([
    [
      'a POST /connectors body',
      '{"name":"aep","config":{"connector.class":"AEPSinkConnector","tasks.max":1,"aep.connection.auth.enabled":true}}',
    ],
    [
      'a flat config map',
      '{"name":"aep","connector.class":"AEPSinkConnector","tasks.max":"1","aep.connection.auth.enabled":"true"}',
    ],
  ])('reads CONNECTOR_CONFIG as %s, scalars as strings', async (_case, json) => {
    const snapshot = await new StaticConfigSource({ env: { CONNECTOR_CONFIG: json } }).get(context);

    expect(snapshot).toEqual({
      name: 'aep',
      version: 1,
      config: {
        name: 'aep',
        'connector.class': 'AEPSinkConnector',
        'tasks.max': '1',
        'aep.connection.auth.enabled': 'true',
      },
    });
  });

  it.each([
    [
      'aep.properties',
      'name=aep\nconnector.class=AEPSinkConnector\naep.endpoint=https://dcs.adobedc.net/collection/x\n',
    ],
    [
      'aep.json',
      '{"name":"aep","config":{"connector.class":"AEPSinkConnector","aep.endpoint":"https://dcs.adobedc.net/collection/x"}}',
    ],
  ])('reads CONNECTOR_CONFIG_FILE %s', async (file, text) => {
    const path = join(mkdtempSync(join(tmpdir(), 'sink-config-')), file);
    writeFileSync(path, text);

    const snapshot = await new StaticConfigSource({ env: { CONNECTOR_CONFIG_FILE: path } }).get(context);

    expect(snapshot.config).toEqual({
      name: 'aep',
      'connector.class': 'AEPSinkConnector',
      'aep.endpoint': 'https://dcs.adobedc.net/collection/x',
    });
  });

  it('resolves config provider placeholders', async () => {
    const source = new StaticConfigSource({
      env: { CONNECTOR_CONFIG: '{"name":"aep","aep.connection.auth.client.secret":"${vault:aep}"}' },
      providers: { vault: { get: async (reference) => `secret-of-${reference}` } },
    });

    expect((await source.get(context)).config['aep.connection.auth.client.secret']).toBe('secret-of-aep');
  });

  it.each([
    [{}, 'Neither CONNECTOR_CONFIG nor CONNECTOR_CONFIG_FILE is set'],
    [{ CONNECTOR_CONFIG: '{"name":' }, 'CONNECTOR_CONFIG: $ is not valid JSON'],
    [{ CONNECTOR_CONFIG: '{"config":{"topics":"t"}}' }, 'CONNECTOR_CONFIG: $.name is missing'],
    [
      { CONNECTOR_CONFIG: '{"name":"a","config":{"x":{"y":1}}}' },
      'CONNECTOR_CONFIG: $.config["x"] must be a string',
    ],
    [{ CONNECTOR_CONFIG_FILE: '/nonexistent/aep.properties' }, 'Cannot read /nonexistent/aep.properties'],
  ])('refuses %j, saying what is wrong', async (env, message) => {
    const source = new StaticConfigSource({ env });
    await expect(source.get(context)).rejects.toThrow(ConfigErrors);
    await expect(source.get(context)).rejects.toThrow(message);
  });
});
