// One IMS token request: a URL-encoded form POSTed to `{ims}{path}` (the Java `IMSTokenProvider`,
// `OAuth2IMSTokenProvider` and `JWTTokenProvider`, which concatenated the form unencoded), retried like AEP calls.
import { AepMetricNames } from '../constants.ts';
import { ImsTokenError } from '../errors.ts';
import { describeError, post } from '../http.ts';
import { answerReason } from '../responses.ts';
import { describeRetryFailure, isRetriableStatus, parseRetryAfter, retrying } from '../retry.ts';
import type { AccessToken, ImsRequestContext } from './types.ts';

/**
 * Unit of `expires_in`: seconds for `/ims/token/v3`; the Java connector reads v1 and JWT answers as milliseconds.
 */
export type ExpiresInUnit = 'seconds' | 'milliseconds';

/**
 * POSTs `form` to `{endpoint}{path}` and reads `access_token` and `expires_in` from the answer. 429, 5xx and network
 * errors are retried within the policy and the deadline; any other answer fails at once.
 *
 * @throws {ImsTokenError} retriable after 429/5xx/network failures, not after a refusal (e.g. 400 invalid_client).
 */
export async function requestImsToken(
  endpoint: string,
  path: string,
  form: URLSearchParams,
  unit: ExpiresInUnit,
  context: ImsRequestContext,
): Promise<AccessToken> {
  const url = new URL(path, endpoint).toString();
  const body = form.toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const result = await retrying(
    async () => {
      context.metrics?.addMetric(AepMetricNames.TOKEN_REQUESTS, 'Count', 1);
      try {
        const answer = await post(context.dispatcher, url, headers, body, context.deadline);
        if (!isRetriableStatus(answer.status)) return { done: true, value: answer };
        return {
          done: false,
          status: answer.status,
          reason: answerReason(answer.status, answer.body, 'IMS'),
          retryAfterMs: parseRetryAfter(answer.headers['retry-after']),
        };
      } catch (error) {
        return { done: false, reason: describeError(error), cause: error };
      }
    },
    {
      policy: context.policy,
      deadline: context.deadline,
      random: context.random,
      onRetry: (failure, delayMs) =>
        context.logger?.warn('IMS token request failed; retrying', { reason: failure.reason, delayMs }),
    },
  );
  if (!result.ok) {
    throw new ImsTokenError(endpoint, describeRetryFailure(result), {
      status: result.last?.status,
      retriable: true,
      cause: result.last?.cause,
    });
  }
  const answer = result.value;
  if (answer.status < 200 || answer.status > 299) {
    throw new ImsTokenError(endpoint, answerReason(answer.status, answer.body, 'IMS'), {
      status: answer.status,
      retriable: false,
    });
  }
  return readToken(endpoint, answer.body, unit);
}

function readToken(endpoint: string, body: string, unit: ExpiresInUnit): AccessToken {
  let json: { access_token?: unknown; expires_in?: unknown } | undefined;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const expiresIn = Number(json?.expires_in);
  if (typeof json?.access_token !== 'string' || json.access_token === '' || !(expiresIn > 0)) {
    throw new ImsTokenError(endpoint, 'the answer has no access_token and positive expires_in', {
      retriable: false,
    });
  }
  return { value: json.access_token, expiresAt: Date.now() + expiresIn * (unit === 'seconds' ? 1000 : 1) };
}
