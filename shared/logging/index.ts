export { consoleLogger, type LineWriter, SILENT_LOGGER, textLogger } from './loggers.ts';
export type { Logger } from './types.ts';
