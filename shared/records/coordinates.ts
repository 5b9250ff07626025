// How records and partitions are named everywhere (logs, errors, Lambda's partial batch response).

/**
 * `"<topic>-<partition>"`: the key of an ESM event's `records` and of `batchItemFailures[].itemIdentifier.partition`.
 *
 * @example
 * topicPartition('orders', 3); // 'orders-3'
 */
export function topicPartition(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/**
 * `"<topic>-<partition>@<offset>"`: how errors and logs name one record.
 *
 * @example
 * recordRef({ topic: 'orders', partition: 3, offset: 42 }); // 'orders-3@42'
 */
export function recordRef(record: {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}): string {
  return `${record.topic}-${record.partition}@${record.offset}`;
}
