// Global setup of the LocalStack suite: is a LocalStack reachable? Tests read `inject('localstackEndpoint')`, which is
// empty when not, and then skip.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    localstackEndpoint: string;
  }
}

/** How long the health probe may take before LocalStack counts as absent. */
const PROBE_TIMEOUT_MS = 2_000;

export default async function setup(project: TestProject): Promise<void> {
  const endpoint = (process.env.LOCALSTACK_ENDPOINT ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
  let reachable = false;
  try {
    const health = await fetch(`${endpoint}/_localstack/health`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    reachable = health.ok;
  } catch {
    reachable = false;
  }
  if (!reachable) {
    console.log(
      `LocalStack is not reachable at ${endpoint} (GET /_localstack/health): skipping the LocalStack suite. Start LocalStack (see docs/deploy.md) or set LOCALSTACK_ENDPOINT.`,
    );
  }
  project.provide('localstackEndpoint', reachable ? endpoint : '');
}
