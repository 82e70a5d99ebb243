/**
 * The `Lookalong-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">`
 * with the site's signing secret (the scheme Stripe uses). Receivers recompute it over the raw
 * body, compare in constant time and refuse old timestamps (docs/http-api-and-webhooks.md, Webhooks, has the check).
 */
import { createHmac } from 'node:crypto';

/** Name of the header carrying the signature. */
export const SIGNATURE_HEADER = 'Lookalong-Signature';

/** The header value for `body` signed with `secret` at `t` (unix seconds). */
export function signWebhook(body: string, secret: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
