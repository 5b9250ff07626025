// Checks the emulator's options once, reporting every problem, and fills in the defaults.
import { Password } from '../config/index.ts';
import { AepEmulatorDefaults, DataType, FailureStatusField } from './constants.ts';
import { AepEmulatorOptionsError } from './errors.ts';
import type {
  AepEmulatorAuth,
  AepEmulatorOptions,
  FailureStatusFieldName,
  InletDataType,
  JsonObject,
  RecordedRequest,
} from './types.ts';

/**
 * IMS credentials with defaults applied and the secret wrapped.
 *
 * @example
 * resolveOptions({ auth: { clientId: 'id', clientSecret: 's' } }).auth?.tokenTtlSeconds; // 86399
 */
export interface ResolvedAuth extends Omit<AepEmulatorAuth, 'clientSecret' | 'tokenTtlSeconds'> {
  readonly clientSecret: Password;
  readonly tokenTtlSeconds: number;
}

/**
 * Options with defaults applied.
 *
 * @example
 * resolveOptions({}).maxRequestBytes; // 1048576
 */
export interface ResolvedOptions {
  readonly port: number;
  readonly auth: ResolvedAuth | undefined;
  readonly maxRequestBytes: number;
  readonly dataType: InletDataType;
  readonly failureStatusField: FailureStatusFieldName;
  readonly rejectMessage:
    | ((message: JsonObject, index: number, connectionId: string) => string | undefined)
    | undefined;
  readonly imsOrgId: string | undefined;
  readonly invalidTokenStatus: 401 | 403;
  readonly syncValidation: boolean;
  readonly latencyMs: number;
  readonly onRequest: ((request: RecordedRequest) => void) | undefined;
}

/**
 * Applies defaults and checks every option.
 *
 * @throws {AepEmulatorOptionsError} naming each invalid option.
 */
export function resolveOptions(options: AepEmulatorOptions): ResolvedOptions {
  const problems: string[] = [];
  const integer = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
    return value;
  };
  const oneOf = <T extends string | number>(
    name: string,
    value: T | undefined,
    allowed: readonly T[],
    fallback: T,
  ) => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) problems.push(`${name} must be one of ${allowed.join(', ')}, got ${value}`);
    return value;
  };

  const resolveAuth = (auth: AepEmulatorAuth): ResolvedAuth => {
    const secret =
      auth.clientSecret instanceof Password ? auth.clientSecret : new Password(auth.clientSecret ?? '');
    if (!auth.clientId) problems.push('auth.clientId must not be empty');
    if (!secret.value) problems.push('auth.clientSecret must not be empty');
    const ttl = integer(
      'auth.tokenTtlSeconds',
      auth.tokenTtlSeconds,
      AepEmulatorDefaults.TOKEN_TTL_SECONDS,
      1,
      2 ** 31,
    );
    return { ...auth, clientSecret: secret, tokenTtlSeconds: ttl };
  };

  const resolved: ResolvedOptions = {
    port: integer('port', options.port, AepEmulatorDefaults.PORT, 0, 65_535),
    auth: options.auth && resolveAuth(options.auth),
    maxRequestBytes: integer(
      'maxRequestBytes',
      options.maxRequestBytes,
      AepEmulatorDefaults.MAX_REQUEST_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    dataType: oneOf('dataType', options.dataType, Object.values(DataType), AepEmulatorDefaults.DATA_TYPE),
    failureStatusField: oneOf(
      'failureStatusField',
      options.failureStatusField,
      Object.values(FailureStatusField),
      AepEmulatorDefaults.FAILURE_STATUS_FIELD,
    ),
    rejectMessage: options.rejectMessage,
    imsOrgId: options.imsOrgId,
    invalidTokenStatus: oneOf<401 | 403>(
      'invalidTokenStatus',
      options.invalidTokenStatus,
      [401, 403],
      AepEmulatorDefaults.INVALID_TOKEN_STATUS,
    ),
    syncValidation: options.syncValidation ?? true,
    latencyMs: integer('latencyMs', options.latencyMs, 0, 0, 3_600_000),
    onRequest: options.onRequest,
  };
  if (problems.length > 0) throw new AepEmulatorOptionsError(problems);
  return resolved;
}
