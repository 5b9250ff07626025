// ESM event fixtures (test/events/**.json), each load a fresh copy so a test may change it freely.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixture files, by path under test/events without `.json`. */
export type EventFixture = 'msk/basic' | 'msk/mixed' | 'self-managed-kafka/basic';

/**
 * A fresh copy of an event fixture.
 *
 * @example
 * const event = loadEvent('msk/basic');
 */
export function loadEvent<T = Record<string, unknown>>(name: EventFixture): T {
  const file = fileURLToPath(new URL(`../events/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
