// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Connect config-provider placeholders are literal ${...} text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigResolutionError,
  envConfigProvider,
  fileConfigProvider,
  resolveConfig,
  secretsManagerConfigProvider,
  splitSecretReference,
} from '../../../shared/config-providers/index.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/aep-AbCdEf';
const sm = mockClient(SecretsManagerClient);

function providers(environment: Record<string, string> = {}) {
  return {
    secretsmanager: secretsManagerConfigProvider({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    }),
    env: envConfigProvider(environment),
    file: fileConfigProvider(),
  };
}

async function rejection(promise: Promise<unknown>): Promise<ConfigResolutionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigResolutionError);
  return error as ConfigResolutionError;
}

beforeEach(() => {
  sm.reset();
});

describe('resolveConfig', () => {
  it('leaves values without placeholders untouched and keeps every key', async () => {
    const config = { name: 'aep', topics: 'a,b', 'aep.endpoint': 'https://dcs.adobedc.net/collection/x' };
    expect(await resolveConfig(config, providers())).toEqual(config);
  });

  it('resolves several placeholders inside one value', async () => {
    const resolved = await resolveConfig(
      { url: 'https://${env:HOST}:${env:PORT}/x' },
      providers({ HOST: 'h', PORT: '8' }),
    );
    expect(resolved).toEqual({ url: 'https://h:8/x' });
  });

  it('names the config key and the provider of an unknown provider, and is not retriable', async () => {
    const e = await rejection(resolveConfig({ 'aep.secret': '${vault:a/b:c}' }, providers()));
    expect(e.key).toBe('aep.secret');
    expect(e.provider).toBe('vault');
    expect(e.retriable).toBe(false);
    expect(e.message).toContain('aep.secret');
    expect(e.message).toContain('unknown config provider');
  });
});

describe('env provider', () => {
  it('reads a variable', async () => {
    expect(await resolveConfig({ k: '${env:API_KEY}' }, providers({ API_KEY: 'v' }))).toEqual({ k: 'v' });
  });

  it('reports a missing variable against the config key', async () => {
    const e = await rejection(resolveConfig({ 'aep.key': '${env:NOPE}' }, providers()));
    expect(e.message).toBe(
      "Could not resolve configuration aep.key with config provider 'env': environment variable NOPE is not set",
    );
  });

  it('refuses a path like Connect EnvVarConfigProvider', async () => {
    const e = await rejection(resolveConfig({ k: '${env:A:B}' }, providers({ A: 'x' })));
    expect(e.message).toContain('a path is not supported');
  });
});

describe('file provider', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfgprov-'));
    await writeFile(join(dir, 's.properties'), '# secrets\nclient.secret = s3cr=et\nother: two\\\n  lines\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads keys of a Java properties file', async () => {
    const path = join(dir, 's.properties');
    const resolved = await resolveConfig(
      { a: `\${file:${path}:client.secret}`, b: `\${file:${path}:other}` },
      providers(),
    );
    expect(resolved).toEqual({ a: 's3cr=et', b: 'twolines' });
  });

  it('names the key for a missing file or key', async () => {
    const missingFile = await rejection(resolveConfig({ a: `\${file:${join(dir, 'none')}:k}` }, providers()));
    expect(missingFile.key).toBe('a');
    expect(missingFile.message).toContain('cannot read file');
    const missingKey = await rejection(
      resolveConfig({ b: `\${file:${join(dir, 's.properties')}:nope}` }, providers()),
    );
    expect(missingKey.message).toContain('has no key nope');
  });
});

describe('secretsmanager provider', () => {
  it('splits names and ARNs from the key', () => {
    expect(splitSecretReference('prod/aep:clientSecret')).toEqual({
      secretId: 'prod/aep',
      key: 'clientSecret',
    });
    expect(splitSecretReference('prod/aep')).toEqual({ secretId: 'prod/aep' });
    expect(splitSecretReference(`${secretArn}:clientSecret`)).toEqual({
      secretId: secretArn,
      key: 'clientSecret',
    });
    expect(splitSecretReference(secretArn)).toEqual({ secretId: secretArn });
  });

  it('reads one key of a JSON secret by ARN, and the whole string without a key', async () => {
    sm.on(GetSecretValueCommand, { SecretId: secretArn }).resolves({
      SecretString: '{"clientSecret":"p4ss","port":443}',
    });
    sm.on(GetSecretValueCommand, { SecretId: 'plain' }).resolves({ SecretString: 'just-a-string' });
    const resolved = await resolveConfig(
      {
        a: `\${secretsmanager:${secretArn}:clientSecret}`,
        b: `\${secretsmanager:${secretArn}:port}`,
        c: '${secretsmanager:plain}',
      },
      providers(),
    );
    expect(resolved).toEqual({ a: 'p4ss', b: '443', c: 'just-a-string' });
  });

  it('caches a secret within its max age', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"k":"v"}' });
    const shared = providers();
    await resolveConfig({ a: '${secretsmanager:s:k}' }, shared);
    await resolveConfig({ a: '${secretsmanager:s:k}' }, shared);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('reports a missing secret and a missing key against the config key, not retriable', async () => {
    const { ResourceNotFoundException } = await import('@aws-sdk/client-secrets-manager');
    sm.on(GetSecretValueCommand, { SecretId: 'gone' }).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {},
      }),
    );
    sm.on(GetSecretValueCommand, { SecretId: 'json' }).resolves({ SecretString: '{"a":"1"}' });
    const gone = await rejection(resolveConfig({ 'aep.secret': '${secretsmanager:gone:k}' }, providers()));
    expect(gone.message).toBe(
      "Could not resolve configuration aep.secret with config provider 'secretsmanager': secret gone: not found",
    );
    expect(gone.retriable).toBe(false);
    const noKey = await rejection(resolveConfig({ 'aep.secret': '${secretsmanager:json:b}' }, providers()));
    expect(noKey.message).toContain('secret json has no key b');
  });

  it('marks throttling as retriable', async () => {
    const { SecretsManagerServiceException } = await import('@aws-sdk/client-secrets-manager');
    sm.on(GetSecretValueCommand).rejects(
      new SecretsManagerServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        message: 'Rate exceeded',
        $metadata: {},
      }),
    );
    const e = await rejection(resolveConfig({ k: '${secretsmanager:s:k}' }, providers()));
    expect(e.retriable).toBe(true);
  });

  it('never puts the secret value in an error message', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'not-json-TOPSECRET' });
    const e = await rejection(resolveConfig({ k: '${secretsmanager:s:key}' }, providers()));
    expect(e.message).toContain('is not a JSON object');
    expect(e.message).not.toContain('TOPSECRET');
  });
});
