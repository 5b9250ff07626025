export { byteArrayConverter } from './byte-array.ts';
export { buildConverters } from './config.ts';
export { ConverterClasses, KAFKA_VERSION, SINK_CONVERTER_DEFAULTS } from './constants.ts';
export { DataException } from './errors.ts';
export { jsonConverter } from './json.ts';
export { converterPlugins, findConverterPlugin } from './registry.ts';
export { simpleHeaderConverter } from './simple-header.ts';
export { stringConverter } from './string.ts';
export type * from './types.ts';
