// The bytes of a record as a host fetched them. An ESM event carries keys and values as base64 text; a host that
// builds the event in-process from fetched records (the local runtime) also hands over the bytes themselves, so the
// sink reads them as they are instead of decoding the text it would have had to encode first.

/**
 * A record's key and value bytes, exactly the bytes its base64 `key` and `value` encode (`null` when absent).
 *
 * @example
 * const bytes: FetchedBytes = { key: null, value: Buffer.from('{"a":1}') };
 */
export interface FetchedBytes {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/**
 * Where an ESM record object keeps its {@link FetchedBytes}: a symbol, so neither JSON nor the event's own fields show
 * it. Absent on records parsed from JSON (Lambda).
 *
 * @example
 * const fetched = (record as { [FETCHED_BYTES]?: FetchedBytes })[FETCHED_BYTES];
 */
export const FETCHED_BYTES: unique symbol = Symbol('aep-sink.fetched-bytes');

/**
 * The fetched bytes of an ESM record object, when its host left them there.
 *
 * @example
 * fetchedBytes(record)?.value; // <Buffer 7b 22 61 22 3a 31 7d>
 */
export function fetchedBytes(record: object): FetchedBytes | undefined {
  return (record as { [FETCHED_BYTES]?: FetchedBytes })[FETCHED_BYTES];
}
