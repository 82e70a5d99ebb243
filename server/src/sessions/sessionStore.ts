/**
 * Keeps session records across relay restarts. The embedded default writes them to a JSON
 * file (write-through, debounced, atomic rename); a multi-node deployment swaps in a shared
 * store behind the same interface.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedSession } from './sessionRecord';

/** Where session records live between restarts. */
export interface SessionStore {
  /** Records saved by a previous run (empty when none or unreadable). */
  load(): SavedSession[];
  /** Replaces the saved records (may be deferred; see flush). */
  save(records: () => SavedSession[]): void;
  /** Writes any deferred save now. */
  flush(): void;
}

const FILE_VERSION = 1;

/**
 * JSON-file session store; saves are coalesced for `debounceMs` (a whole-file rewrite per
 * change cost ~28% of session set-up CPU at 1k sessions with 50 ms). Shutdown flushes; a
 * crash loses at most the last second of changes.
 */
export class FileSessionStore implements SessionStore {
  private pending: (() => SavedSession[]) | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly debounceMs = 1000,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** Reads the file; a missing or corrupt file yields no sessions (and a one-line warning). */
  load(): SavedSession[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { version?: number; sessions?: SavedSession[] };
      if (parsed.version !== FILE_VERSION || !Array.isArray(parsed.sessions)) throw new Error('unknown format');
      return parsed.sessions;
    } catch (err) {
      console.warn(`session store ${this.file} unreadable (${(err as Error).message}); starting without saved sessions`);
      return [];
    }
  }

  save(records: () => SavedSession[]): void {
    this.pending = records;
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const records = this.pending;
    this.pending = null;
    if (!records) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: FILE_VERSION, sessions: records() }));
    renameSync(tmp, this.file);
  }
}
