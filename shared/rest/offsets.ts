// Sink connector offsets in the REST API's shape and back (`SinkUtils.parseSinkConnectorOffsets` and
// `SinkUtils.consumerGroupOffsetsToConnectorOffsets`, KIP-875): partitions are `{kafka_topic, kafka_partition}`,
// offsets `{kafka_offset}` (the next offset to consume) or null to reset the partition.
import type { OffsetsPort, PartitionOffset } from '../kafka/index.ts';
import type { ConsumerGroupRef } from '../mappings/types.ts';
import type { JsonValue, OffsetEntry } from './body.ts';
import { BadRequestError } from './errors.ts';
import type { ConnectorOffsets } from './types.ts';

const TOPIC = 'kafka_topic';
const PARTITION = 'kafka_partition';
const OFFSET = 'kafka_offset';
const INT = /^[+-]?\d+$/;

/**
 * Checks and converts the entries of an alter request; numbers may be JSON numbers or numeric strings. A partition
 * given twice keeps its last offset (Connect reads the list into a map).
 *
 * @throws {BadRequestError} with Connect's message for each malformed entry.
 * @example
 * parseSinkOffsets([{ partition: { kafka_topic: 't', kafka_partition: '0' }, offset: { kafka_offset: '42' } }]);
 * // [{ topic: 't', partition: 0, offset: 42 }]
 */
export function parseSinkOffsets(entries: readonly OffsetEntry[]): PartitionOffset[] {
  const parsed = new Map<string, PartitionOffset>();
  for (const { partition: p, offset: o } of entries) {
    if (p === null)
      throw new BadRequestError('The partition for a sink connector offset cannot be null or missing');
    if (!(TOPIC in p) || !(PARTITION in p)) {
      throw new BadRequestError(
        `The partition for a sink connector offset must contain the keys '${TOPIC}' and '${PARTITION}'`,
      );
    }
    const topic = p[TOPIC];
    const partition = p[PARTITION];
    if (topic === null || topic === undefined) {
      throw new BadRequestError('Kafka topic names must be valid strings and may not be null');
    }
    if (partition === null || partition === undefined) {
      throw new BadRequestError('Kafka partitions must be valid numbers and may not be null');
    }
    const partitionNumber = javaInteger(partition, 2 ** 31 - 1);
    if (partitionNumber !== undefined && partitionNumber < 0) {
      throw new BadRequestError(`Kafka partitions may not be negative: '${render(partition)}'`);
    }
    if (partitionNumber === undefined) {
      throw new BadRequestError(
        `Failed to parse the following Kafka partition value in the provided offsets: '${render(partition)}'. Partition values for sink connectors need to be integers.`,
      );
    }
    let offset: number | null = null;
    if (o !== null) {
      if (!(OFFSET in o)) {
        throw new BadRequestError(
          `The offset for a sink connector should either be null or contain the key '${OFFSET}'`,
        );
      }
      const value = o[OFFSET] ?? null;
      const parsedOffset = javaInteger(value, Number.MAX_SAFE_INTEGER);
      if (parsedOffset === undefined) {
        throw new BadRequestError(
          `Failed to parse the following Kafka offset value in the provided offsets: '${render(value)}'. Offset values for sink connectors need to be integers.`,
        );
      }
      if (parsedOffset < 0)
        throw new BadRequestError(`Kafka offsets may not be negative: '${render(value)}'`);
      offset = parsedOffset;
    }
    const topicName = render(topic);
    parsed.set(JSON.stringify([topicName, partitionNumber]), {
      topic: topicName,
      partition: partitionNumber,
      offset,
    });
  }
  return [...parsed.values()];
}

/**
 * The consumer group's committed offsets in Connect's shape, sorted by topic and partition.
 *
 * @example
 * connectorOffsets([{ topic: 't', partition: 0, offset: 42 }]);
 * // { offsets: [{ partition: { kafka_topic: 't', kafka_partition: 0 }, offset: { kafka_offset: 42 } }] }
 */
export function connectorOffsets(offsets: readonly PartitionOffset[]): ConnectorOffsets {
  return {
    offsets: [...offsets]
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
      .map((o) => ({
        partition: { kafka_topic: o.topic, kafka_partition: o.partition },
        offset: o.offset === null ? null : { kafka_offset: o.offset },
      })),
  };
}

/**
 * The committed offsets of a connector's consumer groups, each group's limited to the topic it consumes (a per-topic
 * group may hold stray offsets of other topics).
 *
 * @example
 * await readConnectorOffsets(offsetsPort, [{ groupId: 'connect-orders' }]);
 */
export async function readConnectorOffsets(
  port: OffsetsPort,
  groups: readonly ConsumerGroupRef[],
): Promise<ConnectorOffsets> {
  const offsets: PartitionOffset[] = [];
  for (const group of groups) {
    const held = await port.get(group.groupId);
    offsets.push(...(group.topic === undefined ? held : held.filter((o) => o.topic === group.topic)));
  }
  return connectorOffsets(offsets);
}

/**
 * Each offset assigned to the consumer group that consumes its topic (one group, or one per topic on Lambda).
 *
 * @throws {BadRequestError} naming a topic the connector does not consume.
 * @example
 * offsetsByGroup('orders', [{ groupId: 'connect-orders' }], [{ topic: 'orders', partition: 0, offset: 1 }]);
 * // Map { 'connect-orders' => [{ topic: 'orders', partition: 0, offset: 1 }] }
 */
export function offsetsByGroup(
  connector: string,
  groups: readonly ConsumerGroupRef[],
  offsets: readonly PartitionOffset[],
): Map<string, PartitionOffset[]> {
  const byGroup = new Map<string, PartitionOffset[]>();
  for (const offset of offsets) {
    const group = groups.find((g) => g.topic === undefined || g.topic === offset.topic);
    if (!group) {
      throw new BadRequestError(
        `Topic ${offset.topic} is not consumed by connector ${connector}, so it has no consumer group whose offsets could be altered`,
      );
    }
    byGroup.set(group.groupId, [...(byGroup.get(group.groupId) ?? []), offset]);
  }
  return byGroup;
}

/** `Integer.parseInt` / `Long.parseLong` of `String.valueOf(value)`, within `[-max-1, max]`. */
function javaInteger(value: JsonValue, max: number): number | undefined {
  if (typeof value !== 'string' || !INT.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n <= max && n >= -max - 1 ? n : undefined;
}

/** Java's `String.valueOf` of a JSON value as Jackson reads it into a `Map<String, ?>`. */
function render(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${render(v)}`)
    .join(', ')}}`;
}
