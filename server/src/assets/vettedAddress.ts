/**
 * Resolves an asset's host once and vets every address it has, then pins the connection to the
 * vetted address (a `lookup` for http.request), so a DNS answer that changes between the check
 * and the connection (DNS rebinding) cannot send the proxy somewhere else.
 */
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { reservedRangeOf } from './addressRange';
import { AssetRefusal } from './assetRefusal';

/** An address the proxy may connect to. */
export interface VettedAddress {
  address: string;
  family: number;
}

/**
 * The address to connect to for `hostname` (a URL's hostname; an IPv6 literal in brackets).
 * Refused (403) when any address it resolves to is loopback, private, link-local, unspecified,
 * multicast, broadcast or otherwise reserved, unless `allowPrivate`; 502 when it does not resolve.
 */
export async function vettedAddressOf(hostname: string, allowPrivate: boolean, signal: AbortSignal): Promise<VettedAddress> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: VettedAddress[];
  try {
    addresses = await abortable(lookup(host, { all: true, verbatim: true }), signal);
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw new AssetRefusal(502, `host ${hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const range = reservedRangeOf(address);
      if (range) throw new AssetRefusal(403, `host ${hostname} has a ${range} address`);
    }
  }
  const [first] = addresses;
  if (!first) throw new AssetRefusal(502, `host ${hostname} has no address`);
  return first;
}

/** A `lookup` for http(s).request that always answers `vetted`, whatever it is asked. */
export function pinnedLookup(vetted: VettedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [vetted]);
    else callback(null, vetted.address, vetted.family);
  };
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
