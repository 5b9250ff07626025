// Lambda API calls with bounded retries (Lambda API reference, "Errors": TooManyRequestsException carries
// retryAfterSeconds; ResourceInUseException while an ESM is Creating/Updating; ResourceConflictException while
// another operation is in progress) and bounded polling of GetEventSourceMapping.
import {
  type $Command,
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  type LambdaClient,
  type LambdaClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-lambda';
import { MappingRuntimeError } from '../errors.ts';
import { type LambdaTuning, SETTLED_STATES } from './constants.ts';

type LambdaCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = $Command<
  I,
  O,
  LambdaClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
>;

/**
 * Per-call retry hints.
 */
export interface CallOptions {
  /** The ESM the call changes: on ResourceInUseException, wait for it to settle, then try again. */
  readonly uuid?: string;
  /** ResourceConflictException means "another operation is in progress" (retry) unless the caller handles it. */
  readonly conflictIsFinal?: boolean;
}

/** Errors retried in place (until `maxAttempts`). */
const RETRIED = [
  'TooManyRequestsException',
  'ResourceConflictException',
  'ResourceInUseException',
  'ServiceException',
];

const name = (e: unknown) => (e as { name?: string }).name ?? '';

/**
 * True for the SDK error of that name (matched by name, so any copy of the SDK works).
 */
export function isError(e: unknown, errorName: string): boolean {
  return name(e) === errorName;
}

/**
 * Sends Lambda commands for one connector, retrying what Lambda says can be retried and waiting for ESMs to settle.
 * Every loop is bounded by {@link LambdaTuning}; giving up is a retriable {@link MappingRuntimeError}.
 *
 * @example
 * const calls = new LambdaCalls(client, 'orders', LAMBDA_TUNING, sleep);
 * await calls.send(new DeleteEventSourceMappingCommand({ UUID }), { uuid: UUID });
 */
export class LambdaCalls {
  readonly #client: LambdaClient;
  readonly #connector: string;
  readonly #tuning: LambdaTuning;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    client: LambdaClient,
    connector: string,
    tuning: LambdaTuning,
    sleep: (ms: number) => Promise<void>,
  ) {
    this.#client = client;
    this.#connector = connector;
    this.#tuning = tuning;
    this.#sleep = sleep;
  }

  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: LambdaCommand<I, O>,
    options: CallOptions = {},
  ): Promise<O> {
    const operation = command.constructor.name.replace(/Command$/, '');
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#client.send(command);
      } catch (e) {
        const delay = this.#retryDelay(e, attempt, options);
        if (delay === undefined) throw this.#fail(operation, e, attempt);
        if (isError(e, 'ResourceInUseException') && options.uuid) await this.settled(options.uuid);
        else await this.#sleep(delay);
      }
    }
  }

  /** Polls the ESM until it is Enabled or Disabled; undefined when it no longer exists. */
  settled(uuid: string): Promise<EventSourceMappingConfiguration | undefined> {
    return this.#poll(
      uuid,
      'to settle',
      (esm) => esm === undefined || SETTLED_STATES.includes(esm.State ?? ''),
    );
  }

  /** Polls until the ESM is gone (deletion takes a few seconds). */
  async gone(uuid: string): Promise<void> {
    await this.#poll(uuid, 'to be deleted', (esm) => esm === undefined);
  }

  async get(uuid: string): Promise<EventSourceMappingConfiguration | undefined> {
    try {
      return await this.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    } catch (e) {
      if (isError((e as Error).cause, 'ResourceNotFoundException')) return undefined;
      throw e;
    }
  }

  async #poll(
    uuid: string,
    what: string,
    done: (esm: EventSourceMappingConfiguration | undefined) => boolean,
  ): Promise<EventSourceMappingConfiguration | undefined> {
    let last: EventSourceMappingConfiguration | undefined;
    for (let waited = 0; waited <= this.#tuning.maxWaitMs; waited += this.#tuning.pollIntervalMs) {
      last = await this.get(uuid);
      if (done(last)) return last;
      await this.#sleep(this.#tuning.pollIntervalMs);
    }
    throw new MappingRuntimeError(
      this.#connector,
      `event source mapping ${uuid} is still ${last?.State} after ${this.#tuning.maxWaitMs} ms waiting for it ${what}; apply again to finish`,
      { retriable: true },
    );
  }

  #retryDelay(e: unknown, attempt: number, options: CallOptions): number | undefined {
    if (attempt >= this.#tuning.maxAttempts) return undefined;
    const backoff = Math.min(this.#tuning.baseDelayMs * 2 ** (attempt - 1), this.#tuning.maxDelayMs);
    switch (name(e)) {
      case 'TooManyRequestsException': {
        const after = Number((e as { retryAfterSeconds?: string }).retryAfterSeconds) * 1000;
        if (!Number.isFinite(after) || after <= 0) return backoff;
        return after <= this.#tuning.maxWaitMs ? after : undefined;
      }
      case 'ResourceConflictException':
        return options.conflictIsFinal ? undefined : backoff;
      case 'ResourceInUseException':
      case 'ServiceException':
        return backoff;
      default:
        return undefined;
    }
  }

  #fail(operation: string, e: unknown, attempt: number): MappingRuntimeError {
    // Throttling, busy ESMs, 5xx and failures without a service answer (network, timeouts) may pass; 4xx will not.
    const retried = RETRIED.includes(name(e));
    const retriable = retried || (e as { $fault?: string }).$fault !== 'client';
    const tries = retried ? ` (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})` : '';
    return new MappingRuntimeError(
      this.#connector,
      `${operation} failed: ${name(e)}: ${(e as Error).message}${tries}`,
      {
        retriable,
        cause: e,
      },
    );
  }
}
