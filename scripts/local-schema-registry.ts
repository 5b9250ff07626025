// The local schema registry for scripts that need one (the Avro demo, the bench): the one answering on
// SCHEMA_REGISTRY_PORT (8081), started with scripts/schema-registry.sh when none does.
import { execFileSync } from 'node:child_process';

const script = new URL('./schema-registry.sh', import.meta.url).pathname;

/** The registry's Confluent-compatible URL, and whether it was started here (then `stop()` stops it). */
export interface LocalSchemaRegistry {
  readonly url: string;
  readonly started: boolean;
  stop(): void;
}

/**
 * The local registry, started (and announced with `say`) when none answers.
 *
 * @example
 * const registry = await localSchemaRegistry(console.log);
 * // … value.converter.schema.registry.url = registry.url …
 * registry.stop();
 */
export async function localSchemaRegistry(say: (message: string) => void): Promise<LocalSchemaRegistry> {
  const port = process.env.SCHEMA_REGISTRY_PORT ?? '8081';
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  const up = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) {
    say(
      'no schema registry answers: starting one with `bash scripts/schema-registry.sh start` (stopped again at the end)',
    );
    execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
  }
  return {
    url,
    started: !up,
    stop: () => {
      if (!up) execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
    },
  };
}
