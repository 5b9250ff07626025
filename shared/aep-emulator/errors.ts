// Errors of the AEP emulator itself (not answers it serves: those are HTTP statuses).

/**
 * The emulator was started with invalid options. Lists every problem, each naming its option (`auth.clientId`,
 * `maxRequestBytes`). Not retriable: the same options fail again.
 */
export class AepEmulatorOptionsError extends Error {
  override readonly name = 'AepEmulatorOptionsError';
  readonly problems: readonly string[];
  readonly retriable = false;

  constructor(problems: readonly string[]) {
    super(`Invalid AEP emulator options: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
