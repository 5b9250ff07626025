// The deployed AepSinkStack of the LocalStack suite: cdklocal deploy and destroy with every file in the run dir, and
// the REST API called as a user would, SigV4-signed with curl (docs/deploy.md), through LocalStack's execute-api path.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../cdk/lib/bundled-function.ts';

const run = promisify(execFile);

/** LocalStack's default account and region; any credentials are accepted (IAM is not enforced). */
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** The stack's outputs (cdk/lib/aep-sink-stack.ts). */
export interface StackOutputs {
  readonly ConnectApiUrl: string;
  readonly ConnectorTableName: string;
  readonly SinkFunctionName: string;
  readonly SinkFunctionArn: string;
  readonly DeadLetterQueueUrl: string;
  readonly DeadLetterQueueArn: string;
  readonly AepCredentialsSecretArn: string;
}

/** A response of the REST API: status and parsed JSON body (null when empty). */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * One stack deployed with cdklocal. The CDK CLI, its bundling and its caches write only under `dir` (a directory
 * in the LocalStack run dir): `--output`, CDK_HOME, HOME and TMPDIR point there.
 */
export class LocalStackDeployment {
  readonly #endpoint: string;
  readonly #dir: string;
  readonly #stackName: string;
  #outputs: StackOutputs | undefined;

  constructor(options: { endpoint: string; dir: string; stackName: string }) {
    this.#endpoint = options.endpoint;
    this.#dir = options.dir;
    this.#stackName = options.stackName;
  }

  get outputs(): StackOutputs {
    if (!this.#outputs) throw new Error(`${this.#stackName} is not deployed`);
    return this.#outputs;
  }

  /** The REST API id, from `ConnectApiUrl` (`https://<id>.execute-api.<LocalStack host>/v1/`). */
  get apiId(): string {
    const id = /^https:\/\/([a-z0-9]+)\.execute-api\./.exec(this.outputs.ConnectApiUrl)?.[1];
    if (!id) throw new Error(`No API id in ConnectApiUrl ${this.outputs.ConnectApiUrl}`);
    return id;
  }

  /** `cdklocal bootstrap` and `cdklocal deploy` with `context` as `-c key=value`; reads the outputs. */
  async deploy(context: Readonly<Record<string, string>>): Promise<StackOutputs> {
    const outputsFile = join(this.#dir, 'outputs.json');
    // An explicit environment: bootstrap then needs no synth of the app.
    await this.#cdklocal(['bootstrap', `aws://000000000000/${REGION}`]);
    await this.#cdklocal([
      'deploy',
      this.#stackName,
      '--require-approval',
      'never',
      '--outputs-file',
      outputsFile,
      ...this.#context(context),
    ]);
    const all = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, StackOutputs>;
    this.#outputs = all[this.#stackName];
    return this.outputs;
  }

  /**
   * `cdklocal destroy` of the deployed cloud assembly (no second synth and bundling): with `retainData=false`
   * nothing of the stack remains.
   */
  async destroy(): Promise<void> {
    await this.#cdklocal(['destroy', this.#stackName, '--force', '--app', join(this.#dir, 'cdk.out')]);
  }

  /**
   * A SigV4-signed request to the deployed REST API (curl `--aws-sigv4`, as docs/deploy.md shows), through
   * LocalStack's `/_aws/execute-api/<api-id>/<stage>` path.
   */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const url = `${this.#endpoint}/_aws/execute-api/${this.apiId}/v1${path}`;
    const args = [
      '--silent',
      '--show-error',
      '--write-out',
      '\n%{http_code}',
      '--aws-sigv4',
      `aws:amz:${REGION}:execute-api`,
      '--user',
      `${CREDENTIALS.accessKeyId}:${CREDENTIALS.secretAccessKey}`,
      '-X',
      method,
      ...(body === undefined ? [] : ['-H', 'Content-Type: application/json', '--data', JSON.stringify(body)]),
      url,
    ];
    const { stdout } = await run('curl', args);
    const split = stdout.lastIndexOf('\n');
    const text = stdout.slice(0, split);
    return { status: Number(stdout.slice(split + 1)), body: text ? JSON.parse(text) : null };
  }

  #context(context: Readonly<Record<string, string>>): string[] {
    return [`stackName=${this.#stackName}`, ...Object.entries(context).map(([k, v]) => `${k}=${v}`)].flatMap(
      (pair) => ['-c', pair],
    );
  }

  async #cdklocal(args: string[]): Promise<void> {
    const tmp = join(this.#dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const bin = join(PROJECT_ROOT, 'node_modules', '.bin');
    // cdklocal passes on only AWS_ENDPOINT_URL* and the allowlisted AWS_* variables; S3 goes path style, because
    // LocalStack's virtual-host names (*.localhost.localstack.cloud) need DNS, which may be offline.
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      TMPDIR: tmp,
      // The CDK CLI keeps its caches in CDK_HOME (else the passwd entry's home), the app its asset fingerprints in
      // $HOME/.cdk.
      CDK_HOME: join(this.#dir, '.cdk'),
      HOME: this.#dir,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ENDPOINT_URL: this.#endpoint,
      AWS_ENDPOINT_URL_S3: this.#endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_ENVAR_ALLOWLIST: 'AWS_REGION,AWS_DEFAULT_REGION,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY',
    };
    const argv = [...args, '--no-notices', '--output', join(this.#dir, 'cdk.out')];
    try {
      await run(join(bin, 'cdklocal'), argv, { cwd: PROJECT_ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: string; stderr?: string };
      throw new Error(`cdklocal ${args[0]} failed:\n${stderr ?? ''}${stdout ?? ''}`, { cause: e });
    }
  }
}
