import { describe, expect, it } from 'vitest';
import { buildTransformationChain } from '../../../../shared/transforms/index.ts';
import { configProblems, header, sinkRecord } from '../helpers.ts';

/** True when the predicate (with Filter) matches the record. */
function matches(type: string, config: Record<string, string>, record = sinkRecord({ value: {} })): boolean {
  const props: Record<string, string> = {
    transforms: 'f',
    'transforms.f.type': 'Filter',
    'transforms.f.predicate': 'p',
    predicates: 'p',
    'predicates.p.type': type,
  };
  for (const [k, v] of Object.entries(config)) props[`predicates.p.${k}`] = v;
  return buildTransformationChain(props).apply(record) === null;
}

describe('TopicNameMatches', () => {
  it.each([
    ['foo', 'foo', true],
    ['foo', 'foobar', false],
    ['foo.*', 'foobar', true],
    ['prod-(orders|payments)', 'prod-payments', true],
    ['prod-(orders|payments)', 'dev-payments', false],
  ])('%s on topic %s: %s (a full match)', (pattern, topic, expected) => {
    expect(
      matches(
        'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
        { pattern },
        sinkRecord({ topic }),
      ),
    ).toBe(expected);
  });

  it('needs a non-empty, valid pattern', () => {
    const base = { transforms: '', predicates: 'p', 'predicates.p.type': 'TopicNameMatches' };
    expect(configProblems({ ...base, 'predicates.p.pattern': '' })).toEqual([
      'predicates.p.pattern: Invalid value  for configuration predicates.p.pattern: String must be non-empty',
    ]);
    expect(configProblems({ ...base, 'predicates.p.pattern': '[' })[0]).toMatch(
      /^predicates\.p\.pattern: Invalid value \[ for configuration predicates\.p\.pattern: Invalid regex: /,
    );
  });
});

describe('HasHeaderKey', () => {
  it.each([
    [[header('a'), header('b')], true],
    [[header('b')], false],
    [[], false],
  ])('name=a on headers %j: %s', (headers, expected) => {
    expect(matches('HasHeaderKey', { name: 'a' }, sinkRecord({ value: {}, headers }))).toBe(expected);
  });

  it('needs a name', () => {
    expect(
      configProblems({ predicates: 'p', 'predicates.p.type': 'HasHeaderKey', 'predicates.p.name': '' }),
    ).toEqual([
      'predicates.p.name: Invalid value  for configuration predicates.p.name: String must be non-empty',
    ]);
  });
});

describe('RecordIsTombstone', () => {
  it.each([
    [null, true],
    [{}, false],
    ['', false],
  ])('value %j: %s', (value, expected) => {
    expect(matches('RecordIsTombstone', {}, sinkRecord({ value }))).toBe(expected);
  });
});
