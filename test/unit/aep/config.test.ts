import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aepDefinition, parseAepConfig, validateAepConfig } from '../../../shared/aep/index.ts';
import type { Password } from '../../../shared/config/index.ts';
import { anyConfigOf, keyNames, problemKeys } from '../../support/config-errors.ts';

const endpoint =
  'https://dcs.adobedc.net/collection/a868e1ce678a911ef1482b083329af3cafa4bafdc781285f25911eaae9e00eb2';
const noEnv = { env: {} };

function problemsOf(props: Record<string, unknown>, env: Record<string, string> = {}) {
  return validateAepConfig(props, { env });
}

// The "Authentication Enabled / Using access_token" request of Adobe's DEVELOPER_GUIDE.md, verbatim (a fixture).
const developerGuideAccessToken = readFileSync(
  new URL('../../events/adobe/developer-guide-access-token.json', import.meta.url),
  'utf8',
);

// The `aep.connection.endpoint.headers` example of the same guide, verbatim.
const developerGuideHeaders = `{
  "aep.connection.endpoint.headers": "{\\"x-adobe-flow-id\\":\\"341fd4f0-cdec-4912-1ab6-fb54aeb41286\\", \\"x-adobe-dataset-id\\": \\"3096fbfd5978431948af3ba3\\"}"
}`;

describe('aepDefinition', () => {
  it.each([
    ['aep.flush.interval.seconds', 1],
    ['aep.flush.bytes.kb', 1000],
    ['aep.connection.maxRetries', 3],
    ['aep.connection.retryBackoff', 300],
    ['aep.connection.timeout', 5000],
    ['aep.connection.readTimeout', 60000],
    ['aep.connection.proxy.host', null],
    ['aep.connection.proxy.port', 443],
    ['aep.connection.proxy.user', null],
    ['aep.connection.proxy.password', null],
    ['aep.connection.auth.enabled', false],
    ['aep.connection.auth.client.id', null],
    ['aep.connection.auth.client.secret', null],
    ['aep.connection.auth.client.code', null],
    ['aep.connection.auth.endpoint', null],
    ['aep.connection.auth.imsOrg', null],
    ['aep.connection.auth.accountKey', null],
    ['aep.connection.auth.filePath', null],
    ['aep.connection.endpoint.headers', null],
  ])('defines the Java key %s with its default %s', (name, value) => {
    expect(aepDefinition.configDef().key(name)?.defaultValue).toBe(value);
  });

  it('requires aep.endpoint, like the Java connector', () => {
    expect(aepDefinition.configDef().key('aep.endpoint')?.defaultValue).toBeUndefined();
    expect(problemsOf({})).toEqual([
      {
        key: 'aep.endpoint',
        message: 'Missing required configuration "aep.endpoint" which has no default value.',
      },
    ]);
  });

  it('types every secret as PASSWORD', () => {
    const passwords = aepDefinition
      .configDef()
      .keys()
      .filter((k) => k.type === 'PASSWORD')
      .map((k) => k.name);
    expect(passwords.sort()).toEqual([
      'aep.connection.auth.client.code',
      'aep.connection.auth.client.secret',
      'aep.connection.auth.token',
      'aep.connection.proxy.password',
    ]);
  });

  it('documents every key in one of three groups', () => {
    const def = aepDefinition.configDef();
    expect(def.groups()).toEqual(['AEP Endpoint', 'AEP Connection', 'AEP Authentication']);
    expect(def.keys().every((k) => k.name.startsWith('aep.') && k.documentation.length > 10)).toBe(true);
  });
});

