import { describe, expect, it } from 'vitest';
import {
  checkAllowedEndpoints,
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
          "Invalid value https://collector.evil.test/collection/abc for configuration aep.endpoint: host collector.evil.test is not in the deployment's allowed hosts (aep.allowed.hosts: *.adobedc.net,*.adobe.io,ims-*.adobelogin.com)",
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
});
