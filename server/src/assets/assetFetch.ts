/**
 * Fetches one asset for the proxy: GET only, at most 3 redirects followed by hand, every hop
 * checked again (allowlist, then the vetted address it connects to), the content type and size
 * checked before the body is kept.
 */
import type { IncomingMessage } from 'node:http';
import { servedContentType } from './assetContentType';
import { AssetRefusal } from './assetRefusal';
import { targetRefusal } from './assetTarget';
import { readUpstreamBody } from './upstreamBody';
import { requestUpstream } from './upstreamRequest';
import { vettedAddressOf } from './vettedAddress';

/** Redirects followed after the first request. */
const MAX_REDIRECTS = 3;

/** Statuses that redirect (with a Location). */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** What one fetch may reach and read. */
export interface AssetFetchPolicy {
  /** The site's proxiable origin patterns. */
  origins: readonly string[];
  /** Development only: loopback, private and link-local addresses are fetched too. */
  allowPrivate: boolean;
  maxBytes: number;
  /** Aborts the fetch (timeout, shutdown); its reason is thrown. */
  signal: AbortSignal;
  /** Hears the size of every chunk received from upstream. */
  onBytes(bytes: number): void;
}

/** An asset as fetched. */
export interface FetchedAsset {
  /** Where it was finally found (after redirects). */
  url: URL;
  /** The media type it is served as (servedContentType). */
  contentType: string;
  /** The upstream Content-Type header (its charset parameter matters for stylesheets). */
  upstreamContentType: string | undefined;
  body: Buffer;
}

/** Fetches `url` under `policy`; throws AssetRefusal (403 not allowed, 404 not found upstream, 502 anything else that went wrong). */
export async function fetchAsset(url: URL, policy: AssetFetchPolicy): Promise<FetchedAsset> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const refusal = targetRefusal(current, policy.origins);
    if (refusal) throw new AssetRefusal(403, redirects ? `redirect refused: ${refusal}` : refusal);
    const address = await vettedAddressOf(current.hostname, policy.allowPrivate, policy.signal);
    const response = await requestUpstream(current, address, policy.signal);
    const status = response.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status)) {
      response.destroy();
      if (redirects === MAX_REDIRECTS) throw new AssetRefusal(502, `more than ${MAX_REDIRECTS} redirects`);
      current = redirectTarget(response, current);
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw status === 404 ? new AssetRefusal(404, 'not found upstream', 'failed') : new AssetRefusal(502, `upstream answered ${status}`);
    }
    const upstreamContentType = response.headers['content-type'];
    const contentType = servedContentType(upstreamContentType, current.pathname);
    if (!contentType) {
      response.destroy();
      throw new AssetRefusal(502, `content type "${(upstreamContentType ?? 'none').slice(0, 80)}" is not a stylesheet, font or image`);
    }
    const body = await readUpstreamBody(response, policy.maxBytes, policy.onBytes);
    return { url: current, contentType, upstreamContentType, body };
  }
}

/** Where a redirect points, resolved against the URL that answered it. */
function redirectTarget(response: IncomingMessage, from: URL): URL {
  const location = response.headers.location;
  if (!location) throw new AssetRefusal(502, 'redirect without a Location');
  try {
    return new URL(location, from);
  } catch {
    throw new AssetRefusal(502, 'redirect to an invalid URL');
  }
}