describe('parseAepConfig', () => {
  it("accepts the Java DEVELOPER_GUIDE's authenticated connector config once its inlet id is filled in", () => {
    const { config } = JSON.parse(developerGuideAccessToken) as { config: Record<string, unknown> };
    // The guide's own {DATA_INLET_ID} placeholder is refused, naming the key and the placeholder.
    expect(() => parseAepConfig(config, noEnv)).toThrow(
      /configuration aep\.endpoint: names the placeholder \{DATA_INLET_ID\}/,
    );
    const endpoint = String(config['aep.endpoint']).replace('{DATA_INLET_ID}', 'a1b2c3');
    const parsed = parseAepConfig({ ...config, 'aep.endpoint': endpoint }, noEnv);
    expect(parsed.batchUrl).toBe('https://dcs.adobedc.net/collection/batch/a1b2c3');
    expect(parsed.flushBytes).toBe(4 * 1024);
    expect(parsed.auth).toMatchObject({
      type: 'access_token',
      endpoint: 'https://ims-na1.adobelogin.com',
      clientId: '<client_id>',
    });
    const auth = parsed.auth as { clientSecret: Password; clientCode: Password };
    expect(auth.clientSecret.value).toBe('<client_secret>');
    expect(auth.clientCode.value).toBe('<client_code>');
    expect(JSON.stringify(parsed)).not.toContain('<client_secret>');
  });

  it("reads the DEVELOPER_GUIDE's endpoint headers example", () => {
    const headers = JSON.parse(developerGuideHeaders) as Record<string, string>;
    expect(parseAepConfig({ 'aep.endpoint': endpoint, ...headers }, noEnv).headers).toEqual({
      'x-adobe-flow-id': '341fd4f0-cdec-4912-1ab6-fb54aeb41286',
      'x-adobe-dataset-id': '3096fbfd5978431948af3ba3',
    });
  });

  it('fills the Java defaults and ours', () => {
    expect(parseAepConfig({ 'aep.endpoint': endpoint }, noEnv)).toEqual({
      endpoint,
      batchUrl: endpoint.replace('/collection/', '/collection/batch/'),
      flushBytes: 1_024_000,
      maxAttempts: 3,
      retryBackoffMs: 300,
      retryBackoffMaxMs: 10_000,
      connectTimeoutMs: 5000,
      readTimeoutMs: 60_000,
      proxy: undefined,
      auth: undefined,
      headers: {},
      compression: 'none',
      maxRequestBytes: 1_000_000,
      maxMessagesPerRequest: 1000,
      maxInFlightRequests: 4,
    });
  });

  it('sends the flow id and sandbox name as headers', () => {
    const parsed = parseAepConfig(
      { 'aep.endpoint': endpoint, 'aep.flow.id': 'f-1', 'aep.sandbox.name': 'dev' },
      noEnv,
    );
    expect(parsed.headers).toEqual({ 'x-adobe-flow-id': 'f-1', 'x-sandbox-name': 'dev' });
  });

  it('ignores the auth keys while auth is off, as the Java connector does', () => {
    const parsed = parseAepConfig(
      {
        'aep.endpoint': endpoint,
        'aep.connection.auth.token.type': 'jwt_token',
        'aep.connection.auth.client.id': 'c',
      },
      noEnv,
    );
    expect(parsed.auth).toBeUndefined();
  });

  it('picks the token type the Java default implies: jwt_token with a key file, else OAuth server-to-server', () => {
    const base = {
      'aep.endpoint': endpoint,
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.client.id': 'id',
      'aep.connection.auth.client.secret': 's',
    };
    expect(parseAepConfig(base, noEnv).auth).toMatchObject({
      type: 'oauth2_access_token',
      scope: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
    });
    const jwt = {
      ...base,
      'aep.connection.auth.filePath': '/keys/private-pkcs8.key',
      'aep.connection.auth.imsOrg': 'ORG@AdobeOrg',
      'aep.connection.auth.accountKey': 'TA@techacct.adobe.com',
    };
    expect(parseAepConfig(jwt, noEnv).auth).toMatchObject({
      type: 'jwt_token',
      filePath: '/keys/private-pkcs8.key',
    });
  });

  it('takes the IMS endpoint from the key, else AUTH_ENDPOINT as Java does, else production IMS', () => {
    const base = {
      'aep.endpoint': endpoint,
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.client.id': 'id',
      'aep.connection.auth.client.secret': 's',
    };
    const stage = 'https://ims-na1-stg1.adobelogin.com';
    const imsOf = (props: Record<string, string>, env: Record<string, string>) =>
      (parseAepConfig(props, { env }).auth as { endpoint: string }).endpoint;
    expect(imsOf(base, {})).toBe('https://ims-na1.adobelogin.com');
    expect(imsOf(base, { AUTH_ENDPOINT: stage })).toBe(stage);
    expect(
      imsOf(
        { ...base, 'aep.connection.auth.endpoint': `${stage}/` },
        { AUTH_ENDPOINT: 'https://x.adobe.io' },
      ),
    ).toBe(stage);
  });

  it('uses aep.connection.auth.token as a static bearer token', () => {
    const parsed = parseAepConfig(
      {
        'aep.endpoint': endpoint,
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.token': 'eyJ.static',
      },
      noEnv,
    );
    expect(parsed.auth?.type).toBe('static');
  });

  it('configures the proxy with basic credentials', () => {
    const parsed = parseAepConfig(
      {
        'aep.endpoint': endpoint,
        'aep.connection.proxy.host': 'proxy.corp',
        'aep.connection.proxy.port': '3128',
        'aep.connection.proxy.user': 'u',
        'aep.connection.proxy.password': 'p',
      },
      noEnv,
    );
    expect(parsed.proxy).toMatchObject({ host: 'proxy.corp', port: 3128, user: 'u' });
    expect(parsed.proxy?.password?.value).toBe('p');
  });

  it('throws every problem at once', () => {
    const keys = problemKeys(() =>
      parseAepConfig({
        'aep.endpoint': 'nope',
        'aep.compression': 'brotli',
        'aep.connection.timeout': 'soon',
      }),
    );
    expect(keys.sort()).toEqual(['aep.compression', 'aep.connection.timeout', 'aep.endpoint']);
  });
});

