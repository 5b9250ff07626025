// Global setup of the LocalStack suite: LocalStack on 127.0.0.1 (scripts/localstack.sh, no Docker, no token). It
// reuses one that already answers on the port and stops it afterwards only if it started it. Tests read
// `inject('localstackEndpoint')` and `inject('localstackRunDir')`, where they keep every file they write.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    localstackEndpoint: string;
    localstackRunDir: string;
  }
}

const script = fileURLToPath(new URL('../../scripts/localstack.sh', import.meta.url));

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const port = process.env.LOCALSTACK_PORT ?? '4566';
  const runDir = process.env.LOCALSTACK_RUN_DIR ?? join(tmpdir(), `aep-sink-localstack-${port}`);
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env, LOCALSTACK_PORT: port, LOCALSTACK_RUN_DIR: runDir };
  const alreadyUp = await answers(endpoint);
  if (!alreadyUp) execFileSync('bash', [script, 'start'], { stdio: 'inherit', env });
  project.provide('localstackEndpoint', endpoint);
  project.provide('localstackRunDir', runDir);
  return () => {
    if (!alreadyUp && !process.env.KEEP_LOCALSTACK)
      execFileSync('bash', [script, 'stop'], { stdio: 'inherit', env });
  };
}
