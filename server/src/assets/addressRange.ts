/**
 * Which special-purpose range an IP address is in (RFC 6890 and friends), so the asset proxy
 * fetches only from public unicast addresses. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** A range the asset proxy does not fetch from; `invalid` for text that is no IP address. */
export type ReservedRange = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'broadcast' | 'reserved' | 'invalid';

/** A network: its first address as bits, the prefix length, and the address width (32 or 128). */
interface Network {
  base: bigint;
  prefix: number;
  width: 32 | 128;
}

/** A reserved network and what it is. */
interface RangeEntry extends Network {
  range: ReservedRange;
}

/** The IPv4 ranges; the first that holds an address names it. */
const IPV4_RANGES: readonly RangeEntry[] = rangeTable(32, [
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'], // "this network"; connecting to 0.0.0.0 reaches this host
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'], // shared address space (carrier-grade NAT)
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // cloud metadata (169.254.169.254) lives here
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'reserved'], // documentation
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'], // benchmarking
  ['198.51.100.0/24', 'reserved'], // documentation
  ['203.0.113.0/24', 'reserved'], // documentation
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
]);

/** The IPv6 ranges that carry no IPv4 address (none overlaps a carrier below but `::` and `::1`, looked up first). */
const IPV6_RANGES: readonly RangeEntry[] = rangeTable(128, [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'reserved'], // local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001:db8::/32', 'reserved'], // documentation
  ['fc00::/7', 'private'], // unique local
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // site-local (deprecated)
  ['ff00::/8', 'multicast'],
]);

/** IPv6 networks whose addresses carry an IPv4 address, and how far up its bits sit. */
const IPV4_CARRIERS: ReadonlyArray<{ network: Network; shift: bigint }> = [
  { network: parseNetwork('::ffff:0:0/96', 128), shift: 0n }, // IPv4-mapped
  { network: parseNetwork('::/96', 128), shift: 0n }, // IPv4-compatible (deprecated)
  { network: parseNetwork('64:ff9b::/96', 128), shift: 0n }, // NAT64
  { network: parseNetwork('2002::/16', 128), shift: 80n }, // 6to4
];

function rangeTable(width: 32 | 128, table: ReadonlyArray<readonly [cidr: string, range: ReservedRange]>): RangeEntry[] {
  return table.map(([cidr, range]) => ({ ...parseNetwork(cidr, width), range }));
}

function parseNetwork(cidr: string, width: 32 | 128): Network {
  const [address = '', prefix] = cidr.split('/');
  return { base: width === 32 ? ipv4Bits(address) : ipv6Bits(address), prefix: Number(prefix), width };
}

function within(bits: bigint, { base, prefix, width }: Network): boolean {
  const shift = BigInt(width - prefix);
  return bits >> shift === base >> shift;
}

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

/** The 128 bits of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 part read as 32 bits). */
function ipv6Bits(address: string): bigint {
  const groups = (part: string): bigint[] =>
    part === '' ? [] : part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [BigInt(parseInt(group, 16))];
      const v4 = ipv4Bits(group);
      return [v4 >> 16n, v4 & 0xffffn];
    });
  const [head = '', tail] = address.split('::');
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const all = [...before, ...Array<bigint>(8 - before.length - after.length).fill(0n), ...after];
  return all.reduce((bits, group) => (bits << 16n) | group, 0n);
}

function rangeIn(table: readonly RangeEntry[], bits: bigint): ReservedRange | null {
  return table.find((entry) => within(bits, entry))?.range ?? null;
}

/** The reserved range `address` (IPv4 or IPv6 text, an optional `%zone` ignored) is in, or null for a public unicast address. */
export function reservedRangeOf(address: string): ReservedRange | null {
  const plain = address.replace(/%.*$/, '');
  if (isIPv4(plain)) return rangeIn(IPV4_RANGES, ipv4Bits(plain));
  if (!isIPv6(plain)) return 'invalid';
  const bits = ipv6Bits(plain.toLowerCase());
  const own = rangeIn(IPV6_RANGES, bits);
  if (own) return own;
  const carrier = IPV4_CARRIERS.find(({ network }) => within(bits, network));
  return carrier ? rangeIn(IPV4_RANGES, (bits >> carrier.shift) & 0xffffffffn) : null;
}
