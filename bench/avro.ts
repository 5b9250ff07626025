// The Avro case of the sink bench: the schema of the XDM events as Avro records (written by Confluent's AvroSerializer
// through the local schema registry), and its own floor: base64 decode, Avro decode with avsc, JSON.stringify, gzip
// and a POST of the same records.
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import type { KafkaEvent } from '../shared/records/types.ts';
import { requestBodies, sendBodies } from './request-bodies.ts';

/** The Avro schema of the bench's XDM events (`xdmEvent` in bench/sink.ts). */
export const XDM_EVENT_AVRO: object = JSON.parse(
  readFileSync(new URL('./xdm-event.avsc', import.meta.url), 'utf8'),
);

/**
 * The Avro floor: base64 decode, Avro decode of the bytes after the 5-byte header with a prepared avsc type,
 * JSON.stringify, then gzip and POST of the request bodies to `batchUrl`: what any sink reading these records must do.
 */
export async function avroFloor(event: KafkaEvent, requestBytes: number, batchUrl: string): Promise<void> {
  const type = floorType();
  const messages: string[] = [];
  for (const records of Object.values(event.records)) {
    for (const record of records) {
      messages.push(JSON.stringify(type.fromBuffer(Buffer.from(record.value ?? '', 'base64').subarray(5))));
    }
  }
  await sendBodies(requestBodies(messages, requestBytes), batchUrl);
}

let prepared: avro.Type | undefined;
function floorType(): avro.Type {
  prepared ??= avro.Type.forSchema(XDM_EVENT_AVRO as avro.Schema);
  return prepared;
}
