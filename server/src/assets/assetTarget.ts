/** Whether the proxy may fetch a URL for a site at all, before any DNS lookup: scheme, user info, origin allowlist. */
import { isOriginAllowed } from '../relay/originPolicy';

/** Why `url` may not be fetched with the site's proxiable `origins` (exact, or `:*` for any port), or null when it may. */
export function targetRefusal(url: URL, origins: readonly string[]): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are proxied';
  if (url.username !== '' || url.password !== '') return 'URLs with user info are not proxied';
  // The site's proxiable origins never hold `self`, so there is no own origin to pass.
  if (!isOriginAllowed(url.origin, origins, '')) return `origin ${url.origin} is not allowed for this site`;
  return null;
}
