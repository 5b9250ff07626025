export { SchemaRegistry } from './client.ts';
export { registrySettings, schemaRegistryConfigDef, subjectName } from './config.ts';
export { SchemaRegistryKeys, SubjectNameStrategy, UNKNOWN_SCHEMA_TTL_MS } from './constants.ts';
export { SchemaNotFoundError, SchemaRegistryError } from './errors.ts';
export type * from './types.ts';
