// `java.util.regex.Pattern` syntax translated to a JavaScript RegExp once, at configure time, plus Java's
// `Matcher.matches()` (a full match) and `Matcher.replaceFirst` replacement syntax (`$1`, `${name}`, `\$`).

/**
 * A compiled Java regular expression.
 *
 * @example
 * const pattern: JavaPattern = javaPattern('orders-.*'); pattern.matches('orders-eu'); // true
 */
export interface JavaPattern {
  /** The Java pattern as configured (`Pattern.pattern()`). */
  readonly source: string;
  /** `pattern.matcher(s).matches()`: the whole string matches. */
  matches(s: string): boolean;
  /**
   * Compiles a `Matcher.replaceFirst` replacement for this pattern; throws `Error` with Java's
   * `IllegalArgumentException`/`IndexOutOfBoundsException` message for a replacement Java would reject.
   */
  replacer(replacement: string): (s: string) => string;
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\\x07',
  e: '\\x1B',
  A: '^',
  z: '$',
  Z: '(?=\\n?$)',
  h: '[ \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]',
  H: '[^ \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]',
  R: '(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])',
};

interface Translation {
  source: string;
  flags: string;
  groupCount: number;
  groupNames: Map<string, number>;
}

/**
 * Compiles a Java regex. Throws `Error` naming the construct for Java-only syntax JavaScript cannot express
 * (possessive quantifiers, atomic groups, nested or intersected classes, `\G`), or the JavaScript compile error.
 *
 * @example
 * javaPattern('soe-(.*)').replacer('$1')('soe-Order'); // "Order"
 */
export function javaPattern(pattern: string): JavaPattern {
  const t = translate(pattern);
  const find = new RegExp(t.source, t.flags);
  const whole = new RegExp(`^(?:${t.source})$`, t.flags);
  return {
    source: pattern,
    matches: (s) => whole.test(s),
    replacer(replacement) {
      const parts = compileReplacement(replacement, t);
      return (s) =>
        s.replace(find, (...args: unknown[]) => {
          let out = '';
          for (const part of parts)
            out += typeof part === 'string' ? part : ((args[part] as string | undefined) ?? '');
          return out;
        });
    },
  };
}

