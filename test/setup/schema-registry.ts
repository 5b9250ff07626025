// Vitest global setup: make sure a real schema registry (Apicurio, Confluent-compatible API) listens on 127.0.0.1
// before the integration tests run. It reuses one that is already up (scripts/schema-registry.sh is idempotent, and
// .ci/run starts one) and stops it afterwards only if it started it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('../../scripts/schema-registry.sh', import.meta.url));
const port = Number(process.env.SCHEMA_REGISTRY_PORT ?? 8081);
const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    schemaRegistryUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const env = { ...process.env, SCHEMA_REGISTRY_PORT: String(port) };
  const alreadyUp = await answers();
  if (!alreadyUp) execFileSync('bash', [script, 'start'], { stdio: 'inherit', env });
  project.provide('schemaRegistryUrl', url);
  return () => {
    if (!alreadyUp && !process.env.KEEP_SCHEMA_REGISTRY)
      execFileSync('bash', [script, 'stop'], { stdio: 'inherit', env });
  };
}
