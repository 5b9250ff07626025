// The one logging port of shared/: Powertools' `Logger` fits it as is (the Lambda functions pass theirs), and so does
// the local worker's line logger (`textLogger`).

/**
 * Where a component writes what it does. Attributes are structured context (Powertools' extra keys). Never receives a
 * secret or, unless `errors.log.include.messages` is on, record contents.
 */
export interface Logger {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}
