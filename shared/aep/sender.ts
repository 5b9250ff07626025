// The HTTP adapter of the `AepSender` port: what `AEPPublisher`/`HttpProducer` of Adobe's Java connector do (POST
// `{"messages":[…]}` to the inlet's batch endpoint, bearer token, extra headers, proxy, retries), plus byte-accurate
// batching, gzip, concurrent requests, per-message results of the 207 answer, token refresh on 401/403 and 413 splits.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { ConfigErrors } from '../config/index.ts';
import type { Logger } from '../logging/index.ts';
import { checkAllowedEndpoints } from './allowlist.ts';
import {
  cachedToken,
  type ImsRequestContext,
  invalidateToken,
  type TokenProvider,
  tokenProvider,
} from './auth/index.ts';
import { type BatchLimits, requestBody, requestBytes } from './batching.ts';
import { AepKeys, AepMetricNames, Compression, DEFAULT_ALLOWED_HOSTS, GZIP_LEVEL } from './constants.ts';
import {
  type DeliveryState,
  fail,
  OpenDelivery,
  type Payload,
  type RequestRunner,
  report,
  stopped,
} from './delivery.ts';
import { AepRequestError, ImsTokenError } from './errors.ts';
import { createDispatcher, describeError, type HttpAnswer, post } from './http.ts';
import { answerReason, failedOutcome, multiStatusOutcomes } from './responses.ts';
import {
  type AttemptResult,
  describeRetryFailure,
  isRetriableStatus,
  parseRetryAfter,
  RETRY_DEFAULTS,
  type RetryPolicy,
  type RetryTiming,
  retrying,
} from './retry.ts';
import { type AepConfig, parseAepConfig } from './settings.ts';
import type {
  AepDelivery,
  AepMessage,
  AepMetrics,
  AepSender,
  DeliveryOptions,
  MessageOutcome,
} from './types.ts';

const gzipAsync = promisify(gzip);

/**
 * What a sender may be given besides its config.
 */
export interface AepSenderDeps {
  /** The deployment's `aep.allowed.hosts` (see `parseAllowedHosts`); Adobe's hosts when not given. */
  readonly allowedHosts?: readonly string[];
  readonly logger?: Logger;
  readonly metrics?: AepMetrics;
  /** Overrides of the retry timing (e.g. `FAST_RETRY` in tests); attempts come from the config. */
  readonly retry?: Partial<RetryTiming>;
  /** Source of the backoff jitter, in [0, 1). */
  readonly random?: () => number;
  /** Where the `AUTH_ENDPOINT` fallback is read; `process.env` when not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * An `AepSender` that POSTs to AEP's batch endpoint, from a connector's config (its `aep.*` keys; other keys are
 * ignored). The endpoints are checked against the allowed hosts first: a config that names another host is refused
 * before any request.
 *
 * @throws {ConfigErrors} listing every problem of the `aep.*` keys, or naming `aep.endpoint` or
 * `aep.connection.auth.endpoint` when a host is not allowed.
 * @example
 * const sender = createAepSender(connector.config, { allowedHosts, logger, metrics });
 * const outcomes = await sender.send(jsonTexts, { deadline: Date.now() + context.getRemainingTimeInMillis() - 2_000 });
 * await sender.close();
 */
export function createAepSender(
  props: Readonly<Record<string, unknown>>,
  deps: AepSenderDeps = {},
): AepSender {
  const config = parseAepConfig(props, { env: deps.env });
  const problems = checkAllowedEndpoints(config, deps.allowedHosts ?? DEFAULT_ALLOWED_HOSTS);
  if (problems.length > 0) throw new ConfigErrors(problems);
  return new HttpAepSender(config, deps);
}

class HttpAepSender implements AepSender, RequestRunner {
  readonly #config: AepConfig;
  readonly #deps: AepSenderDeps;
  readonly #dispatcher: Dispatcher;
  readonly #policy: RetryPolicy;
  readonly #tokens: TokenProvider | undefined;
  readonly #headers: Record<string, string>;

