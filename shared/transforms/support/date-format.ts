// `java.text.SimpleDateFormat` in UTC with the US locale, compiled once per pattern: formatting for every pattern
// letter, and Java's default lenient parsing (prefix match, abutting numeric fields, overflowing values roll over).

const PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** The zone names of UTC that parsing accepts (other zone names fail to parse). */
const UTC_NAMES = ['UTC', 'Coordinated Universal Time'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

type Element = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

/**
 * A compiled `SimpleDateFormat` pattern.
 *
 * @example
 * const format: JavaDateFormat = javaDateFormat('yyyy-MM-dd'); format.parse('2017-01-02'); // 1483315200000
 */
export interface JavaDateFormat {
  /** The pattern as given (`toPattern()`). */
  readonly pattern: string;
  /** `format(new Date(ms))` in UTC. */
  format(epochMillis: number): string;
  /**
   * Lenient `parse(text)`: epoch milliseconds, or `undefined` where Java throws `ParseException`. Throws for the
   * week-based letters `Y w W F u`, which it does not parse.
   */
  parse(text: string): number | undefined;
}

/**
 * Compiles a `SimpleDateFormat` pattern; throws `Error` with Java's `IllegalArgumentException` message for a pattern
 * Java rejects (`Illegal pattern character 'T'`, `Unterminated quote`).
 *
 * @example
 * javaDateFormat('yyyyMMdd').format(Date.UTC(2024, 0, 15)); // "20240115"
 */
export function javaDateFormat(pattern: string): JavaDateFormat {
  const elements = compile(pattern);
  const formatters = elements.map(formatterFor);
  return {
    pattern,
    format(epochMillis) {
      const t = fieldsOf(epochMillis);
      let out = '';
      for (const f of formatters) out += f(t);
      return out;
    },
    parse(text) {
      return parse(elements, text);
    },
  };
}

function compile(pattern: string): Element[] {
  const elements: Element[] = [];
  const literal = (text: string) => {
    const last = elements.at(-1);
    if (last?.kind === 'literal') last.text += text;
    else elements.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw new Error('Unterminated quote');
        if (pattern.charAt(i) === "'") {
          if (pattern.charAt(i + 1) === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern.charAt(i++);
      }
      literal(text);
    } else if (/[A-Za-z]/.test(c)) {
      if (!PATTERN_LETTERS.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern.charAt(i + count) === c) count++;
      if (c === 'X' && count > 3) throw new Error(`invalid ISO 8601 format: length=${count}`);
      elements.push({ kind: 'field', letter: c, count });
      i += count;
    } else {
      literal(c);
      i++;
    }
  }
  return elements;
}

interface Fields {
  year: number;
  month: number; // 0-11
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  weekday: number; // 0 = Sunday
  dayOfYear: number;
  epochMillis: number;
}

function fieldsOf(epochMillis: number): Fields {
  const d = new Date(epochMillis);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    dayOfYear: Math.floor((epochMillis - utc(year, 0, 1)) / DAY_MS) + 1,
    epochMillis,
  };
}