describe('validateAepConfig', () => {
  it.each([
    ['not JSON', '{"x-api-key": "sk-live-123", "authorization": "Bearer tok-456"'],
    ['a bad header name', '{"x api key": "sk-live-123", "authorization": "Bearer tok-456"}'],
  ])('never quotes aep.connection.endpoint.headers (it may hold credentials) when it is %s', (_, headers) => {
    const problems = problemsOf({
      'aep.endpoint': 'https://dcs.adobedc.net/collection/x',
      'aep.connection.endpoint.headers': headers,
    });
    expect(problems.map((p) => p.key)).toEqual(['aep.connection.endpoint.headers']);
    expect(problems[0]?.message).toMatch(
      /^Invalid value \[hidden\] for configuration aep.connection.endpoint.headers: /,
    );
    expect(JSON.stringify(problems)).not.toMatch(/sk-live|tok-456/);
  });

  it.each([
    ['aep.endpoint', 'ftp://dcs.adobedc.net/collection/x', 'must be an https URL'],
    ['aep.endpoint', 'https://dcs.adobedc.net/other/x', 'must be a DCS inlet URL'],
    ['aep.endpoint', 'https://user:pw@dcs.adobedc.net/collection/x', 'must not carry credentials'],
    ['aep.flush.bytes.kb', '0', 'Value must be at least 1'],
    ['aep.flush.interval.seconds', '-1', 'Value must be at least 0'],
    ['aep.connection.maxRetries', '0', 'Value must be at least 1'],
    ['aep.connection.maxRetries', 'three', 'Not a number of type INT'],
    ['aep.connection.retryBackoff', '-5', 'Value must be at least 0'],
    ['aep.connection.timeout', '1.5', 'Not a number of type INT'],
    ['aep.connection.proxy.port', '70000', 'Value must be no more than 65535'],
    ['aep.connection.proxy.host', 'http://proxy', 'must be a host name or IP address'],
    ['aep.connection.auth.enabled', 'yes', 'Expected value to be either true or false'],
    [
      'aep.connection.auth.token.type',
      'bearer',
      'String must be one of: oauth2_access_token, access_token, jwt_token',
    ],
    ['aep.connection.auth.endpoint', 'ims-na1.adobelogin.com', 'must be an absolute URL'],
    ['aep.connection.endpoint.headers', '{not json', 'must be a JSON object of header names to values'],
    ['aep.connection.endpoint.headers', '["x"]', 'must be a JSON object of header names to values'],
    [
      'aep.connection.endpoint.headers',
      '{"content-type":"text/plain"}',
      '$["content-type"] is set by the sink',
    ],
    ['aep.connection.endpoint.headers', '{"bad name":"v"}', '$["bad name"] is not a valid HTTP header name'],
    ['aep.connection.endpoint.headers', '{"x-a":{"b":1}}', '$["x-a"] must be a string, number or boolean'],
    [
      'aep.connection.endpoint.headers',
      '{"x-a":"1\\r\\nx-b: 2"}',
      '$["x-a"] is not a valid HTTP header value',
    ],
    ['aep.connection.endpoint.headers', '{"X-A":"1","x-a":"2"}', '$["x-a"] repeats a header name'],
    ['aep.compression', 'brotli', 'String must be one of: none, gzip'],
    ['aep.max.request.bytes', '1048576', 'Value must be no more than 1000000'],
    ['aep.max.request.bytes', '100', 'Value must be at least 1024'],
    ['aep.max.messages.per.request', '0', 'Value must be at least 1'],
    ['aep.max.in.flight.requests', '65', 'Value must be no more than 64'],
    ['aep.connection.auth.scope', '', 'String must be non-empty'],
    ['aep.flow.id', 'a\nb', 'must be a valid HTTP header value'],
  ])('names %s for the value %j', (key, value, reason) => {
    const problems = problemsOf({ 'aep.endpoint': endpoint, [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe(key);
    expect(problems[0]?.message).toContain(`for configuration ${key}`);
    expect(problems[0]?.message).toContain(reason);
  });

  it.each([
    [{}, ['aep.connection.auth.client.id', 'aep.connection.auth.client.secret']],
    [
      { 'aep.connection.auth.token.type': 'access_token' },
      [
        'aep.connection.auth.client.id',
        'aep.connection.auth.client.secret',
        'aep.connection.auth.client.code',
      ],
    ],
    [
      { 'aep.connection.auth.token.type': 'jwt_token' },
      [
        'aep.connection.auth.client.id',
        'aep.connection.auth.client.secret',
        'aep.connection.auth.imsOrg',
        'aep.connection.auth.accountKey',
        'aep.connection.auth.filePath',
      ],
    ],
  ])('names every credential key that auth %j needs', (props, keys) => {
    const problems = problemsOf({
      'aep.endpoint': endpoint,
      'aep.connection.auth.enabled': 'true',
      ...props,
    });
    expect(problems.map((p) => p.key)).toEqual(keys);
    expect(problems[0]?.message).toMatch(
      /^Missing required configuration "aep\.connection\.auth\.client\.id": it is required when/,
    );
  });

  it('counts an empty secret as missing', () => {
    const problems = problemsOf({
      'aep.endpoint': endpoint,
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.client.id': 'id',
      'aep.connection.auth.client.secret': '',
    });
    expect(problems.map((p) => p.key)).toEqual(['aep.connection.auth.client.secret']);
  });

  it('names the cross-key conflicts', () => {
    expect(
      problemsOf({
        'aep.endpoint': endpoint,
        'aep.flow.id': 'f',
        'aep.connection.endpoint.headers': '{"x-adobe-flow-id":"g"}',
      }).map((p) => p.key),
    ).toEqual(['aep.flow.id']);
    expect(
      problemsOf({
        'aep.endpoint': endpoint,
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.token': 'eyJ',
        'aep.connection.endpoint.headers': '{"Authorization":"Bearer x"}',
      }).map((p) => p.key),
    ).toEqual(['aep.connection.endpoint.headers']);
    expect(
      problemsOf({
        'aep.endpoint': endpoint,
        'aep.connection.proxy.host': 'proxy',
        'aep.connection.proxy.user': 'u',
      }),
    ).toEqual([
      {
        key: 'aep.connection.proxy.password',
        message:
          'Missing required configuration "aep.connection.proxy.password": it is required with aep.connection.proxy.user.',
      },
    ]);
  });

  it('never puts a secret in a problem', () => {
    const problems = problemsOf({
      'aep.endpoint': endpoint,
      'aep.connection.auth.enabled': 'true',
      'aep.connection.auth.token.type': 'oauth2_access_token',
      'aep.connection.auth.token': 'very-secret-token',
    });
    expect(problems.map((p) => p.key)).toEqual(['aep.connection.auth.token']);
    expect(problems[0]?.message).toContain('[hidden]');
    expect(JSON.stringify(problems)).not.toContain('very-secret-token');
  });

  it('accepts an Authorization header without auth, as the Java connector does', () => {
    expect(
      problemsOf({
        'aep.endpoint': endpoint,
        'aep.connection.endpoint.headers': '{"Authorization":"Bearer t"}',
      }),
    ).toEqual([]);
  });

  it('answers any config with problems, never an exception', () => {
    const keys = keyNames(aepDefinition);
    fc.assert(
      fc.property(anyConfigOf(aepDefinition, fc.oneof(fc.string(), fc.integer(), fc.boolean())), (props) => {
        const problems = validateAepConfig(props, noEnv);
        for (const p of problems) expect(keys).toContain(p.key);
      }),
      { numRuns: 300 },
    );
  });
});
