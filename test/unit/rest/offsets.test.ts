// Sink offsets in the REST shape: Connect's SinkUtils messages for each malformed entry, numbers or numeric strings.
import { describe, expect, it } from 'vitest';
import { offsetsRequest } from '../../../shared/rest/body.ts';
import { ConnectRestError } from '../../../shared/rest/index.ts';
import { readJsonBody } from '../../../shared/rest/json-body.ts';
import {
  connectorOffsets,
  consumedTopics,
  offsetsByGroup,
  parseSinkOffsets,
  readConnectorOffsets,
} from '../../../shared/rest/offsets.ts';
import { InMemoryOffsets } from '../../support/in-memory-mapping-runtime.ts';

const parse = (json: string) =>
  parseSinkOffsets(offsetsRequest(readJsonBody(Buffer.from(json))), (topic) => topic === 't');
const entry = (partition: string, offset = '{"kafka_offset": 1}') =>
  `{"offsets":[{"partition":${partition},"offset":${offset}}]}`;

describe('sink offsets', () => {
  it('accepts numbers and numeric strings, null offsets, and keeps the last of a repeated partition', () => {
    expect(
      parse(
        '{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":"0"},"offset":{"kafka_offset":10}},' +
          '{"partition":{"kafka_topic":"t","kafka_partition":1},"offset":null},' +
          '{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":"12"}}]}',
      ),
    ).toEqual([
      { topic: 't', partition: 0, offset: 12 },
      { topic: 't', partition: 1, offset: null },
    ]);
  });

  const P = '$.offsets[0].partition';
  it.each([
    ['{"offsets":[]}', 'Partitions / offsets need to be provided for an alter offsets request'],
    ['{}', 'Partitions / offsets need to be provided for an alter offsets request'],
    [entry('null'), `The partition for a sink connector offset cannot be null or missing (at ${P})`],
    [
      '{"offsets":[{"offset":null}]}',
      `The partition for a sink connector offset cannot be null or missing (at ${P})`,
    ],
    [
      entry('{"kafka_topic":"t"}'),
      `The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition' (at ${P})`,
    ],
    [
      entry('{"kafka_topic":null,"kafka_partition":0}'),
      `Kafka topic names must be valid strings and may not be null (at ${P}.kafka_topic)`,
    ],
    [
      entry('{"kafka_topic":{"a":"t"},"kafka_partition":0}'),
      `Kafka topic names must be valid strings and may not be null (at ${P}.kafka_topic)`,
    ],
    [
      entry('{"kafka_topic":"","kafka_partition":0}'),
      `Kafka topic names may not be empty (at ${P}.kafka_topic)`,
    ],
    [
      entry('{"kafka_topic":"other","kafka_partition":0}'),
      `Topic other is not consumed by this connector (its topics or topics.regex), so its offsets cannot be altered (at ${P}.kafka_topic)`,
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":null}'),
      `Kafka partitions must be valid numbers and may not be null (at ${P}.kafka_partition)`,
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":1.5}'),
      `Failed to parse the following Kafka partition value in the provided offsets: '1.5'. Partition values for sink connectors need to be integers. (at ${P}.kafka_partition)`,
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":-2}'),
      `Kafka partitions may not be negative: '-2' (at ${P}.kafka_partition)`,
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":0}', '{"offset":3}'),
      "The offset for a sink connector should either be null or contain the key 'kafka_offset' (at $.offsets[0].offset)",
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":0}', '{"kafka_offset":"ten"}'),
      "Failed to parse the following Kafka offset value in the provided offsets: 'ten'. Offset values for sink connectors need to be integers. (at $.offsets[0].offset.kafka_offset)",
    ],
    [
      entry('{"kafka_topic":"t","kafka_partition":0}', '{"kafka_offset":-1}'),
      "Kafka offsets may not be negative: '-1' (at $.offsets[0].offset.kafka_offset)",
    ],
    ['{"offsets":{}}', '$.offsets must be an array'],
    [
      '{"offsets":[], "extra": 1}',
      'Unrecognized field "extra" at $.extra: an offsets request has only offsets',
    ],
  ])('refuses %s', (json, message) => {
    expect(() => parse(json)).toThrow(ConnectRestError.badRequest(message));
  });

  it('takes topics from topics.regex when the connector has one', () => {
    const consumes = consumedTopics({ 'topics.regex': 'orders-.*' });
    expect([consumes('orders-eu'), consumes('orders'), consumes('x-orders-eu')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(consumedTopics({ topics: 'a, b' })('b')).toBe(true);
  });

  it('lists committed offsets sorted by topic and partition', () => {
    expect(
      connectorOffsets([
        { topic: 'b', partition: 0, offset: 1 },
        { topic: 'a', partition: 2, offset: 5 },
        { topic: 'a', partition: 1, offset: 7 },
      ]).offsets.map((o) => [o.partition.kafka_topic, o.partition.kafka_partition]),
    ).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 0],
    ]);
  });
});

describe('offsets and consumer groups', () => {
  const single = [{ groupId: 'connect-orders' }];
  const perTopic = [
    { groupId: 'connect-orders:a', topic: 'a' },
    { groupId: 'connect-orders:b', topic: 'b' },
  ];

  it("sends each partition's offset to the group that consumes its topic", () => {
    const offsets = [
      { topic: 'a', partition: 0, offset: 1 },
      { topic: 'b', partition: 2, offset: null },
      { topic: 'a', partition: 1, offset: 3 },
    ];
    expect(offsetsByGroup('orders', single, offsets)).toEqual(new Map([['connect-orders', offsets]]));
    expect(offsetsByGroup('orders', perTopic, offsets)).toEqual(
      new Map([
        ['connect-orders:a', [offsets[0], offsets[2]]],
        ['connect-orders:b', [offsets[1]]],
      ]),
    );
  });

  it('refuses a topic no group consumes, naming it', () => {
    expect(() => offsetsByGroup('orders', perTopic, [{ topic: 'c', partition: 0, offset: 1 }])).toThrow(
      'Topic c is not consumed by connector orders',
    );
  });

  it("reads each group's offsets of its own topic only", async () => {
    const port = new InMemoryOffsets();
    await port.alter('connect-orders:a', [
      { topic: 'a', partition: 0, offset: 5 },
      { topic: 'b', partition: 0, offset: 99 },
    ]);
    await port.alter('connect-orders:b', [{ topic: 'b', partition: 1, offset: 7 }]);
    expect(await readConnectorOffsets(port, perTopic)).toEqual({
      offsets: [
        { partition: { kafka_topic: 'a', kafka_partition: 0 }, offset: { kafka_offset: 5 } },
        { partition: { kafka_topic: 'b', kafka_partition: 1 }, offset: { kafka_offset: 7 } },
      ],
    });
  });
});
