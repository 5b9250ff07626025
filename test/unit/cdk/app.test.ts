// The real CDK CLI synthesizing cdk/bin/app.ts with cdk.json, bundling both functions with the local esbuild and
// running cdk-nag, with no AWS credentials and no network: what `npm run synth` does on a clean clone.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** A function's environment variables, a deploy-time reference (`Ref`, `Fn::GetAtt`) replaced by a stand-in. */
function lambdaEnvironment(properties: Record<string, unknown>): Record<string, string> {
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  return Object.fromEntries(
    Object.entries(variables ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? value
        : key.endsWith('_ARN')
          ? 'arn:aws:lambda:us-east-1:123456789012:function:stand-in'
          : 'stand-in',
    ]),
  );
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
      // Loaded as Lambda loads it, with the function's environment, from a directory with no node_modules: every
      // import must be in the bundle (a require() esbuild cannot see fails only here, or in AWS).
      const loaded = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(join(out, String(asset), 'index.mjs')).href)});
           console.log(typeof m.handler);`,
        ],
        {
          cwd: out,
          env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...lambdaEnvironment(fn.Properties) },
        },
      );
      expect(loaded.stdout.trim()).toBe('function');
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
