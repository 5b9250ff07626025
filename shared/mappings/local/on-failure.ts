// A Kafka topic as the on-failure destination (AWS docs: "Using a Kafka topic as an on-failure destination"):
// Lambda acts as a producer and writes the failed records themselves, plus failure metadata, to the topic.
import type { Producer } from '../../kafka/index.ts';
import type { EsmRecord } from '../../records/types.ts';
import type { OnFailureDestination } from './types.ts';

/**
 * Headers carrying the failure metadata on each dead-lettered record (names are ours: AWS does not publish its).
 *
 * @example
 * record.headers[FailureHeaders.SOURCE]; // 'orders-0@42'
 */
export const FailureHeaders = {
  SOURCE: 'esm.failure.source',
  REASON: 'esm.failure.reason',
  ATTEMPTS: 'esm.failure.attempts',
  TIMESTAMP: 'esm.failure.timestamp',
} as const;

/**
 * Writes failed records to `kafka://<topic>` with their original key, value, timestamp and headers, plus
 * {@link FailureHeaders}.
 *
 * @example
 * const onFailure = kafkaOnFailureDestination(producer, 'kafka://aep-failed');
 * await onFailure(records, 'AEP answered 400', 3);
 */
export function kafkaOnFailureDestination(producer: Producer, destination: string): OnFailureDestination {
  const topic = destination.slice('kafka://'.length);
  return async (records: readonly EsmRecord[], reason: string, attempts: number) => {
    const now = String(Date.now());
    await producer.send({
      topic,
      messages: records.map((r) => ({
        key: r.key ? Buffer.from(r.key, 'base64') : null,
        value: r.value ? Buffer.from(r.value, 'base64') : null,
        timestamp: String(r.timestamp),
        headers: {
          ...Object.fromEntries(
            (r.headers ?? []).flatMap((h) => Object.entries(h).map(([k, v]) => [k, Buffer.from(v)])),
          ),
          [FailureHeaders.SOURCE]: `${r.topic}-${r.partition}@${r.offset}`,
          [FailureHeaders.REASON]: reason,
          [FailureHeaders.ATTEMPTS]: String(attempts),
          [FailureHeaders.TIMESTAMP]: now,
        },
      })),
    });
  };
}
