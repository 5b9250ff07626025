// The Node.js side of the `host-process` LocalStack Lambda executor (test/localstack/plugins): one execution
// environment. It speaks the protocol of LocalStack's executor endpoint, as LocalStack's container init does:
// `POST <LOCALSTACK_RUNTIME_ENDPOINT>/status/<LOCALSTACK_RUNTIME_ID>/ready` once the handler is loaded (or
// `.../error`), then for each `POST /invoke` on 127.0.0.1:<HOST_LAMBDA_PORT> it runs the handler and posts the
// captured output to `.../invocations/<id>/logs` and the result to `.../response` (or `.../error`). The handler is
// `_HANDLER` (`<file>.<export>`) in LAMBDA_TASK_ROOT, and gets a context object as in AWS's "Lambda context object
// in Node.js". A timed-out invocation fails with `Sandbox.Timedout` and ends the process, as Lambda ends the sandbox.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

interface Invoke {
  readonly 'invoke-id': string;
  readonly 'invoked-function-arn': string;
  readonly payload: string;
  readonly 'trace-id'?: string;
}

const env = process.env;
const runtimeEndpoint = env.LOCALSTACK_RUNTIME_ENDPOINT ?? '';
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? 3) * 1000;

/** Posts to LocalStack's executor endpoint of this environment. */
async function report(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${runtimeEndpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

/** Lambda's error shape (`errorType`, `errorMessage`, `stackTrace`). */
function errorBody(error: unknown, type?: string) {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: type ?? e.name,
    errorMessage: e.message,
    stackTrace: (e.stack ?? '').split('\n').slice(1),
  };
}

async function loadHandler(): Promise<Handler> {
  const spec = env._HANDLER ?? '';
  const dot = spec.lastIndexOf('.');
  const [file, name] = [spec.slice(0, dot), spec.slice(dot + 1)];
  const root = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const path = ['.mjs', '.js', '.cjs'].map((ext) => join(root, file + ext)).find((p) => existsSync(p));
  if (dot < 1 || path === undefined)
    throw new Error(`Cannot find the handler module of _HANDLER=${spec} in ${root}`);
  const handler = (await import(pathToFileURL(path).href))[name] as unknown;
  if (typeof handler !== 'function')
    throw new Error(`${path} exports no function ${name} (_HANDLER=${spec})`);
  return handler as Handler;
}

/** Everything the process writes while `run` is pending, still passed through to its own output. */
async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (writes[i] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  try {
    return { result: await run(), output: chunks.join('') };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i] as typeof stream.write;
    });
  }
}

async function invoke(handler: Handler, request: Invoke): Promise<void> {
  const id = request['invoke-id'];
  const deadline = Date.now() + timeoutMs;
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? '';
  const context = {
    awsRequestId: id,
    invokedFunctionArn: request['invoked-function-arn'],
    functionName,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  if (request['trace-id']) env._X_AMZN_TRACE_ID = request['trace-id'];
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`Task timed out after ${timeoutMs / 1000} seconds`), { timedOut: true }),
        ),
      timeoutMs,
    );
  });
  const { result, output } = await captureOutput(async () => {
    try {
      const value = await Promise.race([handler(JSON.parse(request.payload), context), timedOut]);
      return { ok: true as const, value };
    } catch (error) {
      return { ok: false as const, error };
    } finally {
      clearTimeout(timer);
    }
  });
  await report(`/invocations/${id}/logs`, { logs: output });
  if (result.ok) {
    await report(`/invocations/${id}/response`, result.value ?? null);
    return;
  }
  const timeout = (result.error as { timedOut?: boolean }).timedOut === true;
  await report(`/invocations/${id}/error`, errorBody(result.error, timeout ? 'Sandbox.Timedout' : undefined));
  if (timeout) process.exit(1);
}

async function main(): Promise<void> {
  const runtimeId = env.LOCALSTACK_RUNTIME_ID ?? '';
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    await report(`/status/${runtimeId}/error`, errorBody(error, 'Runtime.ImportModuleError'));
    process.exit(1);
  }
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/invoke') {
      res.writeHead(404).end();
      return;
    }
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      res.writeHead(202).end();
      const request = JSON.parse(Buffer.concat(body).toString('utf8')) as Invoke;
      invoke(handler, request).catch((error: unknown) => {
        console.error('host runtime: reporting the invocation failed', error);
        process.exit(1);
      });
    });
  });
  server.listen(Number(env.HOST_LAMBDA_PORT), '127.0.0.1', () => {
    report(`/status/${runtimeId}/ready`, {}).catch((error: unknown) => {
      console.error('host runtime: LocalStack did not accept the ready status', error);
      process.exit(1);
    });
  });
}

await main();
