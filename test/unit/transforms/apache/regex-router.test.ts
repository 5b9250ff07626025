// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Java replacement and Connect placeholder syntax.
import { describe, expect, it } from 'vitest';
import { apply, sinkRecord, transformProblems } from '../helpers.ts';

const TYPE = 'org.apache.kafka.connect.transforms.RegexRouter';

describe('RegexRouter', () => {
  it.each([
    ['soe-(.*)', '$1', 'soe-Order', 'Order'],
    ['.*', 'acme_$0', 'Order', 'acme_Order'],
    ['(.*)Stream_(.*)', '$1$2', 'Order_Stream_Data', 'Order_Data'],
    ['soe-(.*)', '$1', 'xsoe-Order', 'xsoe-Order'],
    ['soe', 'x', 'soe-Order', 'soe-Order'],
    ['a|ab', 'X', 'ab', 'Xb'],
    ['(?<name>[a-z]+)-(\\d+)', '${name}_$2', 'orders-7', 'orders_7'],
    ['(o)(r)(d)(e)(r)(s)(-)(x)(y)(z)', '$10\\$', 'orders-xyz', 'z$'],
    ['(.*)', '$11', 'abc', 'abc1'],
    ['(?i)ORDERS', 'lower', 'orders', 'lower'],
    ['\\Qa.b\\E', 'x', 'a.b', 'x'],
    ['\\Qa.b\\E', 'x', 'aXb', 'aXb'],
    ['[\\p{Lower}-]+', 'x', 'ab-c', 'x'],
    ['(a)?b', '[$1]', 'b', '[]'],
  ])('%s → %s: %s becomes %s (Confluent docs examples first)', (regex, replacement, topic, expected) => {
    expect(apply(TYPE, { regex, replacement }, sinkRecord({ topic }))?.topic).toBe(expected);
  });

  it.each([
    [
      'regex',
      '(ab',
      'transforms.t.regex: Invalid value (ab for configuration transforms.t.regex: Invalid regex: ',
    ],
    [
      'regex',
      'a++',
      'transforms.t.regex: Invalid value a++ for configuration transforms.t.regex: Invalid regex: possessive quantifiers (++) are not supported',
    ],
    [
      'replacement',
      '$2',
      'transforms.t.replacement: Invalid value $2 for configuration transforms.t.replacement: No group 2',
    ],
    [
      'replacement',
      'a\\',
      'transforms.t.replacement: Invalid value a\\ for configuration transforms.t.replacement: character to be escaped is missing',
    ],
    [
      'replacement',
      '$x',
      'transforms.t.replacement: Invalid value $x for configuration transforms.t.replacement: Illegal group reference',
    ],
    [
      'replacement',
      '${nope}',
      'transforms.t.replacement: Invalid value ${nope} for configuration transforms.t.replacement: No group with name {nope}',
    ],
  ])('rejects %s=%s', (key, value, problem) => {
    const problems = transformProblems(TYPE, { regex: '(a)', replacement: '$1', [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(problem)).toBe(true);
  });
});
