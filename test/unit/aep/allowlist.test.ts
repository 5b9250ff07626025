import { describe, expect, it } from 'vitest';
import {
  checkAllowedEndpoints,
  connectorAllowlistProblems,
  createAepSender,
  DEFAULT_ALLOWED_HOSTS,
  hostAllowed,
  parseAepConfig,
  parseAllowedHosts,
} from '../../../shared/aep/index.ts';
import { ConfigException } from '../../../shared/config/index.ts';

const oauth = {
  'aep.connection.auth.enabled': 'true',
  'aep.connection.auth.client.id': 'id',
  'aep.connection.auth.client.secret': 'secret',
};

function problems(props: Record<string, string>, allowed: readonly string[] = DEFAULT_ALLOWED_HOSTS) {
  return checkAllowedEndpoints(parseAepConfig(props, { env: {} }), allowed);
}

describe('parseAllowedHosts', () => {
  it("defaults to Adobe's hosts when unset or empty", () => {
    expect(parseAllowedHosts(undefined)).toEqual(['*.adobedc.net', '*.adobe.io', 'ims-*.adobelogin.com']);
    expect(parseAllowedHosts(' , ')).toBe(DEFAULT_ALLOWED_HOSTS);
    expect(parseAllowedHosts([])).toBe(DEFAULT_ALLOWED_HOSTS);
  });

  it('reads a comma-separated list or the LIST a worker config already split, in lower case', () => {
    expect(parseAllowedHosts('127.0.0.1, LocalHost')).toEqual(['127.0.0.1', 'localhost']);
    expect(parseAllowedHosts(['dcs.adobedc.net', '[::1]'])).toEqual(['dcs.adobedc.net', '[::1]']);
  });

  it.each(['*', 'https://dcs.adobedc.net', 'dcs.adobedc.net/x', 'a..b', '*.'])(
    'refuses the pattern %j',
    (pattern) => {
      expect(() => parseAllowedHosts(pattern)).toThrow(ConfigException);
      expect(() => parseAllowedHosts(pattern)).toThrow('for configuration aep.allowed.hosts');
    },
  );
});

