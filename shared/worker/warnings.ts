// kafkajs 2.2 schedules negative timeouts while it waits for broker responses, and Node 24 prints a
// TimeoutNegativeWarning for each one. They say nothing to a user; every other warning still prints.

/**
 * Replaces Node's default warning printer with one that skips kafkajs' TimeoutNegativeWarning.
 *
 * @example
 * hideKafkajsTimeoutWarnings(); // at the top of a command-line entry point
 */
export function hideKafkajsTimeoutWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') console.warn(`${warning.name}: ${warning.message}`);
  });
}
