/**
 * The agent's token (from `#token=` — a fragment never reaches server logs — or the sign-in
 * box) is kept in sessionStorage for this tab only; the session code comes from `?code=`.
 */

const TOKEN_KEY = 'lookalong:agent-token';

/** Reads the token, moving a `#token=` fragment into tab storage and out of the address bar. */
export function takeAgentToken(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromHash = fragment.get('token');
  if (fromHash) {
    saveAgentToken(fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps a token for this tab. */
export function saveAgentToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

/** Forgets the token (refused, or the agent signed out). */
export function forgetAgentToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The 6-digit code from `?code=`, spaces allowed ("483 920"). */
export function codeFromUrl(): string | null {
  const code = (new URLSearchParams(location.search).get('code') ?? '').replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/** Who a token names, for display and defaults only: the relay and the API verify it. */
export interface TokenAgent {
  id: string;
  name: string;
}

/** Reads `sub` and `name` from a JWT's payload without verifying it; null when unreadable. */
export function agentFromToken(token: string): TokenAgent | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const { sub, name } = claims;
    return typeof sub === 'string' && typeof name === 'string' ? { id: sub, name } : null;
  } catch {
    return null;
  }
}
