import { describe, expect, it } from 'vitest';
import { apply, failure, transformProblems, withValue } from '../helpers.ts';

const TYPE = 'com.adobe.platform.streaming.sink.transformation.JsonPatchTransform';
// Adobe's JsonPatchTransformTest: add the Data Prep upsert header.
const UPSERT = JSON.stringify([
  {
    op: 'add',
    path: '/header',
    value: {
      operations: { data: 'merge', identity: 'create', identityDatasetId: '2474b6c6c8bb6a1c72643ac8' },
    },
  },
]);
const RECORD = { payload: { crmId: 'VM-121-SHARE', id: 2388398 } };

describe('JsonPatchTransform', () => {
  it.each([
    ['a JSON object', RECORD],
    ['a JSON string (StringConverter)', JSON.stringify(RECORD)],
    ['JSON bytes (ByteArrayConverter)', Buffer.from(JSON.stringify(RECORD))],
  ])('patches %s (Adobe test data)', (_, value) => {
    const out = apply(TYPE, { operations: UPSERT }, withValue(value, { type: 'string' }));
    expect(out?.value).toEqual({
      ...RECORD,
      header: {
        operations: { data: 'merge', identity: 'create', identityDatasetId: '2474b6c6c8bb6a1c72643ac8' },
      },
    });
    expect(out?.valueSchema).toBeNull();
  });

  it('does not change the input object', () => {
    const value = { a: { b: 1 } };
    apply(TYPE, { operations: '[{"op":"replace","path":"/a/b","value":2}]' }, withValue(value));
    expect(value).toEqual({ a: { b: 1 } });
  });

  it('passes a tombstone through', () => {
    const tombstone = withValue(null);
    expect(apply(TYPE, { operations: UPSERT }, tombstone)).toBe(tombstone);
  });

  it.each([
    [
      '[{"op":"test","path":"/a","value":2}]',
      { a: 1 },
      'JSON Patch operation 0 (test /a) failed: TEST_OPERATION_FAILED',
    ],
    [
      '[{"op":"replace","path":"/missing","value":2}]',
      { a: 1 },
      'JSON Patch operation 0 (replace /missing) failed: OPERATION_PATH_UNRESOLVABLE',
    ],
    ['[]', 'not json {', 'The value is not valid JSON'],
    ['[]', '{"a" 1}', 'The value is not valid JSON (error at position 5)'],
    ['[]', [1, 2], 'JsonPatchTransform needs a JSON object value, found: java.util.ArrayList'],
  ])('fails the record (Adobe passes it on unchanged) for %s on %j', (operations, value, message) => {
    expect(failure(() => apply(TYPE, { operations }, withValue(value))).cause.message).toBe(message);
  });

  it('never quotes record content in its errors', () => {
    const message = failure(() => apply(TYPE, { operations: '[]' }, withValue('{"secret": tops'))).cause
      .message;
    expect(message).not.toContain('secret');
  });

  it.each([
    ['{"op":"add"}', 'a JSON Patch is an array of operations'],
    [
      '[{"op":"jump","path":"/a"}]',
      'Operation `op` property is not one of operations defined in RFC-6902 (operation 0)',
    ],
    ['[', 'Failed to read json patch config: '],
  ])('rejects operations=%s', (operations, reason) => {
    const problems = transformProblems(TYPE, { operations });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `transforms.t.operations: Invalid value ${operations} for configuration transforms.t.operations: `,
    );
    expect(problems[0]).toContain(reason);
  });
});
