// Synthetic events for the benchmarks: words and numbers drawn by a seeded generator, so that their text compresses
// about as real events do (not one repeated character) and every run measures the same records.

/** The words synthetic events are made of. */
export const WORDS: readonly string[] = [
  'web',
  'app',
  'cart',
  'view',
  'order',
  'click',
  'search',
  'promo',
  'mobile',
  'store',
  'sku',
  'home',
];

/**
 * The generator of record `i`: `next()` draws a number, `word()` one of `words`.
 *
 * @example
 * const { next, word } = seeded(7, WORDS);
 */
export function seeded(i: number, words: readonly string[]): { next(): number; word(): string } {
  let seed = i * 2654435761 + 1;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  return { next, word: () => words[next() % words.length] as string };
}

/** A `"note"` member of `n`s that makes JSON `text` of `bytes` about `bytes` long once inserted. */
export function note(text: string, bytes: number): string {
  return `"note":"${'n'.repeat(Math.max(0, bytes - text.length - 10))}"`;
}
