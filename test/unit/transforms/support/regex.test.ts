// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Java replacement and Connect placeholder syntax.
import { describe, expect, it } from 'vitest';
import { javaPattern } from '../../../../shared/transforms/support/regex.ts';

describe('Java regex', () => {
  it.each([
    ['foo', 'foo', true],
    ['foo', 'foobar', false],
    ['foo|foobar', 'foobar', true],
    ['\\Aorders\\z', 'orders', true],
    ['\\p{Alpha}+-\\p{Digit}', 'abc-1', true],
    ['\\P{Digit}+', 'abc', true],
    ['\\p{L}+', 'åbc', true],
    ['[\\w.-]+', 'a.b-c', true],
    ['(?i)FOO', 'foo', true],
    ['(?i:F)OO', 'fOO', true],
    ['a\\-b', 'a-b', true],
    ['\\0101', 'A', true],
  ])('%s matches %s: %s', (pattern, input, expected) => {
    expect(javaPattern(pattern).matches(input)).toBe(expected);
  });

  it.each([
    ['a*+', 'possessive quantifiers (*+) are not supported'],
    ['(?>a)', 'atomic groups (?>...) are not supported'],
    ['[a[bc]]', 'nested character classes are not supported'],
    ['[a&&b]', 'character class intersections (&&) are not supported'],
    ['a(?i)b', 'inline flags are only supported at the start of the pattern'],
    ['\\Ga', '\\G is not supported'],
    ['\\p{InGreek}', 'unsupported property \\p{InGreek}'],
    ['(?x)a b', 'the COMMENTS flag (?x) is not supported'],
  ])('rejects %s', (pattern, message) => {
    expect(() => javaPattern(pattern)).toThrow(message);
  });

  it.each([
    ['soe-(.*)', '$1', 'soe-Order', 'Order'],
    ['(a)(b)?', '[$2]', 'a', '[]'],
    ['(x)', '\\\\$1\\$', 'x', '\\x$'],
  ])('%s replaceFirst %s on %s gives %s', (pattern, replacement, input, expected) => {
    expect(javaPattern(pattern).replacer(replacement)(input)).toBe(expected);
  });

  it.each([
    ['$', 'Illegal group reference: group index is missing'],
    ['${}', 'named capturing group has 0 length name'],
    ['${a', "named capturing group is missing trailing '}'"],
    ['${1a}', 'capturing group name {1a} starts with digit character'],
  ])('rejects the replacement %s', (replacement, message) => {
    expect(() => javaPattern('(a)').replacer(replacement)).toThrow(message);
  });
});
