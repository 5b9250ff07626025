// The real CDK CLI synthesizing cdk/bin/app.ts with cdk.json, bundling both functions with the local esbuild and
// running cdk-nag, with no AWS credentials and no network: what `npm run synth` does on a clean clone.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../cdk/lib/bundled-function.ts';

const run = promisify(execFile);
const outputs: string[] = [];
afterAll(() => {
  for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `cdk synth` into a fresh directory with the given context, without any AWS_* variable. */
async function synth(context: Record<string, string> = {}) {
  const out = mkdtempSync(join(tmpdir(), 'aep-sink-synth-'));
  outputs.push(out);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const args = ['cdk', 'synth', '--no-notices', '-q', '-o', out];
  for (const [key, value] of Object.entries(context)) args.push('-c', `${key}=${value}`);
  const result = await run('npx', args, {
    cwd: PROJECT_ROOT,
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { out, ...result };
}

function template(out: string, stack: string) {
  return JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<
      string,
      { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
    >;
  };
}

describe('cdk synth (the CLI, cdk.json, local bundling, cdk-nag)', () => {
  it('synthesizes the default app offline with both function bundles as ES modules', {
    timeout: 180_000,
  }, async () => {
    const { out } = await synth();
    const resources = Object.values(template(out, 'AepStreamingSink').Resources);
    const functions = resources.filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs24.x',
    );
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      const asset = fn.Metadata?.['aws:asset:path'];
      expect(asset).toBeDefined();
      const files = readdirSync(join(out, String(asset)));
      expect(files).toContain('index.mjs');
      const bundle = readFileSync(join(out, String(asset), 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire } from 'node:module';")).toBe(true);
      expect(bundle).toContain('handler');
    }
    expect(existsSync(join(out, 'validation-report.json'))).toBe(true);
  });

  it('fails with every bad context key named, before synthesizing anything', {
    timeout: 120_000,
  }, async () => {
    const failure = await synth({ subnetIds: 'subnet-1', apiAuth: 'open' }).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(failure?.stderr).toMatch(/subnetIds/);
    expect(failure?.stderr).toMatch(/apiAuth/);
  });
});
