import { describe, expect, it } from 'vitest';
import {
  javaClassName,
  javaFloatingToString,
  narrow,
  parseJavaFloating,
  parseJavaIntegral,
} from '../../../../shared/transforms/support/java.ts';

describe('Java semantics', () => {
  it.each([
    [null, 'null'],
    ['s', 'java.lang.String'],
    [1, 'java.lang.Long'],
    [1.5, 'java.lang.Double'],
    [true, 'java.lang.Boolean'],
    [Buffer.from('x'), '[B'],
    [[1], 'java.util.ArrayList'],
    [{}, 'java.util.HashMap'],
    [new Date(0), 'java.util.Date'],
  ])('the Java class of %j is %s', (value, name) => {
    expect(javaClassName(value)).toBe(name);
  });

  it.each([
    [300, 'int8', true, 44],
    [-129, 'int8', true, 127],
    [2 ** 31, 'int32', true, -2147483648],
    [Number.NaN, 'int32', false, 0],
    [1e300, 'int64', false, 2 ** 63 - 1],
    [-1e10, 'int16', false, 0],
    [129.9, 'int8', false, -127],
  ] as const)('narrows %d to %s', (value, type, integral, expected) => {
    expect(narrow(value, type, integral)).toBe(expected);
  });

  it('parses integers and floats like Java', () => {
    expect(parseJavaIntegral('-128', 'int8')).toBe(-128);
    expect(parseJavaIntegral('-129', 'int8')).toBeUndefined();
    expect(parseJavaIntegral(' 1', 'int32')).toBeUndefined();
    expect(parseJavaIntegral('9223372036854775807', 'int64')).toBe(2 ** 63);
    expect(parseJavaFloating('NaN', 'float64')).toBeNaN();
    expect(parseJavaFloating('-Infinity', 'float64')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseJavaFloating('.5e1d', 'float64')).toBe(5);
    expect(parseJavaFloating('1,5', 'float64')).toBeUndefined();
  });

  it.each([
    [100, 'float64', '100.0'],
    [0.1, 'float64', '0.1'],
    [1e7, 'float64', '1.0E7'],
    [9999999.5, 'float64', '9999999.5'],
    [0.00099, 'float64', '9.9E-4'],
    [-0, 'float64', '-0.0'],
    [Math.fround(1.1), 'float32', '1.1'],
    [Math.fround(3.4e38), 'float32', '3.4E38'],
  ] as const)('Double/Float.toString(%d) as %s is %s', (value, type, text) => {
    expect(javaFloatingToString(value, type)).toBe(text);
  });
});
