/** Exact-match Origin checks for WebSocket upgrades, the REST API and the asset proxy (no substring or suffix matching). */

/**
 * An origin pattern as the settings accept it: `http(s)://host[:port]`, or `:*` for any port;
 * the host in lower case, or a bracketed IPv6 literal as URLs write it (`[::1]`).
 */
export const ORIGIN_PATTERN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:(\d{1,5}|\*))?$/;

/**
 * True when `origin` matches one of `patterns`: an exact origin, `scheme://host:*` for any
 * port of that host, or `self` for the server's own public origin. `null`, a missing Origin
 * and anything that is not a bare lower-case origin never match.
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

/** A Host header that is a plain host name or IP literal with an optional port (no `*`, no path). */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/** True when `origin` is this server's own: its public URL, or the host the request was sent to. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, selfOrigin: string): boolean {
  const own = host && HOST_HEADER.test(host) ? [`http://${host}`, `https://${host}`] : [];
  return isOriginAllowed(origin, ['self', ...own], selfOrigin);
}
