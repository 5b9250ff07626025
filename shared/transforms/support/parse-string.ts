// `org.apache.kafka.connect.data.Values.parseString`: infers a typed value (boolean, smallest integer type, float,
// ISO date/time/timestamp, array, map) from a literal, with Connect's tokenizer and its fallback to the whole string.
import type { ConnectSchema } from '../../records/types.ts';
import { LogicalType } from '../constants.ts';
import { type DataMap, setField } from './data.ts';
import { javaDateFormat } from './date-format.ts';
import { parseBigDecimal, trimJava } from './java.ts';
import { millisToLogical } from './temporal.ts';

/**
 * A value with its Connect schema (`SchemaAndValue`).
 *
 * @example
 * const parsed: SchemaAndValue | null = parseString('true'); // { schema: { type: 'boolean' }, value: true }
 */
export interface SchemaAndValue {
  readonly schema: ConnectSchema | null;
  readonly value: unknown;
}

const STRING: ConnectSchema = { type: 'string' };
const BOOLEAN: ConnectSchema = { type: 'boolean' };
const TEMPORAL = [
  {
    length: 10,
    schema: { type: 'int32', name: LogicalType.DATE, version: 1 },
    format: javaDateFormat('yyyy-MM-dd'),
  },
  {
    length: 13,
    schema: { type: 'int32', name: LogicalType.TIME, version: 1 },
    format: javaDateFormat("HH:mm:ss.SSS'Z'"),
  },
  {
    length: 24,
    schema: { type: 'int64', name: LogicalType.TIMESTAMP, version: 1 },
    format: javaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"),
  },
] as const;

class ParseFailure extends Error {}

/**
 * Parses a header literal the way `InsertHeader` does; `null` for the literal `null`.
 *
 * @example
 * parseString('42');   // { schema: { type: 'int8' }, value: 42 }
 * parseString('true}'); // { schema: { type: 'string' }, value: 'true}' }
 */
export function parseString(literal: string): SchemaAndValue | null {
  if (literal === '') return { schema: STRING, value: literal };
  return new ValueParser(new Tokenizer(literal)).parse(false);
}

/** `Values.Parser`: splits on unescaped `: , { } [ ] "`, keeping each delimiter as its own token. */
class Tokenizer {
  readonly original: string;
  #index = 0;
  #next: string | null = null;
  #previous: string | null = null;

