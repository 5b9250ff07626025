import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { envOverrides, loadWorkerConfig, workerConfigFrom } from '../../../shared/worker/index.ts';
import { tempFiles } from '../../support/files.ts';

const { dir, file } = tempFiles('worker-config-');

describe('worker config', () => {
  it("is safe by default: loopback listener, local broker, the sink's own converter defaults", () => {
    const config = workerConfigFrom({});
    expect(config.listeners).toEqual(['http://127.0.0.1:8083']);
    expect(config.bootstrapServers).toEqual(['127.0.0.1:9092']);
    expect(config.basicAuthFile).toBeNull();
    expect(config.aepAllowedHosts).toEqual(['*.adobedc.net', '*.adobe.io', 'ims-*.adobelogin.com']);
    expect(config.converterDefaults).toEqual({});
  });

  it('reads a worker properties file and lets CONNECT_* variables override it', () => {
    const path = file(
      'worker.properties',
      [
        'bootstrap.servers=broker:9092',
        'listeners=http://127.0.0.1:18083',
        'consumer.session.timeout.ms=15000',
        'value.converter.schemas.enable=false',
        'plugin.path=/usr/share/java',
        'offset.storage.file.filename=/tmp/offsets',
      ].join('\n'),
    );
    const config = loadWorkerConfig(path, {
      CONNECT_LISTENERS: 'http://:8083',
      CONNECT_AEP_ALLOWED_HOSTS: '127.0.0.1,localhost',
      HOME: '/root',
    });
    expect(config.listeners).toEqual(['http://:8083']);
    expect(config.aepAllowedHosts).toEqual(['127.0.0.1', 'localhost']);
    expect(config.consumer).toEqual({ 'bootstrap.servers': 'broker:9092', 'session.timeout.ms': '15000' });
    expect(config.converterDefaults['value.converter.schemas.enable']).toBe('false');
    expect([...config.unused].sort()).toEqual(['offset.storage.file.filename', 'plugin.path']);
  });

  it("translates variable names as Confluent's images do", () => {
    expect(
      envOverrides({
        CONNECT_BOOTSTRAP_SERVERS: 'a:1',
        CONNECT_CONSUMER_MAX_POLL__RECORDS: '5',
        CONNECT_SOME___DASHED: 'x',
        KAFKA_PORT: '9092',
      }),
    ).toEqual({ 'bootstrap.servers': 'a:1', 'consumer.max.poll_records': '5', 'some-dashed': 'x' });
  });

  it('reports every bad key at once, each by name', () => {
    try {
      workerConfigFrom({
        listeners: 'https://127.0.0.1:8443',
        'rest.advertised.port': 'eighty',
        'function.timeout.ms': '5',
        'aep.allowed.hosts': 'http://evil/',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigErrors);
      expect((e as ConfigErrors).problems.map((p) => p.key).sort()).toEqual([
        'aep.allowed.hosts',
        'function.timeout.ms',
        'listeners',
        'rest.advertised.port',
      ]);
      expect((e as Error).message).toContain('plain HTTP only');
    }
  });

  it("takes the root log level from CONNECT_LOG4J_ROOT_LOGLEVEL, as Confluent's images do, and refuses an unknown one", () => {
    expect(workerConfigFrom({}).rootLogLevel).toBe('INFO');
    expect(loadWorkerConfig(undefined, { CONNECT_LOG4J_ROOT_LOGLEVEL: 'debug' }).rootLogLevel).toBe('DEBUG');
    expect(() => workerConfigFrom({ 'log4j.root.loglevel': 'LOUD' })).toThrow(/log4j\.root\.loglevel/);
  });

  it('names a worker file it cannot read', () => {
    expect(() => loadWorkerConfig(join(dir, 'missing.properties'), {})).toThrow(/missing\.properties/);
  });
});