  constructor(config: AepConfig, deps: AepSenderDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#dispatcher = createDispatcher(config);
    this.#policy = {
      maxAttempts: config.maxAttempts,
      baseDelayMs: config.retryBackoffMs,
      maxDelayMs: config.retryBackoffMaxMs,
      minAttemptMs: RETRY_DEFAULTS.minAttemptMs,
      ...deps.retry,
    };
    this.#tokens = config.auth && tokenProvider(config.auth);
    this.#headers = {
      ...config.headers,
      'content-type': 'application/json',
      ...(config.compression === Compression.GZIP ? { 'content-encoding': 'gzip' } : {}),
    };
  }

  get limits(): BatchLimits {
    return {
      maxRequestBytes: this.#config.maxRequestBytes,
      maxMessages: this.#config.maxMessagesPerRequest,
      flushBytes: this.#config.flushBytes,
    };
  }

  get maxInFlight(): number {
    return this.#config.maxInFlightRequests;
  }

  send(messages: readonly AepMessage[], options: DeliveryOptions): Promise<MessageOutcome[]> {
    const delivery = this.open(options);
    delivery.add(messages);
    return delivery.end();
  }

  open(options: DeliveryOptions): AepDelivery {
    return new OpenDelivery(this, options);
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  oversized(size: number): MessageOutcome {
    return failedOutcome({
      retriable: false,
      status: 413,
      reason: `message of ${size} bytes cannot be sent: with the {"messages":[…]} envelope its request would exceed ${AepKeys.MAX_REQUEST_BYTES}=${this.#config.maxRequestBytes} bytes`,
    });
  }

  /** The body of a request, compressed with `aep.compression=gzip`. */
  async payload(delivery: DeliveryState, indexes: readonly number[]): Promise<Payload> {
    const rawBytes = requestBytes(delivery.sizes, indexes);
    const body = requestBody(delivery.messages, indexes, rawBytes);
    const payload =
      this.#config.compression === Compression.GZIP
        ? await gzipAsync(body, { level: GZIP_LEVEL, chunkSize: gzipChunkBytes(body.length) })
        : body;
    return { payload, rawBytes };
  }

  async deliver(delivery: DeliveryState, indexes: number[], payload: Promise<Payload>): Promise<void> {
    try {
      await this.#send(delivery, indexes, await payload);
    } catch (error) {
      // A bug, not an AEP answer: report it and leave the messages to be sent again.
      this.#deps.logger?.error('AEP delivery failed unexpectedly', { error: describeError(error) });
      const unexpected = new AepRequestError(`unexpected error: ${describeError(error)}`, {
        retriable: true,
        attempts: 0,
        cause: error,
      });
      fail(delivery, indexes, unexpected);
    }
  }

  async #send(delivery: DeliveryState, indexes: number[], prepared?: Payload): Promise<void> {
    const { payload, rawBytes } = prepared ?? (await this.payload(delivery, indexes));
    const wireBytes = payload.length;
    let refreshed = false;
    for (;;) {
      let bearer: string | undefined;
      if (this.#tokens) {
        try {
          bearer = await cachedToken(this.#tokens, this.#imsContext(delivery.deadline));
        } catch (error) {
          if (!(error instanceof ImsTokenError)) throw error;
          return fail(delivery, indexes, error, this.#deps.logger);
        }
      }
      const headers = bearer ? { ...this.#headers, authorization: `Bearer ${bearer}` } : this.#headers;
      const result = await retrying(() => this.#attempt(delivery, payload, headers, rawBytes, wireBytes), {
        policy: this.#policy,
        deadline: delivery.deadline,
        signal: delivery.signal,
        stop: delivery.stop,
        random: this.#deps.random,
        onRetry: (failure, delayMs, attempt) => {
          this.#deps.metrics?.addMetric(AepMetricNames.RETRIES, 'Count', 1);
          this.#deps.logger?.warn('AEP request failed; retrying', {
            reason: failure.reason,
            attempt,
            delayMs,
            messages: indexes.length,
          });
        },
      });
      if (!result.ok) {
        return fail(
          delivery,
          indexes,
          new AepRequestError(`AEP request ${describeRetryFailure(result)}`, {
            status: result.last?.status,
            retriable: true,
            attempts: result.attempts,
            cause: result.last?.cause,
          }),
          this.#deps.logger,
        );
      }
      const answer = result.value;
      if (answer.status >= 200 && answer.status <= 299) {
        const outcomes = multiStatusOutcomes(answer.body, indexes.length);
        const failed = outcomes.reduce((n, outcome) => (outcome.ok ? n : n + 1), 0);
        if (failed > 0) {
          this.#deps.logger?.warn('AEP did not take every message of a request', {
            messages: indexes.length,
            failed,
          });
        }
        return report(delivery, indexes, outcomes);
      }
      if (
        (answer.status === 401 || answer.status === 403) &&
        bearer &&
        this.#tokens?.refreshable &&
        !refreshed
      ) {
        if (delivery.stop?.aborted) return fail(delivery, indexes, stopped());
        refreshed = true;
        invalidateToken(this.#tokens, bearer);
        this.#deps.metrics?.addMetric(AepMetricNames.RETRIES, 'Count', 1);
        this.#deps.logger?.info('AEP refused the token; fetching a new one', { status: answer.status });
        continue;
      }
      if (answer.status === 413 && indexes.length > 1) {
        const half = Math.ceil(indexes.length / 2);
        this.#deps.logger?.info('AEP answered 413; splitting the request', {
          messages: indexes.length,
          rawBytes,
        });
        await this.#deliverOrStop(delivery, indexes.slice(0, half));
        return this.#deliverOrStop(delivery, indexes.slice(half));
      }
      return fail(
        delivery,
        indexes,
        new AepRequestError(answerReason(answer.status, answer.body), {
          status: answer.status,
          retriable: false,
          attempts: result.attempts,
        }),
        this.#deps.logger,
      );
    }
  }

  #deliverOrStop(delivery: DeliveryState, indexes: number[]): Promise<void> {
    if (delivery.stop?.aborted) {
      fail(delivery, indexes, stopped());
      return Promise.resolve();
    }
    return this.#send(delivery, indexes);
  }

  async #attempt(
    delivery: DeliveryState,
    payload: Buffer,
    headers: Record<string, string>,
    rawBytes: number,
    wireBytes: number,
  ): Promise<AttemptResult<HttpAnswer>> {
    const metrics = this.#deps.metrics;
    metrics?.addMetric(AepMetricNames.REQUESTS, 'Count', 1);
    metrics?.addMetric(AepMetricNames.BYTES_RAW, 'Bytes', rawBytes);
    metrics?.addMetric(AepMetricNames.BYTES_WIRE, 'Bytes', wireBytes);
    const started = performance.now();
    try {
      const answer = await post(
        this.#dispatcher,
        this.#config.batchUrl,
        headers,
        payload,
        delivery.deadline,
        delivery.signal,
      );
      metrics?.addMetric(AepMetricNames.LATENCY, 'Milliseconds', performance.now() - started);
      if (answer.status === 429) metrics?.addMetric(AepMetricNames.THROTTLES, 'Count', 1);
      if (!isRetriableStatus(answer.status)) return { done: true, value: answer };
      return {
        done: false,
        status: answer.status,
        reason: answerReason(answer.status, answer.body),
        retryAfterMs: parseRetryAfter(answer.headers['retry-after']),
      };
    } catch (error) {
      return { done: false, reason: `request to AEP failed: ${describeError(error)}`, cause: error };
    }
  }

  #imsContext(deadline: number): ImsRequestContext {
    return {
      dispatcher: this.#dispatcher,
      policy: this.#policy,
      deadline,
      random: this.#deps.random,
      logger: this.#deps.logger,
      metrics: this.#deps.metrics,
    };
  }
}

/**
 * zlib's output chunk for a body: its whole size (gzip of JSON is smaller), so the body is compressed in one pass on
 * libuv's pool. With the default 16 KiB each chunk needs the main thread to start the next, and a busy main thread
 * (converting the next records) held every body back for tens of milliseconds.
 */
function gzipChunkBytes(bodyBytes: number): number {
  return Math.max(16 * 1024, bodyBytes);
}
