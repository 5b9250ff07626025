/**
 * A configuration problem with one key, worded like Kafka's `ConfigException`
 * (`Invalid value V for configuration K: reason`).
 *
 * @example
 * throw new ConfigException('aep.endpoint', 'ftp://x', 'must be an https URL');
 */
export class ConfigException extends Error {
  override readonly name = 'ConfigException';
  /** The offending configuration key. */
  readonly key: string;
  readonly value: unknown;

  constructor(key: string, value: unknown, reason?: string, options?: ErrorOptions) {
    super(
      `Invalid value ${renderValue(value)} for configuration ${key}${reason ? `: ${reason}` : ''}`,
      options,
    );
    this.key = key;
    this.value = value;
  }

  /** A problem that is not about a value (e.g. a missing required key): the message is used as is. */
  static withMessage(key: string, message: string, options?: ErrorOptions): ConfigException {
    const e = new ConfigException(key, undefined, undefined, options);
    e.message = message;
    return e;
  }

  /** `Invalid value for configuration K: reason`, for a value that may be a secret or says nothing by itself. */
  static withoutValue(key: string, reason: string): ConfigException {
    return ConfigException.withMessage(key, `Invalid value for configuration ${key}: ${reason}`);
  }
}

/** One problem found while validating a whole configuration. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Every problem of a configuration at once. Its message lists each problem on its own line, the way Connect's
 * `Connector configuration is invalid and contains the following N error(s):` text does.
 */
export class ConfigErrors extends Error {
  override readonly name = 'ConfigErrors';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `Configuration is invalid and contains the following ${problems.length} error(s):\n${problems
        .map((p) => p.message)
        .join('\n')}`,
    );
    this.problems = problems;
  }
}

// Java renders a List as `[a, b]`; messages keep that form so they read like Connect's.
function renderValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
