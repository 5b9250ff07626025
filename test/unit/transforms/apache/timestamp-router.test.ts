// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Java replacement and Connect placeholder syntax.
import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, transformProblems } from '../helpers.ts';

const TYPE = 'org.apache.kafka.connect.transforms.TimestampRouter';

describe('TimestampRouter', () => {
  it.each([
    [{}, Date.UTC(2017, 0, 2), 'ordersTopic-20170102'],
    [
      { 'topic.format': 'foo-${topic}-${timestamp}', 'timestamp.format': 'YYYYMM' },
      Date.UTC(2018, 3, 17),
      'foo-ordersTopic-201804',
    ],
    [{ 'timestamp.format': 'YYYYMM' }, Date.UTC(2023, 11, 31), 'ordersTopic-202412'],
    [{ 'timestamp.format': 'yyyy.MM.dd-HH' }, Date.UTC(2024, 1, 29, 23, 5), 'ordersTopic-2024.02.29-23'],
    [{ 'timestamp.format': "yyyy'w'ww" }, Date.UTC(2024, 0, 6), 'ordersTopic-2024w01'],
  ])('%j at %d routes to %s (Confluent docs example among them)', (config, timestamp, topic) => {
    expect(apply(TYPE, config, sinkRecord({ topic: 'ordersTopic', timestamp }))?.topic).toBe(topic);
  });

  it('fails a record without a timestamp, naming it', () => {
    expect(failure(() => apply(TYPE, {}, sinkRecord({ timestamp: null }))).cause.message).toBe(
      'Timestamp missing on record: orders-0@42',
    );
  });

  it('rejects a pattern SimpleDateFormat rejects', () => {
    expect(transformProblems(TYPE, { 'timestamp.format': 'yyyyTMM' })).toEqual([
      "transforms.t.timestamp.format: Invalid value yyyyTMM for configuration transforms.t.timestamp.format: Illegal pattern character 'T'",
    ]);
  });
});
