/**
 * Keeps session records beyond the room that holds them. The embedded default writes them to a
 * JSON file (debounced, atomic rename) so they survive a relay restart; with several nodes the
 * session directory in Redis (sessionDirectory.ts) takes its place behind the same interface.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EndReason } from '../../../protocol/messages';
import { logger } from '../ops/logger';
import type { SavedSession } from './sessionRecord';

/** Where session records live between restarts (and, with several nodes, between nodes). */
export interface SessionStore {
  /** Records saved by a previous run (empty when none or unreadable). */
  load(): SavedSession[];
  /** Saves (or replaces) one session's record; may be deferred (see flush). */
  put(session: SavedSession): void;
  /** The session ended: its record goes (`reason` for stores that remember why a code ended). */
  remove(session: SavedSession, reason: EndReason): void;
  /** Writes any deferred save now. */
  flush(): Promise<void>;
}

const FILE_VERSION = 1;

/**
 * JSON-file session store; saves are coalesced for `debounceMs` (a whole-file rewrite per
 * change cost ~28% of session set-up CPU at 1k sessions with 50 ms). Shutdown flushes; a
 * crash loses at most the last second of changes.
 */
export class FileSessionStore implements SessionStore {
  private readonly sessions = new Map<string, SavedSession>();
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
      for (const session of parsed.sessions) this.sessions.set(session.id, session);
      return parsed.sessions;
    } catch (err) {
      logger.warn({ file: this.file, reason: (err as Error).message }, 'session store unreadable: starting without saved sessions');
      return [];
    }
  }

  put(session: SavedSession): void {
    this.sessions.set(session.id, session);
    this.schedule();
  }

  remove(session: SavedSession): void {
    this.sessions.delete(session.id);
    this.schedule();
  }

  async flush(): Promise<void> {
    this.writeNow();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.writeNow(), this.debounceMs);
  }

  private writeNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: FILE_VERSION, sessions: [...this.sessions.values()] }));
    renameSync(tmp, this.file);
  }
}
