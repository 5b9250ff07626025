// `/admin/loggers`: log levels kept per process (Connect's `Loggers`, scope `worker`). Setting a namespace sets it
// and every known logger under it; the host applies the levels to its real logger through `onChange`.
import { ROOT_LOGGER } from './constants.ts';
import type { LoggerLevel } from './types.ts';

/**
 * How the levels start and how changes reach the host's logger.
 */
export interface LoggerLevelsOptions {
  /** The root level at start; default INFO. */
  readonly rootLevel?: string;
  /** Loggers the process has besides root (named like packages, e.g. `connect.herder`). */
  readonly loggers?: readonly string[];
  /** Called once per logger whose level a PUT changed. */
  readonly onChange?: (logger: string, level: string) => void;
  readonly now?: () => number;
}

interface Entry {
  level?: string;
  lastModified: number | null;
}

/**
 * The process's logger levels, as `GET|PUT /admin/loggers[/{logger}]` show and change them.
 *
 * @example
 * const levels = new LoggerLevels();
 * levels.setLevel('root', 'DEBUG'); // ['root']
 * levels.level('root');            // { level: 'DEBUG', last_modified: 1700000000000 }
 */
export class LoggerLevels {
  readonly #entries = new Map<string, Entry>();
  readonly #onChange: (logger: string, level: string) => void;
  readonly #now: () => number;

  constructor(options: LoggerLevelsOptions = {}) {
    this.#entries.set(ROOT_LOGGER, {
      level: (options.rootLevel ?? 'INFO').toUpperCase(),
      lastModified: null,
    });
    for (const name of options.loggers ?? []) this.#entries.set(name, { lastModified: null });
    this.#onChange = options.onChange ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  /** Loggers with a level of their own, and root, sorted by name (`Loggers.allLevels`). */
  all(): Record<string, LoggerLevel> {
    const names = [...this.#entries].filter(([, e]) => e.level !== undefined).map(([name]) => name);
    return Object.fromEntries(names.sort().map((name) => [name, this.#levelOf(name)]));
  }

  /** A known logger's level (its own, else the nearest ancestor's), or undefined (`Loggers.level`). */
  level(name: string): LoggerLevel | undefined {
    const key = name.toLowerCase() === ROOT_LOGGER ? ROOT_LOGGER : name;
    return this.#entries.has(key) ? this.#levelOf(key) : undefined;
  }

  /** Sets `namespace` and the known loggers whose names start with it; returns their sorted names (`Loggers.setLevel`). */
  setLevel(namespace: string, level: string): string[] {
    const upper = level.toUpperCase();
    if (!this.#entries.has(namespace)) this.#entries.set(namespace, { lastModified: null });
    const affected = [...this.#entries.keys()].filter(
      (name) => namespace === ROOT_LOGGER || name === namespace || name.startsWith(namespace),
    );
    const now = this.#now();
    for (const name of affected) {
      this.#entries.set(name, { level: upper, lastModified: now });
      this.#onChange(name, upper);
    }
    return affected.sort();
  }

  #levelOf(name: string): LoggerLevel {
    const entry = this.#entries.get(name) as Entry;
    return { level: entry.level ?? this.#inherited(name), last_modified: entry.lastModified };
  }

  #inherited(name: string): string {
    for (let at = name.lastIndexOf('.'); at > 0; at = name.lastIndexOf('.', at - 1)) {
      const level = this.#entries.get(name.slice(0, at))?.level;
      if (level !== undefined) return level;
    }
    return this.#entries.get(ROOT_LOGGER)?.level ?? 'INFO';
  }
}
