// The stack on LocalStack: `npm run deploy:local` (cdklocal), a connector created through the REST API with a
// SigV4-signed curl (the command docs/deploy.md gives), read back from DynamoDB, listed and its status read.
// LocalStack's free plan has API Gateway v1, Lambda, DynamoDB and CloudFormation; Kafka event source mappings need
// its paid plan, so the connector is created STOPPED (no mapping).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../cdk/lib/bundled-function.ts';
import { DynamoDbConnectorStore } from '../../shared/store/index.ts';

const run = promisify(execFile);
const endpoint = inject('localstackEndpoint');
const REGION = process.env.AWS_REGION ?? 'us-east-1';
const STACK = 'AepSinkLocalStack';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** cdklocal passes only allowlisted AWS_* variables to the CDK CLI; S3 needs its own endpoint with ".s3.". */
function cdklocalEnv(): NodeJS.ProcessEnv {
  const url = new URL(endpoint);
  return {
    ...process.env,
    ...CREDENTIALS,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: `${url.protocol}//s3.localhost.localstack.cloud:${url.port || '4566'}`,
    AWS_ENVAR_ALLOWLIST: 'AWS_REGION,AWS_DEFAULT_REGION,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY',
  };
}

/** A SigV4-signed request to the deployed REST API, through LocalStack's execute-api path. */
async function connectApi(apiId: string, method: string, path: string, body?: unknown) {
  const url = `${endpoint}/_aws/execute-api/${apiId}/v1${path}`;
  const args = [
    '--silent',
    '--show-error',
    '--write-out',
    '\n%{http_code}',
    '--aws-sigv4',
    `aws:amz:${REGION}:execute-api`,
    '--user',
    `${CREDENTIALS.AWS_ACCESS_KEY_ID}:${CREDENTIALS.AWS_SECRET_ACCESS_KEY}`,
    '-X',
    method,
    ...(body === undefined ? [] : ['-H', 'Content-Type: application/json', '--data', JSON.stringify(body)]),
    url,
  ];
  const { stdout } = await run('curl', args);
  const split = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(split + 1)), body: JSON.parse(stdout.slice(0, split) || 'null') };
}

describe.runIf(endpoint)('AepSinkStack on LocalStack', () => {
  const dir = endpoint ? mkdtempSync(join(tmpdir(), 'aep-sink-localstack-')) : '';
  let outputs: Record<string, string> = {};
  let apiId = '';

  beforeAll(async () => {
    const outputsFile = join(dir, 'outputs.json');
    await run(
      'npm',
      [
        'run',
        'deploy:local',
        '--',
        '-c',
        `stackName=${STACK}`,
        '-c',
        'retainData=false',
        '-c',
        'tableDeletionProtection=false',
        '-c',
        'reconcileIntervalMinutes=0',
        '--outputs-file',
        outputsFile,
      ],
      { cwd: PROJECT_ROOT, env: cdklocalEnv(), maxBuffer: 64 * 1024 * 1024 },
    );
    outputs =
      (JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>)[STACK] ?? {};
    apiId = new URL(outputs.ConnectApiUrl ?? '').hostname.split('.')[0] ?? '';
  });

  afterAll(async () => {
    await run('npx', ['cdklocal', 'destroy', '--force', '-c', `stackName=${STACK}`], {
      cwd: PROJECT_ROOT,
      env: cdklocalEnv(),
    }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys the table, both functions and the REST API', () => {
    expect(apiId).not.toBe('');
    expect(outputs.ConnectorTableName).toBeTruthy();
    expect(outputs.SinkFunctionArn).toMatch(/^arn:aws:lambda:/);
  });

  it('creates a connector through the signed REST API, stores it, lists it and reports its status', async () => {
    const name = `localstack-${randomUUID()}`;
    const config = {
      'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
      topics: 'orders',
      'aep.endpoint': 'https://dcs.adobedc.net/collection/0123456789abcdef',
      'esm.bootstrap.servers': '127.0.0.1:9092',
    };
    const created = await connectApi(apiId, 'POST', '/connectors', {
      name,
      config,
      initial_state: 'STOPPED',
    });
    expect(created).toMatchObject({ status: 201, body: { name, config: { ...config, name } } });

    const store = new DynamoDbConnectorStore({
      client: new DynamoDBClient({
        endpoint,
        region: REGION,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
      tableName: outputs.ConnectorTableName ?? '',
    });
    expect(await store.get(name)).toMatchObject({
      name,
      config: { ...config, name },
      targetState: 'STOPPED',
    });

    const listed = await connectApi(apiId, 'GET', '/connectors');
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(name);
    const status = await connectApi(apiId, 'GET', `/connectors/${encodeURIComponent(name)}/status`);
    expect(status).toMatchObject({ status: 200, body: { name, connector: { state: 'STOPPED' } } });
  });
});