function translate(pattern: string): Translation {
  let flags = 'u';
  let i = 0;
  const leading = /^\(\?([idmsuxU]+)\)/.exec(pattern);
  if (leading) {
    for (const f of leading[1] ?? '') {
      if (f === 'x') throw new Error('the COMMENTS flag (?x) is not supported');
      if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    }
    i = leading[0].length;
  }
  let out = '';
  let groupCount = 0;
  const groupNames = new Map<string, number>();
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      const [js, next] = translateEscape(pattern, i, false);
      out += js;
      i = next;
    } else if (c === '[') {
      const [js, next] = translateClass(pattern, i);
      out += js;
      i = next;
    } else if (c === '(') {
      const rest = pattern.slice(i);
      const named = /^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
      if (rest.startsWith('(?>')) throw new Error('atomic groups (?>...) are not supported');
      if (named) {
        groupNames.set(named[1] ?? '', ++groupCount);
        out += named[0];
        i += named[0].length;
      } else if (/^\(\?[idmsuxU-]*\)/.test(rest)) {
        throw new Error('inline flags are only supported at the start of the pattern');
      } else if (rest.startsWith('(?')) {
        const m = /^\(\?(?:[:=!]|<[=!]|[ims]*-?[ims]*:)/.exec(rest);
        if (!m) throw new Error(`unsupported group construct near index ${i}`);
        out += m[0];
        i += m[0].length;
      } else {
        groupCount++;
        out += '(';
        i++;
      }
    } else if ('*+?}'.includes(c)) {
      out += c;
      i++;
      if (pattern.charAt(i) === '+') throw new Error(`possessive quantifiers (${c}+) are not supported`);
      if (pattern.charAt(i) === '?') out += pattern.charAt(i++);
    } else {
      out += c;
      i++;
    }
  }
  try {
    new RegExp(out, flags);
  } catch (e) {
    throw new Error((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
  return { source: out, flags, groupCount, groupNames };
}

/** Translates the escape at `i` (a backslash); returns the JavaScript text and the index after it. */
function translateEscape(pattern: string, i: number, inClass: boolean): [string, number] {
  const c = pattern.charAt(i + 1);
  if (c === '') throw new Error('unexpected trailing backslash');
  if (c === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
    return [
      [...literal].map((ch) => escapeLiteral(ch, inClass)).join(''),
      end < 0 ? pattern.length : end + 2,
    ];
  }
  if (c === 'p' || c === 'P') {
    const m = /^\\[pP](?:\{(\^?)([A-Za-z_]+)\}|([A-Z]))/.exec(pattern.slice(i));
    if (!m) throw new Error(`malformed property escape near index ${i}`);
    const name = m[2] ?? m[3] ?? '';
    const negate = (c === 'P') !== (m[1] === '^');
    const posix = POSIX[name];
    let js: string;
    if (posix !== undefined) js = inClass ? posix : `[${negate ? '^' : ''}${posix}]`;
    else if (/^(?:Is)?(?:L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/.test(name))
      js = `\\${negate ? 'P' : 'p'}{${name.replace(/^Is/, '')}}`;
    else throw new Error(`unsupported property \\p{${name}}`);
    if (posix !== undefined && negate && inClass)
      throw new Error(`negated \\P{${name}} inside a class is not supported`);
    return [js, i + m[0].length];
  }
  if (c === 'x' && pattern.charAt(i + 2) === '{') {
    const end = pattern.indexOf('}', i + 3);
    return [`\\u{${pattern.slice(i + 3, end)}}`, end + 1];
  }
  if (c === '0') {
    const m = /^[0-3]?[0-7]{1,2}/.exec(pattern.slice(i + 2));
    if (!m) throw new Error(`illegal octal escape sequence near index ${i}`);
    return [`\\x${Number.parseInt(m[0], 8).toString(16).padStart(2, '0')}`, i + 2 + m[0].length];
  }
  if (!inClass && SIMPLE_ESCAPES[c] !== undefined) return [SIMPLE_ESCAPES[c], i + 2];
  if (c === 'a' || c === 'e') return [SIMPLE_ESCAPES[c] as string, i + 2];
  if ('GXNK'.includes(c)) throw new Error(`\\${c} is not supported`);
  if (/[A-Za-z0-9]/.test(c)) return [`\\${c}`, i + 2];
  return [escapeLiteral(c, inClass), i + 2];
}

/** A literal character in JavaScript's unicode-mode syntax (`-` needs escaping only inside a class). */
function escapeLiteral(ch: string, inClass: boolean): string {
  return SYNTAX.has(ch) || (inClass && ch === '-') ? `\\${ch}` : ch;
}

/** Translates a character class starting at `i`; Java's nested classes and `&&` intersections are rejected. */
function translateClass(pattern: string, i: number): [string, number] {
  let out = '[';
  let j = i + 1;
  if (pattern.charAt(j) === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < pattern.length) {
    const c = pattern.charAt(j);
    if (c === ']' && !first) return [`${out}]`, j + 1];
    if (c === '[') throw new Error('nested character classes are not supported');
    if (c === '&' && pattern.charAt(j + 1) === '&')
      throw new Error('character class intersections (&&) are not supported');
    if (c === '\\') {
      const [js, next] = translateEscape(pattern, j, true);
      out += js;
      j = next;
    } else {
      out += c === ']' || c === '/' ? `\\${c}` : c;
      j++;
    }
    first = false;
  }
  throw new Error(`Unclosed character class near index ${pattern.length - 1}`);
}

/** `Matcher.appendExpandedReplacement`, resolved at configure time into literals and group numbers. */
function compileReplacement(replacement: string, t: Translation): Array<string | number> {
  const parts: Array<string | number> = [];
  let literal = '';
  let i = 0;
  const group = (n: number) => {
    if (n > t.groupCount) throw new Error(`No group ${n}`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push(n);
  };
  while (i < replacement.length) {
    const c = replacement.charAt(i);
    if (c === '\\') {
      if (i + 1 >= replacement.length) throw new Error('character to be escaped is missing');
      literal += replacement.charAt(i + 1);
      i += 2;
    } else if (c === '$') {
      i++;
      if (i >= replacement.length) throw new Error('Illegal group reference: group index is missing');
      if (replacement.charAt(i) === '{') {
        const m = /^\{([a-zA-Z0-9]*)/.exec(replacement.slice(i));
        const name = m?.[1] ?? '';
        if (name === '') throw new Error('named capturing group has 0 length name');
        if (replacement.charAt(i + 1 + name.length) !== '}')
          throw new Error("named capturing group is missing trailing '}'");
        if (/^\d/.test(name)) throw new Error(`capturing group name {${name}} starts with digit character`);
        const n = t.groupNames.get(name);
        if (n === undefined) throw new Error(`No group with name {${name}}`);
        group(n);
        i += name.length + 2;
      } else {
        let n = replacement.charCodeAt(i) - 48;
        if (n < 0 || n > 9) throw new Error('Illegal group reference');
        i++;
        while (i < replacement.length) {
          const d = replacement.charCodeAt(i) - 48;
          if (d < 0 || d > 9 || n * 10 + d > t.groupCount) break;
          n = n * 10 + d;
          i++;
        }
        group(n);
      }
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}
