import { HIDDEN } from './constants.ts';

/**
 * A secret value (Kafka's `types.Password`): it prints, serialises and inspects as `[hidden]`, so it never reaches a
 * log line or a REST response by accident. Read the secret with {@link Password.value}.
 *
 * @example
 * const p = new Password('s3cret');
 * String(p); // "[hidden]"
 * p.value;   // "s3cret"
 */
export class Password {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  get value(): string {
    return this.#value;
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return HIDDEN;
  }
}
