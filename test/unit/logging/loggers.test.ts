import { describe, expect, it } from 'vitest';
import { type LineWriter, textLogger } from '../../../shared/logging/index.ts';

/** A writer without debug that appends `<level> <line>` to `lines`. */
function writerInto(lines: string[]): LineWriter {
  return {
    info: (l) => lines.push(`info ${l}`),
    warn: (l) => lines.push(`warn ${l}`),
    error: (l) => lines.push(`error ${l}`),
  };
}

describe('textLogger', () => {
  it('writes each level as a line, attributes as one JSON object, errors as their name and message', () => {
    const lines: string[] = [];
    const logger = textLogger(writerInto(lines));
    logger.debug('dropped', { a: 1 });
    logger.info('Starting connector aep');
    logger.warn('Retrying', { connector: 'aep' }, { attempt: 2 });
    logger.error('Failed', { error: new TypeError('bad value') });
    expect(lines).toEqual([
      'info Starting connector aep',
      'warn Retrying {"connector":"aep","attempt":2}',
      'error Failed {"error":"TypeError: bad value"}',
    ]);
  });

  it('writes debug lines only to a writer that takes them', () => {
    const lines: string[] = [];
    const logger = textLogger({ ...writerInto(lines), debug: (l) => lines.push(`debug ${l}`) });
    logger.debug('invoking orders-0@0..99', { connector: 'aep' });
    expect(lines).toEqual(['debug invoking orders-0@0..99 {"connector":"aep"}']);
  });
});
