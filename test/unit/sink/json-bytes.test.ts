// The fast path's JSON check must accept exactly what JSON.parse accepts (minus top-level strings and blank text,
// which the converter handles), on valid UTF-8, and nothing that is not valid UTF-8.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonConverter, stringConverter } from '../../../shared/converters/index.ts';
import type { Converter, ConverterPlugin } from '../../../shared/converters/types.ts';
import { forwardsJsonText } from '../../../shared/sink/convert.ts';
import { isForwardableJson } from '../../../shared/sink/json-bytes.ts';

/** What the fast path must answer: JSON.parse accepts the text, it is not a string or blank, and the bytes are UTF-8. */
function expected(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let decoded: string;
  try {
    decoded = text.decode(bytes);
  } catch {
    return false;
  }
  if (decoded.trim() === '' || /^[ \t\n\r]*("|n)/.test(decoded)) return false;
  try {
    JSON.parse(decoded);
    return true;
  } catch {
    return false;
  }
}

const check = (text: string | Buffer) => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  expect(isForwardableJson(bytes), JSON.stringify(bytes.toString('latin1'))).toBe(expected(bytes));
};

// Pieces JSON texts are made of, and ways they go wrong, so mutations land near the grammar's edges.
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\u00e9',
  '\\ud800',
  '0',
  '-',
  '.',
  'e',
  'E',
  '+',
  '1',
  '01',
  '-0',
  '1.',
  '.5',
  'true',
  'tru',
  'false',
  'null',
  'nul',
  ' ',
  '\t',
  '\n',
  '\r',
  '\f',
  '\u00a0',
  '\u0001',
  'é',
  '€',
  '😀',
  '\ufeff',
  'a',
  '"a"',
  '"a":1',
  '{}',
  '[]',
  '1e',
  '1e+',
  '2.0',
  'NaN',
  'Infinity',
  '\u2028',
];

describe('isForwardableJson', () => {
  it.each([
    '{"a":1}',
    ' [1, 2.5e-3, -0, 0.0, 1E+2, true, false, null] ',
    '{"s":"\\u00e9\\ud800\\n\\"\\/"}',
    '0',
    '-1.5',
    'true',
    ' [null]',
    '{"a":{"b":[[],{}]}}',
    '{"é€😀":"é€😀"}',
  ])('accepts %s, as JSON.parse does', (text) => {
    expect(isForwardableJson(Buffer.from(text))).toBe(true);
  });

  it.each([
    '',
    '   ',
    'null',
    ' null ',
    '"a string"',
    ' "x"',
    '{',
    '{"a":1,}',
    '[1,]',
    '01',
    '1.',
    '.5',
    '+1',
    '-',
    '1e',
    '{"a" 1}',
    '{a:1}',
    "{'a':1}",
    '[1 2]',
    'tru',
    'nulls',
    '{"a":"\u0001"}',
    '{"a":"\\x"}',
    '{"a":"\\u12"}',
    'NaN',
    '\ufeff{}',
    '{}\f',
    '{}x',
    '[',
    ']',
    '{"a":1}}',
    '\u00a0{}',
  ])('refuses %j, which JSON.parse refuses or the converter reads otherwise', (text) => {
    expect(isForwardableJson(Buffer.from(text))).toBe(false);
  });

  it('refuses invalid UTF-8 anywhere, even inside a string', () => {
    for (const bad of [
      [0xff, 0xfe],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
    ]) {
      const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bad), Buffer.from('"}')]);
      expect(isForwardableJson(bytes)).toBe(false);
    }
  });

  it('refuses nesting deeper than its stack, leaving the decision to the converter', () => {
    expect(isForwardableJson(Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`))).toBe(false);
    expect(isForwardableJson(Buffer.from(`${'['.repeat(4000)}${']'.repeat(4000)}`))).toBe(true);
  });

  it('agrees with JSON.parse on generated JSON and on its mutations', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...PIECES)), { maxLength: 4 }),
        (json, edits) => {
          let text = JSON.stringify(json, null, edits.length % 2 === 0 ? undefined : 1);
          check(text);
          for (const [at, cut, piece] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + piece + text.slice(i + (cut % 3));
            check(text);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.parse on arbitrary bytes and strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => check(Buffer.from(bytes))),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 30 }), (text) => check(text)),
      {
        numRuns: 5000,
      },
    );
  });
});

describe('forwardsJsonText', () => {
  it('takes the fast path only for a value converter that reads schemaless JSON and keeps its text', () => {
    const converter = (plugin: ConverterPlugin, settings: Record<string, unknown>) =>
      plugin.create({ 'converter.type': 'value', ...settings }) as Converter;
    expect(forwardsJsonText(converter(jsonConverter, { 'schemas.enable': false }))).toBe(true);
    expect(forwardsJsonText(converter(jsonConverter, { 'schemas.enable': true }))).toBe(false);
    expect(forwardsJsonText(converter(stringConverter, { 'converter.encoding': 'UTF8' }))).toBe(false);
  });
});
