// Vitest global setup: make sure a real Kafka broker (KRaft, single node) listens on 127.0.0.1 before any test runs.
// It reuses a broker that is already up (scripts/kafka.sh is idempotent) and stops it afterwards only if it started it.
import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('../../scripts/kafka.sh', import.meta.url));
const port = Number(process.env.KAFKA_PORT ?? 9092);

function reachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBootstrap: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const alreadyUp = await reachable();
  if (!alreadyUp) {
    execFileSync('bash', [script, 'start'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: String(port) },
    });
  }
  project.provide('kafkaBootstrap', `127.0.0.1:${port}`);
  return () => {
    if (!alreadyUp && !process.env.KEEP_KAFKA) {
      execFileSync('bash', [script, 'stop'], {
        stdio: 'inherit',
        env: { ...process.env, KAFKA_PORT: String(port) },
      });
    }
  };
}
