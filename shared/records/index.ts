export { recordRef, topicPartition } from './coordinates.ts';
export { type DecodedEvent, decodeKafkaEvent, KAFKA_EVENT_SOURCES, type KafkaEventSource } from './decode.ts';
export { MalformedEventError, MalformedRecordError } from './errors.ts';
export { FETCHED_BYTES, type FetchedBytes, fetchedBytes } from './fetched.ts';
export { parseJsonObject } from './json.ts';
export { JsonDouble, parseJsonExact } from './numbers.ts';
export type * from './types.ts';
export { decodeUtf8, firstInvalidUtf8 } from './utf8.ts';
