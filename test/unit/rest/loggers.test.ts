// Logger levels per process, as Connect's Loggers reports and changes them.
import { describe, expect, it } from 'vitest';
import { LoggerLevels } from '../../../shared/rest/index.ts';

describe('LoggerLevels', () => {
  it('sets a namespace and the known loggers under it, inherits for the others, and tells the host', () => {
    const changes: string[] = [];
    const levels = new LoggerLevels({
      rootLevel: 'warn',
      loggers: ['connect.herder', 'connect.rest', 'mappings'],
      onChange: (name, level) => changes.push(`${name}=${level}`),
      now: () => 42,
    });
    expect(levels.all()).toEqual({ root: { level: 'WARN', last_modified: null } });
    expect(levels.level('connect.rest')).toEqual({ level: 'WARN', last_modified: null });
    expect(levels.setLevel('connect', 'debug')).toEqual(['connect', 'connect.herder', 'connect.rest']);
    expect(levels.level('connect.rest')).toEqual({ level: 'DEBUG', last_modified: 42 });
    expect(levels.level('mappings')).toEqual({ level: 'WARN', last_modified: null });
    expect(levels.level('nope')).toBeUndefined();
    expect(levels.setLevel('root', 'ERROR')).toEqual([
      'connect',
      'connect.herder',
      'connect.rest',
      'mappings',
      'root',
    ]);
    expect(Object.keys(levels.all())).toEqual([
      'connect',
      'connect.herder',
      'connect.rest',
      'mappings',
      'root',
    ]);
    expect(changes).toContain('root=ERROR');
    expect(levels.level('ROOT')?.level).toBe('ERROR');
  });
});
