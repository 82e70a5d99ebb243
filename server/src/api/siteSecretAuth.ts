/**
 * Shop backends authenticate with their site's secret (LOOKALONG_SITE_SECRETS) as
 * `Authorization: Bearer <secret>`; the secret names the site. Compared in constant time
 * against every site's secret, so timing tells nothing about which one came close.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { bearerTokenOf } from './bearerToken';

/** The audit actor of what a shop's backend does through the API. */
export const SITE_API_ACTOR = 'site-api';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Builds the lookup: the site whose secret a request presents, or null. */
export function siteSecretMatcher(siteSecrets: Readonly<Record<string, string>>): (req: Request) => string | null {
  const digests = Object.entries(siteSecrets).map(([site, secret]) => [site, digest(secret)] as const);
  return (req) => {
    const presented = bearerTokenOf(req);
    if (presented === undefined) return null;
    const candidate = digest(presented);
    let match: string | null = null;
    for (const [site, expected] of digests) if (timingSafeEqual(candidate, expected)) match = site;
    return match;
  };
}
