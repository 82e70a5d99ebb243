/** The tab's help session, kept in sessionStorage so reloads and shop navigation resume it. */

const KEY = 'lookalong:session';

/** What survives a page load. */
export interface StoredSession {
  resumeToken: string;
  code: string;
}

/** Reads the tab's stored session, if any. */
export function loadStoredSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredSession>;
    return typeof value.resumeToken === 'string' && typeof value.code === 'string' ? { resumeToken: value.resumeToken, code: value.code } : null;
  } catch {
    return null;
  }
}

/** Stores the tab's session. */
export function saveStoredSession(session: StoredSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage disabled: the session simply won't survive a reload.
  }
}

/** Forgets the tab's session (stopped or ended). */
export function clearStoredSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
