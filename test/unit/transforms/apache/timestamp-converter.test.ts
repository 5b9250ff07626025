import { describe, expect, it } from 'vitest';
import { apply, failure, sinkRecord, struct, transformProblems, withValue } from '../helpers.ts';

const VALUE = 'org.apache.kafka.connect.transforms.TimestampConverter$Value';
const MS = Date.UTC(2017, 0, 2, 3, 4, 5, 6);
const DAY = Date.UTC(2017, 0, 2);

describe('TimestampConverter', () => {
  it.each([
    [{ 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" }, MS, '2017-01-02T03:04:05.006Z'],
    [{ 'target.type': 'string', format: 'EEE, d MMM yyyy hh:mm a z' }, MS, 'Mon, 2 Jan 2017 03:04 AM UTC'],
    [{ 'target.type': 'unix' }, new Date(MS), MS],
    [{ 'target.type': 'unix', 'unix.precision': 'seconds' }, new Date(MS), Math.trunc(MS / 1000)],
    [{ 'target.type': 'unix', 'unix.precision': 'microseconds' }, new Date(MS), MS * 1000],
    [{ 'target.type': 'Timestamp' }, MS, new Date(MS)],
    [{ 'target.type': 'Timestamp', 'unix.precision': 'seconds' }, 1483326245, new Date(1483326245000)],
    [{ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }, new Date(MS), MS * 1e6],
    [{ 'target.type': 'Date' }, MS, new Date(DAY)],
    [{ 'target.type': 'Time' }, MS, new Date(MS - DAY)],
    [
      { 'target.type': 'Timestamp', format: 'yyyy-MM-dd HH:mm:ss.SSS' },
      '2017-01-02 03:04:05.006',
      new Date(MS),
    ],
    [{ 'target.type': 'unix', format: 'yyyyMMddHHmmss' }, '20170102030405', MS - 6],
    [{ 'target.type': 'unix', format: 'yyyy-MM-dd' }, '2017-01-02T99:99', DAY],
    [{ 'target.type': 'unix', format: 'yyyy-MM-dd' }, '2017-13-01', Date.UTC(2018, 0, 1)],
    [{ 'target.type': 'unix', format: 'dd MMMM yyyy HH:mm Z' }, '02 January 2017 05:04 +0200', MS - 5006],
  ])('converts the whole value with %j: %j → %j', (config, input, expected) => {
    expect(apply(VALUE, config, withValue(input))?.value).toEqual(expected);
  });

  it('reads nanoseconds exactly from a bigint', () => {
    const out = apply(
      VALUE,
      { 'target.type': 'Timestamp', 'unix.precision': 'nanoseconds' },
      withValue(1483326245006999999n),
    );
    expect(out?.value).toEqual(new Date(MS));
  });

  it('converts a field of a map, leaving null null', () => {
    const config = { field: 'ts', 'target.type': 'string', format: 'yyyy-MM-dd' };
    expect(apply(VALUE, config, withValue({ ts: MS, other: 1 }))?.value).toEqual({
      ts: '2017-01-02',
      other: 1,
    });
    expect(apply(VALUE, config, withValue({ ts: null }))?.value).toEqual({ ts: null });
    expect(apply(VALUE, config, withValue(null))?.value).toBeNull();
  });

  it('converts a struct field by its schema type and updates the schema', () => {
    const schema = struct({ ts: { type: 'string', optional: true }, id: 'int32' });
    const out = apply(
      VALUE,
      { field: 'ts', 'target.type': 'Timestamp', format: 'yyyy-MM-dd' },
      withValue({ ts: '2017-01-02', id: 1 }, schema),
    );
    expect(out?.valueSchema).toEqual(
      struct({
        ts: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1, optional: true },
        id: 'int32',
      }),
    );
    expect(out?.value).toEqual({ ts: DAY, id: 1 });
  });

  it.each([
    [
      { type: 'int32' as const, name: 'org.apache.kafka.connect.data.Date', version: 1 },
      17168,
      '2017-01-02 00:00:00.000',
    ],
    [
      { type: 'int32' as const, name: 'org.apache.kafka.connect.data.Time', version: 1 },
      MS - DAY,
      '1970-01-01 03:04:05.006',
    ],
    [
      { type: 'int64' as const, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
      MS,
      '2017-01-02 03:04:05.006',
    ],
  ])('reads a %j value as JsonConverter stores it (%d)', (schema, stored, text) => {
    const out = apply(
      VALUE,
      { 'target.type': 'string', format: 'yyyy-MM-dd HH:mm:ss.SSS' },
      withValue(stored, schema),
    );
    expect(out?.value).toBe(text);
    expect(out?.valueSchema).toEqual({ type: 'string' });
  });

  it.each([
    ['Date', 17168],
    ['Time', MS - DAY],
    ['Timestamp', MS],
  ])('writes a %s with a schema as JsonConverter stores it', (target, stored) => {
    const out = apply(VALUE, { 'target.type': target }, withValue(MS, { type: 'int64' }));
    expect(out?.value).toBe(stored);
  });

  it('converts a whole key with a schema', () => {
    const out = apply(
      'TimestampConverter$Key',
      { 'target.type': 'unix' },
      sinkRecord({
        key: new Date(MS),
        keySchema: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
      }),
    );
    expect(out?.key).toBe(MS);
    expect(out?.keySchema).toEqual({ type: 'int64' });
  });

  it.each([
    [
      { 'target.type': 'unix', format: 'yyyy-MM-dd' },
      'nope',
      'Could not parse timestamp: value (nope) does not match pattern (yyyy-MM-dd)',
    ],
    [
      { 'target.type': 'unix' },
      1.5,
      'TimestampConverter does not support class java.lang.Double objects as timestamps',
    ],
    [
      { 'target.type': 'unix' },
      'x',
      'TimestampConverter requires format option to be specified when using string timestamps',
    ],
  ])('fails %j on %j', (config, value, message) => {
    expect(failure(() => apply(VALUE, config, withValue(value))).cause.message).toBe(message);
  });

  it.each([
    [
      { 'target.type': 'string' },
      'transforms.t.format: TimestampConverter requires format option to be specified when using string timestamps',
    ],
    [
      { 'target.type': 'string', format: "yyyy-MM-dd'T" },
      "transforms.t.format: TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: yyyy-MM-dd'T",
    ],
    [
      { 'target.type': 'date' },
      'transforms.t.target.type: Invalid value date for configuration transforms.t.target.type: String must be one of: string, unix, Date, Time, Timestamp',
    ],
  ])('rejects %j', (config, problem) => {
    expect(transformProblems(VALUE, config)).toEqual([problem]);
  });

  it('rejects a missing target.type twice, as Connect does (missing, then the validator on null)', () => {
    expect(transformProblems(VALUE, {})).toEqual([
      'transforms.t.target.type: Missing required configuration "transforms.t.target.type" which has no default value.',
      'transforms.t.target.type: Invalid value null for configuration transforms.t.target.type: String must be one of: string, unix, Date, Time, Timestamp',
    ]);
  });
});
