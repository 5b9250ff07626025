// Connector configs as the herder checks them: every problem at once, the name rules, the URL's name, and the plugin
// descriptions.
import { describe, expect, it } from 'vitest';
import {
  ConnectRestError,
  defaultPluginRegistry,
  HERDER_TUNING,
  REQUEST_LIMITS,
} from '../../../shared/rest/index.ts';
import { ConnectorConfigValidator, withName } from '../../../shared/rest/validator.ts';
import { readmeConfig } from '../../support/connect-rest-contract.ts';

const config = (over: Record<string, string | null> = {}) => ({
  ...(Object.fromEntries(Object.entries(readmeConfig('orders')).map(([k, v]) => [k, String(v)])) as Record<
    string,
    string
  >),
  name: 'orders',
  ...over,
});

function validator(checks: ConstructorParameters<typeof ConnectorConfigValidator>[0]['checks'] = []) {
  return new ConnectorConfigValidator({
    plugins: defaultPluginRegistry(),
    mapping: {},
    checks,
    maxNameBytes: HERDER_TUNING.maxNameBytes,
    maxConfigBytes: REQUEST_LIMITS.maxConfigBytes,
  });
}

describe('ConnectorConfigValidator', () => {
  it('returns a valid config as it is', () => {
    expect(validator().validated(config())).toEqual(config());
  });

  it("answers 400 with Connect's message listing every error, the deployment checks' included", () => {
    const v = validator([() => [{ key: 'aep.endpoint', message: 'not on the allowlist' }]]);
    let error: unknown;
    try {
      v.validated(config({ 'tasks.max': 'x' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectRestError);
    expect(error).toMatchObject({ statusCode: 400 });
    const message = (error as Error).message;
    expect(message).toMatch(/^Connector configuration is invalid and contains the following 3 error\(s\):/);
    expect(message).toContain('tasks.max');
    expect(message).toContain('not on the allowlist');
  });

  it('refuses a name longer than the store keeps, counting UTF-8 bytes', () => {
    const long = 'é'.repeat(HERDER_TUNING.maxNameBytes / 2 + 1);
    const infos = validator().validate(config({ name: long }));
    expect(infos.configs.find((c) => c.value?.name === 'name')?.value?.errors).toEqual([
      expect.stringContaining(`a connector name can have at most ${HERDER_TUNING.maxNameBytes} bytes`),
    ]);
  });

  it('checks the esm.* keys with the host mapping rules', () => {
    const infos = validator().validate(config({ 'esm.batch.size': '0' }));
    expect(infos.configs.find((c) => c.value?.name === 'esm.batch.size')?.value?.errors).not.toEqual([]);
  });

  it('describes a sink plugin with its own keys and then the framework keys', () => {
    const keys = validator()
      .pluginConfig('AEPSinkConnector')
      .map((k) => k.name);
    expect(keys).toContain('aep.endpoint');
    expect(keys).toContain('topics');
    expect(keys.indexOf('aep.endpoint')).toBeLessThan(keys.indexOf('topics'));
    expect(() => validator().pluginConfig('NoSuchConnector')).toThrow(/NoSuchConnector/);
  });
});

describe('withName', () => {
  it("adds the URL's name when the config has none, keeps an equal one, refuses another", () => {
    expect(withName('orders', { topics: 't' })).toEqual({ topics: 't', name: 'orders' });
    expect(withName('orders', { name: null })).toEqual({ name: 'orders' });
    expect(withName('orders', { name: 'orders' })).toEqual({ name: 'orders' });
    expect(() => withName('orders', { name: 'other' })).toThrow(
      "Connector name configuration (other) doesn't match connector name in the URL (orders)",
    );
  });
});
