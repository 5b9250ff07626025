import { describe, expect, it } from 'vitest';
import { buildTransformationChain } from '../../../shared/transforms/index.ts';
import fixture from './fixtures/docs-connector-config.json' with { type: 'json' };
import { sinkRecord } from './helpers.ts';

describe('a connector config copied from the Confluent and Apache docs', () => {
  const chain = buildTransformationChain(fixture.connector.config);
  const [insertField, regexRouter] = fixture.sources;

  it('inserts the static field and drops the topic prefix, as the docs show', () => {
    const out = chain.apply(sinkRecord({ topic: regexRouter?.before as string, value: insertField?.before }));
    expect(out?.topic).toBe(regexRouter?.after);
    expect(out?.value).toEqual(insertField?.after);
  });

  it('filters out the records of topic foo (TopicNameMatches predicate)', () => {
    expect(chain.apply(sinkRecord({ topic: 'foo', value: { a: 1 } }))).toBeNull();
    expect(chain.apply(sinkRecord({ topic: 'foobar', value: { a: 1 } }))).not.toBeNull();
  });

  it('keeps every snippet line verbatim except the merged transforms list', () => {
    const config: Record<string, string> = fixture.connector.config;
    for (const source of fixture.sources) {
      for (const [key, value] of snippetEntries(source.snippet)) {
        if (key !== 'transforms') expect(config[key]).toBe(value);
      }
    }
  });
});

/** The key/value pairs of a docs snippet, written as JSON members or as a .properties file. */
function snippetEntries(snippet: string): Array<[string, string]> {
  return snippet
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      if (line.startsWith('"'))
        return Object.entries(JSON.parse(`{${line.replace(/,$/, '')}}`))[0] as [string, string];
      const eq = line.indexOf('=');
      return [line.slice(0, eq), line.slice(eq + 1)];
    });
}
