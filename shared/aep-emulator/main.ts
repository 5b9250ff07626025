// The AEP emulator as a command, for manual use and the demo:
//   node shared/aep-emulator/main.ts [--port 8090] [--client-id id --client-secret secret] [--data-type xdm|raw]
// prints its URLs, then one line per request; Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { Password } from '../config/index.ts';
import { AepEmulatorOptionsError } from './errors.ts';
import { startAepEmulator } from './server.ts';
import type {
  AepEmulator,
  AepEmulatorOptions,
  FailureStatusFieldName,
  InletDataType,
  RecordedRequest,
} from './types.ts';

const USAGE = `Usage: node shared/aep-emulator/main.ts [options]
  --port <n>                   port on 127.0.0.1 (default: a free port)
  --client-id <id>             turn on authenticated inlets and IMS with these credentials
  --client-secret <secret>
  --scope <scopes>             scopes the credential has (comma-separated; default: any)
  --code <code>                authorization code accepted at /ims/token/v1
  --data-type <xdm|raw>        inlet data type (default: raw)
  --max-request-bytes <n>      413 above this decoded size (default: 1048576)
  --failure-status-field <statusCode|status>
  --ims-org-id <org>           the inlet's org
  --latency-ms <n>             delay before every answer
  --help                       this text`;

/**
 * Parses the command line into emulator options.
 *
 * @throws {AepEmulatorOptionsError} for unknown flags or values that are not numbers.
 * @example
 * parseCommandLine(['--port', '8090', '--data-type', 'xdm']); // { port: 8090, dataType: 'xdm' }
 */
export function parseCommandLine(args: readonly string[]): AepEmulatorOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      options: Object.fromEntries(
        [
          'port',
          'client-id',
          'client-secret',
          'scope',
          'code',
          'data-type',
          'max-request-bytes',
          'failure-status-field',
          'ims-org-id',
          'latency-ms',
        ].map((name) => [name, { type: 'string' as const }]),
      ),
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new AepEmulatorOptionsError([(error as Error).message]);
  }
  const problems: string[] = [];
  const number = (flag: string): number | undefined => {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) problems.push(`--${flag} must be a whole number, got ${text}`);
    return Number(text);
  };
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'];
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    problems.push('--client-id and --client-secret go together');
  }
  const options: AepEmulatorOptions = {
    port: number('port'),
    maxRequestBytes: number('max-request-bytes'),
    latencyMs: number('latency-ms'),
    dataType: values['data-type'] as InletDataType | undefined,
    failureStatusField: values['failure-status-field'] as FailureStatusFieldName | undefined,
    imsOrgId: values['ims-org-id'],
    auth:
      clientId === undefined || clientSecret === undefined
        ? undefined
        : {
            clientId,
            clientSecret: new Password(clientSecret),
            scope: values.scope,
            code: values.code,
          },
  };
  if (problems.length > 0) throw new AepEmulatorOptionsError(problems);
  return options;
}

/**
 * One log line per request: time, method, path, status (or what became of the request) and sizes. Never a header or
 * a body, so no token or secret.
 *
 * @example
 * describeRequest(record); // "2026-01-01T10:00:00.000Z POST /collection/batch/inlet → 207 (1234 B, 5678 B decoded)"
 */
export function describeRequest(record: RecordedRequest): string {
  const answer =
    record.outcome === 'answered' ? String(record.status) : `${record.status ?? '-'} ${record.outcome}`;
  const decoded = record.decodedBytes === undefined ? '' : `, ${record.decodedBytes} B decoded`;
  return `${new Date(record.receivedAt).toISOString()} ${record.method} ${record.path} → ${answer} (${record.rawBytes} B${decoded})`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  let aep: AepEmulator;
  try {
    const options = parseCommandLine(process.argv.slice(2));
    aep = await startAepEmulator({ ...options, onRequest: (record) => console.log(describeRequest(record)) });
  } catch (error) {
    if (!(error instanceof AepEmulatorOptionsError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.log(`AEP emulator listening on ${aep.url}`);
  console.log(`  aep.endpoint=${aep.endpoint('inlet')}`);
  console.log(`  aep.connection.auth.endpoint=${aep.imsEndpoint}`);
  const stop = () => void aep.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
