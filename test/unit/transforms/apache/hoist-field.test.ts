import { describe, expect, it } from 'vitest';
import { apply, sinkRecord, withValue } from '../helpers.ts';

describe('HoistField', () => {
  it.each([
    ['foo', { line: 'foo' }],
    [null, { line: null }],
    [{ a: 1 }, { line: { a: 1 } }],
  ])('wraps %j (Apache connect.html file source example)', (value, expected) => {
    expect(
      apply('org.apache.kafka.connect.transforms.HoistField$Value', { field: 'line' }, withValue(value))
        ?.value,
    ).toEqual(expected);
  });

  it('wraps the key with its schema', () => {
    const out = apply(
      'HoistField$Key',
      { field: 'id' },
      sinkRecord({ key: 7, keySchema: { type: 'int64' } }),
    );
    expect(out?.key).toEqual({ id: 7 });
    expect(out?.keySchema).toEqual({ type: 'struct', fields: [{ field: 'id', type: 'int64' }] });
  });
});
