/** One GET to an asset's origin: pinned to the vetted address, no cookies or credentials, a plain User-Agent. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup, type VettedAddress } from './vettedAddress';

/** The only headers sent upstream. */
const UPSTREAM_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'Lookalong-asset-proxy/1.0',
  Accept: 'text/css,font/*,image/*;q=0.9,*/*;q=0.1',
  'Accept-Encoding': 'gzip, deflate, br',
};

/** Sends a GET for `url` to `address`; resolves with the response as soon as its head arrives (the body still streaming). */
export function requestUpstream(url: URL, address: VettedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', headers: UPSTREAM_HEADERS, lookup: pinnedLookup(address), agent: false, signal }, resolve);
    // Kept for the request's whole life: a later error (abort, reset while the body streams) must not go unhandled.
    outgoing.on('error', reject);
    outgoing.end();
  });
}
