/**
 * The client address the per-address limits count. It is the TCP peer, unless the peer is one
 * of LOOKALONG_TRUSTED_PROXIES: then it is the right-most X-Forwarded-For entry that is not a
 * trusted proxy itself (entries left of it were written by the client and are never believed).
 * A header that is missing, or not bare IP addresses up to that entry, leaves the peer.
 */
import { isIP } from 'node:net';

/** A mapped IPv4 address in the compressed form URL gives it (`::ffff:7f00:1`). */
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One form per address: IPv6 lower case and compressed, an IPv4-mapped IPv6 address as plain
 * IPv4 (`::ffff:127.0.0.1` → `127.0.0.1`); null when `raw` is no bare IP address.
 */
export function normaliseAddress(raw: string): string | null {
  const version = isIP(raw);
  if (version === 4) return raw;
  if (version === 0 || raw.includes('%')) return null;
  const compressed = new URL(`http://[${raw}]`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(compressed);
  if (!mapped) return compressed;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** LOOKALONG_TRUSTED_PROXIES: comma-separated exact IP addresses, normalised; one line in `problems` per bad entry. */
export function readTrustedProxies(raw: string | undefined, problems: string[]): string[] {
  const proxies: string[] = [];
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const address = normaliseAddress(entry);
    if (address) proxies.push(address);
    else problems.push(`LOOKALONG_TRUSTED_PROXIES: ${JSON.stringify(entry.slice(0, 80))} must be an exact IPv4 or IPv6 address (no range, port or host name)`);
  }
  return proxies;
}

/**
 * The client address of a request from TCP peer `peer` carrying X-Forwarded-For `forwardedFor`,
 * given the normalised addresses of the trusted proxies.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: ReadonlySet<string>): string {
  const direct = peer === undefined ? 'unknown' : (normaliseAddress(peer) ?? peer);
  if (!trustedProxies.has(direct) || forwardedFor === undefined) return direct;
  const hops = [forwardedFor].flat().join(',').split(',');
  let client = direct;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]!.trim());
    if (hop === null) return direct;
    client = hop;
    if (!trustedProxies.has(hop)) break;
  }
  return client;
}
