// Delivery errors of the AEP sender. Each says whether trying again later can succeed; the sender turns them into
// per-message outcomes (the error is the outcome's `cause`), so the pipeline never has to catch them.
import { ConnectException, type ConnectExceptionOptions } from '../errors/index.ts';

/**
 * A request to AEP did not deliver its messages. `retriable` is true for 429, 5xx, network errors, timeouts and a
 * deadline reached; false for 400-class answers and messages too large for any request. `attempts` counts the HTTP
 * attempts made (0 when none could be made).
 */
export class AepRequestError extends ConnectException {
  override readonly name = 'AepRequestError';
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(message: string, options: ConnectExceptionOptions & { status?: number; attempts: number }) {
    super(message, options);
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

/**
 * No access token could be obtained from IMS. Retriable after 429, 5xx, network errors and timeouts; not after IMS
 * refused the credentials (400/401) or the private key file could not be read. The message never holds a secret.
 *
 * @example
 * new ImsTokenError('https://ims-na1.adobelogin.com', 'IMS answered 400 invalid_client', { status: 400, retriable: false });
 */
export class ImsTokenError extends ConnectException {
  override readonly name = 'ImsTokenError';
  readonly endpoint: string;
  readonly status: number | undefined;

  constructor(endpoint: string, reason: string, options: ConnectExceptionOptions & { status?: number }) {
    super(`IMS token request to ${endpoint} failed: ${reason}`, options);
    this.endpoint = endpoint;
    this.status = options.status;
  }
}