describe('hostAllowed', () => {
  it.each([
    ['dcs.adobedc.net', true],
    ['DCS.AdobeDC.net', true],
    ['a.b.adobedc.net', true],
    ['adobedc.net', false],
    ['evil-adobedc.net', false],
    ['adobedc.net.evil.test', false],
    ['platform.adobe.io', true],
    ['ims-na1.adobelogin.com', true],
    ['ims-na1-stg1.adobelogin.com', true],
    ['ims.adobelogin.com', false],
    ['x.ims-na1.adobelogin.com', false],
    ['evilims-na1.adobelogin.com', false],
    ['127.0.0.1', false],
  ])('%s → %s with the defaults', (host, allowed) => {
    expect(hostAllowed(host, DEFAULT_ALLOWED_HOSTS)).toBe(allowed);
  });

  it('matches exact hosts and IPv6 loopback', () => {
    expect(hostAllowed('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(hostAllowed('127.0.0.2', ['127.0.0.1'])).toBe(false);
    expect(hostAllowed('[::1]', ['[::1]'])).toBe(true);
  });
});

describe('checkAllowedEndpoints', () => {
  it("accepts Adobe's production endpoints", () => {
    expect(problems({ 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc', ...oauth })).toEqual([]);
  });

  it('refuses an AEP endpoint outside the list, naming aep.endpoint', () => {
    expect(problems({ 'aep.endpoint': 'https://collector.evil.test/collection/abc' })).toEqual([
      {
        key: 'aep.endpoint',
        message:
          "Invalid value https://collector.evil.test/collection/abc for configuration aep.endpoint: host collector.evil.test is not in the deployment's allowed hosts (aep.allowed.hosts: *.adobedc.net,*.adobe.io,ims-*.adobelogin.com); to allow it, add it to the worker property aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS) or, on AWS, the stack's aepAllowedHosts context (AEP_ALLOWED_HOSTS)",
      },
    ]);
  });

  it('refuses an IMS endpoint outside the list, naming aep.connection.auth.endpoint', () => {
    const found = problems({
      'aep.endpoint': 'https://dcs.adobedc.net/collection/abc',
      ...oauth,
      'aep.connection.auth.endpoint': 'https://ims.evil.test',
    });
    expect(found.map((p) => p.key)).toEqual(['aep.connection.auth.endpoint']);
  });

  it('checks the IMS endpoint taken from AUTH_ENDPOINT too', () => {
    const config = parseAepConfig(
      { 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc', ...oauth },
      { env: { AUTH_ENDPOINT: 'https://ims.evil.test' } },
    );
    expect(checkAllowedEndpoints(config, DEFAULT_ALLOWED_HOSTS).map((p) => p.key)).toEqual([
      'aep.connection.auth.endpoint',
    ]);
  });

  it('does not check an IMS endpoint that is not used', () => {
    const props = { 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc' };
    expect(problems({ ...props, 'aep.connection.auth.endpoint': 'https://ims.evil.test' })).toEqual([]);
    expect(
      problems({
        ...props,
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.token': 't',
        'aep.connection.auth.endpoint': 'https://ims.evil.test',
      }),
    ).toEqual([]);
  });

  it('refuses plain http except to an allowed loopback host', () => {
    expect(problems({ 'aep.endpoint': 'http://dcs.adobedc.net/collection/abc' })).toEqual([
      {
        key: 'aep.endpoint',
        message:
          'Invalid value http://dcs.adobedc.net/collection/abc for configuration aep.endpoint: must use https',
      },
    ]);
    const local = ['127.0.0.1', 'localhost'];
    expect(problems({ 'aep.endpoint': 'http://127.0.0.1:4010/collection/abc' }, local)).toEqual([]);
    expect(problems({ 'aep.endpoint': 'http://localhost:4010/collection/abc' }, local)).toEqual([]);
    expect(problems({ 'aep.endpoint': 'http://127.0.0.1:4010/collection/abc' }).map((p) => p.key)).toEqual([
      'aep.endpoint',
    ]);
  });

  it('refuses a proxy in front of a loopback endpoint, which would reach the proxy’s own machine in clear text', () => {
    const local = ['127.0.0.1', 'localhost'];
    const proxy = { 'aep.connection.proxy.host': 'proxy.evil.test', 'aep.connection.proxy.port': '3128' };
    expect(problems({ 'aep.endpoint': 'http://127.0.0.1:4010/collection/abc', ...proxy }, local)).toEqual([
      {
        key: 'aep.connection.proxy.host',
        message: expect.stringMatching(
          /^Invalid value proxy\.evil\.test for configuration aep\.connection\.proxy\.host: .*aep\.endpoint/,
        ),
      },
    ]);
    expect(
      problems(
        {
          ...oauth,
          'aep.endpoint': 'https://dcs.adobedc.net/collection/abc',
          'aep.connection.auth.endpoint': 'http://localhost:4011',
          ...proxy,
        },
        [...local, ...DEFAULT_ALLOWED_HOSTS],
      ).map((p) => p.key),
    ).toEqual(['aep.connection.proxy.host']);
    // A proxy in front of an https endpoint keeps TLS end to end: allowed.
    expect(problems({ 'aep.endpoint': 'https://dcs.adobedc.net/collection/abc', ...proxy })).toEqual([]);
  });

  it('creates no sender for a remote proxy in front of a loopback endpoint, so the token never leaves', async () => {
    const config = {
      'aep.endpoint': 'http://127.0.0.1:4010/collection/abc',
      'aep.connection.proxy.host': '10.1.2.3',
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token': 'secret-token',
    };
    expect(() => createAepSender(config, { allowedHosts: ['127.0.0.1'] })).toThrow(
      /aep\.connection\.proxy\.host: a proxy cannot be used with the loopback endpoint aep\.endpoint/,
    );
    // A proxy on this machine reaches the same loopback endpoint (the emulator's tests use one).
    const local = { ...config, 'aep.connection.proxy.host': '127.0.0.1' };
    await createAepSender(local, { allowedHosts: ['127.0.0.1'] }).close();
  });
});

describe('connectorAllowlistProblems', () => {
  it('refuses aep.allowed.hosts in a connector config, naming the key and where the setting belongs', () => {
    expect(connectorAllowlistProblems({ 'aep.allowed.hosts': 'evil.test' })).toEqual([
      {
        key: 'aep.allowed.hosts',
        message:
          "Invalid value evil.test for configuration aep.allowed.hosts: is a deployment setting, not a connector key: set the worker property aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS) or, on AWS, the stack's aepAllowedHosts context (AEP_ALLOWED_HOSTS)",
      },
    ]);
    expect(connectorAllowlistProblems({ 'aep.endpoint': 'https://dcs.adobedc.net/collection/a' })).toEqual(
      [],
    );
  });
});