  constructor(original: string) {
    this.original = original;
  }
  position(): number {
    return this.#index;
  }
  mark(): number {
    return this.#index - (this.#next?.length ?? 0);
  }
  rewindTo(position: number): void {
    this.#index = position;
    this.#next = null;
    this.#previous = null;
  }
  hasNext(): boolean {
    return this.#next !== null || this.#index < this.original.length;
  }
  next(): string {
    if (this.#next !== null) {
      this.#previous = this.#next;
      this.#next = null;
    } else {
      this.#previous = this.#consume();
    }
    return this.#previous;
  }
  nextTokens(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.substring(start, this.position());
  }
  previous(): string | null {
    return this.#previous;
  }
  canConsume(expected: string): boolean {
    if (this.#next === null) {
      if (!this.hasNext()) return false;
      this.#next = this.#consume();
    }
    while (isBlank(this.#next) && this.#index < this.original.length) this.#next = this.#consume();
    if (trimJava(this.#next) !== expected) return false;
    this.#next = null;
    return true;
  }
  #consume(): string {
    let escaped = false;
    const start = this.#index;
    while (this.#index < this.original.length) {
      const c = this.original.charAt(this.#index);
      if (c === '\\') {
        escaped = !escaped;
      } else if (':,{}[]"'.includes(c) && !escaped) {
        if (start < this.#index) return this.original.substring(start, this.#index);
        this.#index++;
        return c;
      } else {
        escaped = false;
      }
      this.#index++;
    }
    return this.original.substring(start, this.#index);
  }
}

class ValueParser {
  readonly #p: Tokenizer;

  constructor(tokenizer: Tokenizer) {
    this.#p = tokenizer;
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const p = this.#p;
    if (!p.hasNext()) return null;
    if (embedded && p.canConsume('"')) return this.#quoted();
    if (this.#singleToken(embedded, 'null')) return null;
    if (this.#singleToken(embedded, 'true')) return { schema: BOOLEAN, value: true };
    if (this.#singleToken(embedded, 'false')) return { schema: BOOLEAN, value: false };
    const start = p.mark();
    try {
      if (p.canConsume('[')) return this.#array();
      if (p.canConsume('{')) return this.#map();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      p.rewindTo(start);
    }
    const token = p.next();
    return isBlank(token) ? { schema: STRING, value: token } : this.#token(embedded, trimJava(token));
  }

  #singleToken(embedded: boolean, literal: string): boolean {
    const start = this.#p.mark();
    if (this.#p.canConsume(literal) && (embedded || !this.#p.hasNext())) return true;
    this.#p.rewindTo(start);
    return false;
  }

  #token(embedded: boolean, token: string): SchemaAndValue {
    const first = token.charAt(0);
    const digit = first >= '0' && first <= '9';
    if (digit) {
      const temporal = this.#multiTokenTemporal(token);
      if (temporal) return temporal;
    }
    if (digit || first === '+' || first === '-') {
      const number = parseNumber(token);
      if (number) return number;
    }
    if (embedded) throw new ParseFailure('Failed to parse embedded value');
    return { schema: STRING, value: this.#p.original };
  }

  #multiTokenTemporal(token: string): SchemaAndValue | null {
    const position = this.#p.mark();
    const remainder = this.#p.nextTokens(4);
    if (remainder !== null) {
      const temporal = parseTemporal(token + remainder);
      if (temporal) return temporal;
    }
    this.#p.rewindTo(position);
    return parseTemporal(token);
  }

  #quoted(): SchemaAndValue {
    let content = '';
    while (this.#p.hasNext()) {
      if (this.#p.canConsume('"')) break;
      content += this.#p.next();
    }
    return parseTemporal(content) ?? { schema: STRING, value: content };
  }

  #array(): SchemaAndValue {
    const p = this.#p;
    const values: unknown[] = [];
    const merger = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        const items = merger.common();
        return { schema: items ? { type: 'array', items } : { type: 'array' }, value: values };
      }
      if (p.canConsume(',')) throw new ParseFailure(`Unable to parse an empty array element: ${p.original}`);
      const element = this.parse(true);
      merger.merge(element);
      values.push(element?.value ?? null);
      const position = p.mark();
      if (p.canConsume(']')) p.rewindTo(position);
      else if (!p.canConsume(',')) throw new ParseFailure("Array elements missing ',' delimiter");
    }
    throw new ParseFailure(`Array is missing terminating ']': ${p.original}`);
  }

  #map(): SchemaAndValue {
    const p = this.#p;
    const entries: DataMap = {};
    const keys = new SchemaMerger();
    const values = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume('}')) {
        const k = keys.common();
        const v = values.common();
        const schema: ConnectSchema = k
          ? v
            ? { type: 'map', keys: k, values: v }
            : { type: 'map', keys: k }
          : { type: 'map' };
        return { schema, value: entries };
      }
      if (p.canConsume(','))
        throw new ParseFailure(`Unable to parse a map entry with no key or value: ${p.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null)
        throw new ParseFailure(`Map entry may not have a null key: ${p.original}`);
      if (!p.canConsume(':'))
        throw new ParseFailure(`Map entry is missing ':' at ${p.position()} in ${p.original}`);
      const value = this.parse(true);
      setField(entries, String(key.value), value?.value ?? null);
      p.canConsume(',');
      keys.merge(key);
      values.merge(value);
    }
    throw new ParseFailure(`Map is missing terminating '}': ${p.original}`);
  }
}

function parseTemporal(text: string): SchemaAndValue | null {
  const token = text.replaceAll('\\:', ':');
  const kind = TEMPORAL.find((t) => t.length === token.length);
  const millis = kind?.format.parse(token);
  return kind && millis !== undefined
    ? { schema: kind.schema, value: millisToLogical(kind.schema.name, millis) }
    : null;
}

const INTEGER_TYPES = [
  { type: 'int8', bits: 8 },
  { type: 'int16', bits: 16 },
  { type: 'int32', bits: 32 },
  { type: 'int64', bits: 64 },
] as const;

/** `ValueParser.parseAsNumber`: `new BigDecimal(token)`, then the smallest exact integer type, float or double. */
function parseNumber(token: string): SchemaAndValue | null {
  const m = /^[+-]?\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m || parseBigDecimal(token) === undefined) return null;
  const scale = (m[1] ?? '').length - Number(m[2] ?? 0);
  const value = Number(token);
  const abs = Math.abs(value);
  if (abs <= 1e19 && (abs >= 1 || abs === 0) && Number.isInteger(value)) {
    const exact = m[1] === undefined && m[2] === undefined ? BigInt(token) : BigInt(value);
    for (const { type, bits } of INTEGER_TYPES) {
      if (BigInt.asIntN(bits, exact) === exact) return { schema: { type }, value };
    }
  }
  if (scale !== 0 && Number.isFinite(Math.fround(value)))
    return { schema: { type: 'float32' }, value: Math.fround(value) };
  if (scale !== 0 && Number.isFinite(value)) return { schema: { type: 'float64' }, value };
  return {
    schema: { type: 'bytes', name: LogicalType.DECIMAL, version: 1, parameters: { scale: String(scale) } },
    value,
  };
}

const NUMERIC = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'];

/** `Values.SchemaMerger`: the common schema of array elements or map keys/values (numeric types widen). */
class SchemaMerger {
  #common: ConnectSchema | null = null;
  #compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (!latest?.schema || !this.#compatible) return;
    if (this.#common === null) {
      this.#common = latest.schema;
      return;
    }
    this.#common = mergeSchemas(this.#common, latest.schema);
    this.#compatible = this.#common !== null;
  }

  common(): ConnectSchema | null {
    return this.#common;
  }
}

function mergeSchemas(previous: ConnectSchema, next: ConnectSchema): ConnectSchema | null {
  if (previous.type === next.type) return next;
  const a = NUMERIC.indexOf(previous.type);
  const b = NUMERIC.indexOf(next.type);
  if (a < 0 || b < 0) return null;
  return a > b ? previous : next;
}

function isBlank(s: string): boolean {
  return trimJava(s) === '';
}