/** Epoch milliseconds of a UTC date-time; every field may overflow (lenient), years below 100 are not shifted. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(hour, minute, second, millis);
  return d.getTime();
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

// Week fields with the US rules (weeks start on Sunday; week 1 contains January 1).
function weekStart(t: Fields): number {
  return utc(t.year, t.month, t.day) - t.weekday * DAY_MS;
}
function weekYear(t: Fields): number {
  return new Date(weekStart(t) + 6 * DAY_MS).getUTCFullYear();
}
function weekOfYear(t: Fields): number {
  const wy = weekYear(t);
  const jan1 = utc(wy, 0, 1);
  const firstWeek = jan1 - new Date(jan1).getUTCDay() * DAY_MS;
  return Math.floor((weekStart(t) - firstWeek) / (7 * DAY_MS)) + 1;
}
function weekOfMonth(t: Fields): number {
  const firstWeekday = new Date(utc(t.year, t.month, 1)).getUTCDay();
  return Math.floor((t.day - 1 + firstWeekday) / 7) + 1;
}

function yearText(year: number, count: number): string {
  const yoe = year > 0 ? year : 1 - year;
  return count === 2 ? pad(yoe % 100, 2) : pad(yoe, count);
}

function formatterFor(e: Element): (t: Fields) => string {
  if (e.kind === 'literal') return () => e.text;
  const n = e.count;
  switch (e.letter) {
    case 'G':
      return (t) => (t.year > 0 ? 'AD' : 'BC');
    case 'y':
      return (t) => yearText(t.year, n);
    case 'Y':
      return (t) => yearText(weekYear(t), n);
    case 'M':
    case 'L':
      if (n >= 4) return (t) => MONTHS[t.month] ?? '';
      if (n === 3) return (t) => (MONTHS[t.month] ?? '').slice(0, 3);
      return (t) => pad(t.month + 1, n);
    case 'w':
      return (t) => pad(weekOfYear(t), n);
    case 'W':
      return (t) => pad(weekOfMonth(t), n);
    case 'D':
      return (t) => pad(t.dayOfYear, n);
    case 'd':
      return (t) => pad(t.day, n);
    case 'F':
      return (t) => pad(Math.floor((t.day - 1) / 7) + 1, n);
    case 'E':
      return n >= 4 ? (t) => WEEKDAYS[t.weekday] ?? '' : (t) => (WEEKDAYS[t.weekday] ?? '').slice(0, 3);
    case 'u':
      return (t) => pad(t.weekday === 0 ? 7 : t.weekday, n);
    case 'a':
      return (t) => (t.hour < 12 ? 'AM' : 'PM');
    case 'H':
      return (t) => pad(t.hour, n);
    case 'k':
      return (t) => pad(t.hour === 0 ? 24 : t.hour, n);
    case 'K':
      return (t) => pad(t.hour % 12, n);
    case 'h':
      return (t) => pad(t.hour % 12 === 0 ? 12 : t.hour % 12, n);
    case 'm':
      return (t) => pad(t.minute, n);
    case 's':
      return (t) => pad(t.second, n);
    case 'S':
      return (t) => pad(t.millis, n);
    case 'z':
      return () => (n >= 4 ? 'Coordinated Universal Time' : 'UTC');
    case 'Z':
      return () => '+0000';
    default: // 'X'
      return () => 'Z';
  }
}

// Parsing --------------------------------------------------------------------------------------------------------

const OBEY_COUNT_LETTERS = 'ydkHmsSDFwWhKYu';
/** Week-based letters: formatted exactly, but parsing them needs Java's calendar field resolution. */
const UNPARSED_LETTERS = 'YwWFu';

interface Parsed {
  year?: number;
  era?: number; // 0 = BC
  month?: number;
  day?: number;
  dayOfYear?: number;
  hourOfDay?: number;
  hour?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millis?: number;
  offsetMinutes?: number;
}

function isNumericField(e: Element | undefined): boolean {
  if (e?.kind !== 'field') return false;
  if (e.letter === 'M' || e.letter === 'L') return e.count <= 2;
  return OBEY_COUNT_LETTERS.includes(e.letter);
}

function parse(elements: readonly Element[], text: string): number | undefined {
  const p: Parsed = {};
  let pos = 0;
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i] as Element;
    if (e.kind === 'literal') {
      for (const ch of e.text) {
        if (pos >= text.length || !charEquals(text.charAt(pos), ch)) return undefined;
        pos++;
      }
      continue;
    }
    const next = parseField(e, text, pos, isNumericField(elements[i + 1]), p);
    if (next < 0) return undefined;
    pos = next;
  }
  return resolve(p);
}

function charEquals(a: string, b: string): boolean {
  return a === b || (/\p{Zs}/u.test(a) && /\p{Zs}/u.test(b));
}

type NumericField =
  | 'year'
  | 'month'
  | 'day'
  | 'dayOfYear'
  | 'hourOfDay'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millis';
const asIs = (value: number) => value;

/** The field each numeric pattern letter parses into, and how its number becomes that field (`subParse`). */
const NUMERIC_FIELDS: Readonly<Record<string, readonly [NumericField, (value: number) => number]>> = {
  y: ['year', asIs],
  M: ['month', (value) => value - 1],
  L: ['month', (value) => value - 1],
  d: ['day', asIs],
  D: ['dayOfYear', asIs],
  H: ['hourOfDay', asIs],
  k: ['hourOfDay', (value) => (value === 24 ? 0 : value)],
  h: ['hour', (value) => (value === 12 ? 0 : value)],
  K: ['hour', asIs],
  m: ['minute', asIs],
  s: ['second', asIs],
  S: ['millis', asIs],
};

