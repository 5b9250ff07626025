// Sink connector offsets in the REST API's shape and back (`SinkUtils.parseSinkConnectorOffsets` and
// `SinkUtils.consumerGroupOffsetsToConnectorOffsets`, KIP-875): partitions are `{kafka_topic, kafka_partition}`,
// offsets `{kafka_offset}` (the next offset to consume) or null to reset the partition.

import { parseType } from '../config/index.ts';
import { FrameworkKeys } from '../connector/index.ts';
import type { OffsetsPort, PartitionOffset } from '../kafka/index.ts';
import type { ConsumerGroupRef } from '../mappings/types.ts';
import type { OffsetEntry } from './body.ts';
import { ConnectRestError } from './errors.ts';
import { type JsonValue, memberPath } from './json-body.ts';
import type { ConnectorOffsets } from './types.ts';

const TOPIC = 'kafka_topic';
const PARTITION = 'kafka_partition';
const OFFSET = 'kafka_offset';
const INT = /^[+-]?\d+$/;

/**
 * Checks and converts the entries of an alter request against the topics the connector consumes; numbers may be JSON
 * numbers or numeric strings. A partition given twice keeps its last offset (Connect reads the list into a map).
 * Messages are Connect's (`SinkUtils.parseSinkConnectorOffsets`), each followed by the JSON path it is about.
 *
 * @param consumes whether the connector consumes a topic (its `topics`, or `topics.regex`); an offset for any other
 * topic is refused before the broker is asked.
 * @throws {ConnectRestError} for each malformed entry, naming its JSON path.
 * @example
 * parseSinkOffsets([{ partition: { kafka_topic: 't', kafka_partition: '0' }, offset: { kafka_offset: '42' } }], (t) => t === 't');
 * // [{ topic: 't', partition: 0, offset: 42 }]
 */
export function parseSinkOffsets(
  entries: readonly OffsetEntry[],
  consumes: (topic: string) => boolean = () => true,
): PartitionOffset[] {
  const parsed = new Map<string, PartitionOffset>();
  entries.forEach(({ partition: p, offset: o }, i) => {
    const entry = memberPath('$.offsets', i);
    const refuse = (message: string, at: string): never => {
      throw ConnectRestError.badRequest(`${message} (at ${at})`);
    };
    const partitionPath = memberPath(entry, 'partition');
    if (p === null)
      refuse('The partition for a sink connector offset cannot be null or missing', partitionPath);
    const partitionMap = p as Readonly<Record<string, JsonValue>>;
    if (!(TOPIC in partitionMap) || !(PARTITION in partitionMap)) {
      refuse(
        `The partition for a sink connector offset must contain the keys '${TOPIC}' and '${PARTITION}'`,
        partitionPath,
      );
    }
    const topic = partitionMap[TOPIC] ?? null;
    const topicPath = memberPath(partitionPath, TOPIC);
    if (typeof topic !== 'string') {
      refuse('Kafka topic names must be valid strings and may not be null', topicPath);
    }
    const topicName = topic as string;
    if (topicName === '') refuse('Kafka topic names may not be empty', topicPath);
    if (!consumes(topicName)) {
      refuse(
        `Topic ${topicName} is not consumed by this connector (its topics or topics.regex), so its offsets cannot be altered`,
        topicPath,
      );
    }
    const partition = partitionMap[PARTITION] ?? null;
    const numberPath = memberPath(partitionPath, PARTITION);
    if (partition === null) refuse('Kafka partitions must be valid numbers and may not be null', numberPath);
    const partitionNumber = javaInteger(partition, 2 ** 31 - 1);
    if (partitionNumber === undefined) {
      refuse(
        `Failed to parse the following Kafka partition value in the provided offsets: '${render(partition)}'. Partition values for sink connectors need to be integers.`,
        numberPath,
      );
    }
    if ((partitionNumber as number) < 0) {
      refuse(`Kafka partitions may not be negative: '${render(partition)}'`, numberPath);
    }
    let offset: number | null = null;
    if (o !== null) {
      const offsetPath = memberPath(entry, 'offset');
      if (!(OFFSET in o)) {
        refuse(
          `The offset for a sink connector should either be null or contain the key '${OFFSET}'`,
          offsetPath,
        );
      }
      const value = o[OFFSET] ?? null;
      const valuePath = memberPath(offsetPath, OFFSET);
      const parsedOffset = javaInteger(value, Number.MAX_SAFE_INTEGER);
      if (parsedOffset === undefined) {
        refuse(
          `Failed to parse the following Kafka offset value in the provided offsets: '${render(value)}'. Offset values for sink connectors need to be integers.`,
          valuePath,
        );
      }
      if ((parsedOffset as number) < 0)
        refuse(`Kafka offsets may not be negative: '${render(value)}'`, valuePath);
      offset = parsedOffset as number;
    }
    parsed.set(JSON.stringify([topicName, partitionNumber]), {
      topic: topicName,
      partition: partitionNumber as number,
      offset,
    });
  });
  return [...parsed.values()];
}

/**
 * Whether a connector consumes a topic, from its config: one of its `topics`, or a match of its `topics.regex`.
 *
 * @example
 * consumedTopics({ topics: 'a, b' })('b'); // true
 */
export function consumedTopics(config: Readonly<Record<string, string>>): (topic: string) => boolean {
  const regex = config[FrameworkKeys.TOPICS_REGEX]?.trim();
  if (regex) {
    const pattern = new RegExp(`^(?:${regex})$`);
    return (topic) => pattern.test(topic);
  }
  const topics = new Set(
    parseType(FrameworkKeys.TOPICS, config[FrameworkKeys.TOPICS] ?? '', 'LIST') as string[],
  );
  return (topic) => topics.has(topic);
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
 * @throws {ConnectRestError} naming a topic the connector does not consume.
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
      throw ConnectRestError.badRequest(
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
