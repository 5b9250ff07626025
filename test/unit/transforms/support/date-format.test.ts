import { describe, expect, it } from 'vitest';
import { javaDateFormat } from '../../../../shared/transforms/support/date-format.ts';

// Expected values were produced by java.text.SimpleDateFormat (JDK 17, UTC, Locale.US).
const MS = Date.UTC(2017, 0, 2, 3, 4, 5, 6);

describe('SimpleDateFormat formatting', () => {
  it.each([
    [
      'GGGG yyyyy YY D F u k K h S SSSS z zzzz Z X XX XXX',
      MS,
      'AD 02017 17 2 1 1 3 3 3 6 0006 UTC Coordinated Universal Time +0000 Z Z Z',
    ],
    ['EEE, d MMM yyyy hh:mm a', MS, 'Mon, 2 Jan 2017 03:04 AM'],
    ['EEEE MMMM', MS, 'Monday January'],
    ["yyyy'w'ww", Date.UTC(2024, 0, 6), '2024w01'],
    ['YYYYMM', Date.UTC(2023, 11, 31, 5), '202412'],
    ["''yy''", MS, "'17'"],
    ['yy', Date.UTC(-1, 0, 1), '02'],
    ['y G', Date.UTC(-1, 0, 1), '2 BC'],
    ['HH:mm k', Date.UTC(2017, 0, 2, 0, 7), '00:07 24'],
  ])('%s', (pattern, ms, expected) => {
    expect(javaDateFormat(pattern).format(ms)).toBe(expected);
  });

  it.each([
    ['yyyyTMM', "Illegal pattern character 'T'"],
    ["yyyy'", 'Unterminated quote'],
    ['XXXX', 'invalid ISO 8601 format: length=4'],
  ])('rejects %s', (pattern, message) => {
    expect(() => javaDateFormat(pattern)).toThrow(message);
  });
});

describe('SimpleDateFormat lenient parsing', () => {
  it.each([
    ['yyyy-MM-dd', '2017-01-02T99:99', Date.UTC(2017, 0, 2)],
    ['yyyy-MM-dd', '2017-13-01', Date.UTC(2018, 0, 1)],
    ['dd MMMM yyyy HH:mm Z', '02 January 2017 05:04 +0200', Date.UTC(2017, 0, 2, 3, 4)],
    ['yyyyMMddHHmmss', '20170102030405', Date.UTC(2017, 0, 2, 3, 4, 5)],
    ['yyyy-MM-dd HH:mm:ss.SSS', '2017-01-02 03:04:05.006', MS],
    ['yy-MM-dd', '99-01-02', Date.UTC(1999, 0, 2)],
    ['h:mm a', '12:30 PM', Date.UTC(1970, 0, 1, 12, 30)],
    ['h:mm a', '12:30 am', Date.UTC(1970, 0, 1, 0, 30)],
    ['D yyyy', '45 2017', Date.UTC(2017, 1, 14)],
    ['MMM d yyyy', 'feb 3 2017', Date.UTC(2017, 1, 3)],
    ["yyyy-MM-dd'T'HH:mm:ssX", '2017-01-02T03:04:05+0130', Date.UTC(2017, 0, 2, 2, 4, 5)],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2017-01-02T03:04:05-01:30', Date.UTC(2017, 0, 2, 4, 34, 5)],
    ['yyyy-MM-dd z', '2017-01-02 GMT+1:00', Date.UTC(2017, 0, 1, 23)],
    ['yyyy-MM-dd z', '2017-01-02 UTC', Date.UTC(2017, 0, 2)],
  ])('%s parses %s', (pattern, text, expected) => {
    expect(javaDateFormat(pattern).parse(text)).toBe(expected);
  });

  it.each([
    ['yyyy-MM-dd', 'nope'],
    ['yyyy-MM-dd', '2017/01/02'],
    ['yyyy-MM-dd z', '2017-01-02 PST'],
  ])('%s does not parse %s', (pattern, text) => {
    expect(javaDateFormat(pattern).parse(text)).toBeUndefined();
  });

  it('refuses to parse week-based fields', () => {
    expect(() => javaDateFormat('YYYY-ww').parse('2017-01')).toThrow(
      "pattern letter 'Y' is not supported for parsing",
    );
  });
});
