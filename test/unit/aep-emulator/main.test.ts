// The emulator's command line: flags, log lines, and the real process answering over HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AepEmulatorOptionsError } from '../../../shared/aep-emulator/index.ts';
import { describeRequest, parseCommandLine } from '../../../shared/aep-emulator/main.ts';
import { Password } from '../../../shared/config/index.ts';
import { post } from './support.ts';

describe('parseCommandLine', () => {
  it('reads every flag, wrapping the client secret in a Password', () => {
    const options = parseCommandLine([
      '--port=8090',
      '--client-id',
      'id',
      '--client-secret',
      's3cret',
      '--scope',
      'openid',
      '--data-type',
      'xdm',
      '--max-request-bytes',
      '2048',
      '--failure-status-field',
      'status',
      '--ims-org-id',
      'ORG@AdobeOrg',
      '--latency-ms',
      '5',
    ]);
    expect(options).toMatchObject({
      port: 8090,
      dataType: 'xdm',
      maxRequestBytes: 2048,
      failureStatusField: 'status',
      imsOrgId: 'ORG@AdobeOrg',
      latencyMs: 5,
      auth: { clientId: 'id', scope: 'openid' },
    });
    expect(options.auth?.clientSecret).toBeInstanceOf(Password);
    expect(JSON.stringify(options)).not.toContain('s3cret');
  });

  it('starts open inlets without flags', () => {
    expect(parseCommandLine([])).toMatchObject({ port: undefined, auth: undefined });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'eighty'], /--port must be a whole number, got eighty/],
    [['--client-id', 'id'], /--client-id and --client-secret go together/],
  ])('refuses %j', (args, message) => {
    expect(() => parseCommandLine(args)).toThrow(AepEmulatorOptionsError);
    expect(() => parseCommandLine(args)).toThrow(message);
  });
});

describe('describeRequest', () => {
  const base = {
    index: 0,
    method: 'POST',
    path: '/collection/batch/inlet',
    query: {},
    headers: { authorization: 'Bearer token-value' },
    receivedAt: Date.UTC(2026, 0, 1, 10),
    rawBytes: 120,
  };

  it('names time, method, path, status and sizes, never headers', () => {
    const line = describeRequest({ ...base, decodedBytes: 400, status: 207, outcome: 'answered' });
    expect(line).toBe('2026-01-01T10:00:00.000Z POST /collection/batch/inlet → 207 (120 B, 400 B decoded)');
  });

  it('says when a request was reset or abandoned', () => {
    expect(
      describeRequest({ ...base, decodedBytes: undefined, status: undefined, outcome: 'reset' }),
    ).toContain('→ - reset (120 B)');
    expect(describeRequest({ ...base, decodedBytes: 5, status: 207, outcome: 'abandoned' })).toContain(
      '→ 207 abandoned',
    );
  });
});

describe('node shared/aep-emulator/main.ts', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('prints its URLs, serves requests and logs one line per request without the secret', async () => {
    const proc = spawn(
      process.execPath,
      [
        'shared/aep-emulator/main.ts',
        '--client-id',
        'id',
        '--client-secret',
        'top-s3cret',
        '--data-type',
        'xdm',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
      for (let i = 0; i < 300; i++) {
        const match = output.match(pattern);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${pattern} within 6 s; output:\n${output}`);
    };

    const [, url] = await waitFor(/AEP emulator listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const [, imsEndpoint] = await waitFor(/aep\.connection\.auth\.endpoint=(\S+)/);
    expect(imsEndpoint).toBe(url);
    expect(output).toContain(`aep.endpoint=${url}/collection/inlet`);

    const answer = await post(`${url}/collection/batch/inlet`, { messages: [{}] });
    expect(answer.status).toBe(401);
    await waitFor(/POST \/collection\/batch\/inlet → 401 \(\d+ B, \d+ B decoded\)/);
    expect(output).not.toContain('top-s3cret');
  });
});
