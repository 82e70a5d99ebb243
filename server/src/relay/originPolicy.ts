/** Exact-match Origin checks for WebSocket upgrades (no substring or suffix matching). */

/**
 * True when `origin` matches one of `patterns`: an exact origin, `scheme://host:*` for any
 * port of that host, or `self` for the server's own public origin.
 */
export function isOriginAllowed(origin: string | undefined, patterns: readonly string[], selfOrigin: string): boolean {
  if (!origin || origin === 'null') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin !== origin.toLowerCase()) return false;
  return patterns.some((pattern) => {
    if (pattern === 'self') return origin === selfOrigin;
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      return `${parsed.protocol}//${parsed.hostname}` === base;
    }
    return origin === pattern;
  });
}