/** Parses one field at `start`; returns the new position or -1. */
function parseField(
  e: Element & { kind: 'field' },
  text: string,
  start: number,
  obeyCount: boolean,
  p: Parsed,
) {
  let pos = start;
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  if (pos >= text.length) return -1;
  const { letter, count } = e;
  if (UNPARSED_LETTERS.includes(letter))
    throw new Error(`pattern letter '${letter}' is not supported for parsing`);
  const textual = (letter === 'M' || letter === 'L') && count >= 3;
  const numeric = NUMERIC_FIELDS[letter];
  if (!textual && numeric) {
    const limit = obeyCount ? start + count : text.length;
    const m = /^-?\d+/.exec(text.slice(pos, Math.min(limit, text.length)));
    if (!m) return -1;
    const value = Number(m[0]);
    const [field, resolve] = numeric;
    // a two-digit year (`yy`) is resolved into the century around now
    p[field] =
      letter === 'y' && count <= 2 && /^\d\d$/.test(m[0]) ? resolveTwoDigitYear(value) : resolve(value);
    return pos + m[0].length;
  }
  switch (letter) {
    case 'M':
    case 'L':
      return matchName(text, pos, MONTHS, (i) => {
        p.month = i;
      });
    case 'E':
      return matchName(text, pos, WEEKDAYS, () => undefined);
    case 'a':
      return matchAny(text, pos, ['AM', 'PM'], (i) => {
        p.pm = i === 1;
      });
    case 'G':
      return matchAny(text, pos, ['BC', 'AD'], (i) => {
        p.era = i;
      });
    case 'X':
      if (text[pos] === 'Z') {
        p.offsetMinutes = 0;
        return pos + 1;
      }
      return parseNumericZone(text, pos, count, count === 3, p);
    default: {
      // 'z' and 'Z': ±hhmm, GMT, GMT±h:mm, or the names of UTC
      if (text[pos] === '+' || text[pos] === '-') return parseNumericZone(text, pos, 0, false, p);
      if (text.slice(pos, pos + 3).toLowerCase() === 'gmt') {
        const after = pos + 3;
        if (text[after] === '+' || text[after] === '-') return parseNumericZone(text, after, 0, true, p);
        p.offsetMinutes = 0;
        return after;
      }
      return matchAny(text, pos, UTC_NAMES, () => {
        p.offsetMinutes = 0;
      });
    }
  }
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** `subParseNumericZone`: `±hh` (count 1), `±hhmm`, or `±h:mm`/`±hh:mm` with `colon`; `pos` is at the sign. */
function parseNumericZone(text: string, pos: number, count: number, colon: boolean, p: Parsed): number {
  const sign = text[pos] === '-' ? -1 : text[pos] === '+' ? 1 : 0;
  let i = pos + 1;
  if (sign === 0 || !isDigit(text[i])) return -1;
  let hours = Number(text[i++]);
  if (isDigit(text[i])) hours = hours * 10 + Number(text[i++]);
  else if (count > 0 || !colon) return -1;
  if (hours > 23) return -1;
  let minutes = 0;
  if (count !== 1) {
    if (colon && text[i++] !== ':') return -1;
    if (!isDigit(text[i]) || !isDigit(text[i + 1])) return -1;
    minutes = Number(text[i]) * 10 + Number(text[i + 1]);
    i += 2;
    if (minutes > 59) return -1;
  }
  p.offsetMinutes = sign * (hours * 60 + minutes);
  return i;
}

/** Matches the longest of the full or three-letter names, case-insensitively (`matchString`). */
function matchName(
  text: string,
  pos: number,
  names: readonly string[],
  set: (index: number) => void,
): number {
  const full = matchAny(text, pos, names, set);
  return full > 0
    ? full
    : matchAny(
        text,
        pos,
        names.map((n) => n.slice(0, 3)),
        set,
      );
}

function matchAny(text: string, pos: number, names: readonly string[], set: (index: number) => void): number {
  let best = -1;
  let bestLength = 0;
  names.forEach((name, i) => {
    if (name.length > bestLength && text.slice(pos, pos + name.length).toLowerCase() === name.toLowerCase()) {
      best = i;
      bestLength = name.length;
    }
  });
  if (best < 0) return -1;
  set(best);
  return pos + bestLength;
}

/** A two-digit year falls within 80 years before and 20 years after now (`defaultCenturyStart`). */
function resolveTwoDigitYear(value: number): number {
  const startYear = new Date().getUTCFullYear() - 80;
  const year = Math.floor(startYear / 100) * 100 + value;
  return year < startYear ? year + 100 : year;
}

function resolve(p: Parsed): number {
  let year = p.year ?? 1970;
  if (p.era === 0) year = 1 - year;
  const hour = p.hourOfDay ?? (p.hour ?? 0) + (p.pm ? 12 : 0);
  const useDayOfYear = p.dayOfYear !== undefined && p.month === undefined && p.day === undefined;
  const millis = useDayOfYear
    ? utc(year, 0, p.dayOfYear ?? 1, hour, p.minute, p.second, p.millis)
    : utc(year, p.month ?? 0, p.day ?? 1, hour, p.minute, p.second, p.millis);
  return millis - (p.offsetMinutes ?? 0) * 60_000;
}
