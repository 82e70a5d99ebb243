/**
 * The asset proxy of one server: checks a request against the site's proxiable origins, serves
 * it from the cache or one shared upstream fetch (with an overall deadline), rewrites fetched
 * stylesheets, and reports every outcome. Every failure ends as an AssetRefusal, logged.
 */
import { logger } from '../ops/logger';
import { fetchAsset } from './assetFetch';
import { AssetCache, type ProxiedAsset } from './assetCache';
import { AssetRefusal } from './assetRefusal';
import type { AssetSettings } from './assetSettings';
import { PROXIED_STYLESHEET_TYPE, proxiedStylesheet } from './proxiedStylesheet';
import { SharedFetches } from './sharedFetches';

/** What became of one request: `hit` (cache, or a fetch already under way), `miss` (fetched for it), `refused` (not allowed, unknown site), `failed` (upstream did not deliver). */
export type AssetProxyResult = 'hit' | 'miss' | 'refused' | 'failed';

/** Where the proxy reports its outcomes (the /metrics counters). */
export interface AssetProxyReport {
  request(result: AssetProxyResult): void;
  upstreamBytes(bytes: number): void;
}

/** How long a fetched asset is served from the cache. */
export const ASSET_CACHE_TTL_MS = 10 * 60_000;

/** The asset proxy. */
export class AssetProxy {
  private readonly cache: AssetCache;
  private readonly fetches = new SharedFetches<ProxiedAsset>();
  /** Deadlines of the fetches under way, aborted at shutdown. */
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly settings: AssetSettings,
    private readonly report: AssetProxyReport,
  ) {
    this.cache = new AssetCache(settings.cacheBytes, ASSET_CACHE_TTL_MS);
  }

  /** Bytes the cache holds. */
  get cacheBytes(): number {
    return this.cache.bytes;
  }

  /** The asset at `url` for `site` (query values as sent: anything but a string is refused); throws AssetRefusal. */
  async load(site: unknown, url: unknown): Promise<ProxiedAsset> {
    try {
      const { key, origins, target, siteKey } = this.checked(site, url);
      const cached = this.cache.get(key);
      if (cached) {
        this.report.request('hit');
        return cached;
      }
      const { result, shared } = this.fetches.run(key, () => this.fetch(siteKey, target, origins, key));
      const asset = await result;
      this.report.request(shared ? 'hit' : 'miss');
      return asset;
    } catch (err) {
      throw this.refusal(err, site, url);
    }
  }

  /** Aborts every fetch under way (shutdown). */
  close(): void {
    for (const controller of this.running) controller.abort(new AssetRefusal(502, 'server shutting down'));
  }

  /** The request's site and URL when they may be proxied at all, and the cache key. */
  private checked(site: unknown, url: unknown): { siteKey: string; target: URL; origins: readonly string[]; key: string } {
    if (typeof site !== 'string' || !Object.hasOwn(this.settings.origins, site)) throw new AssetRefusal(404, 'unknown site');
    const target = typeof url === 'string' && URL.canParse(url) ? new URL(url) : null;
    if (!target) throw new AssetRefusal(403, 'url must be an absolute http(s) URL');
    return { siteKey: site, target, origins: this.settings.origins[site]!, key: `${site} ${target.href}` };
  }

  /** Fetches and prepares one asset within the deadline, and caches it. */
  private async fetch(site: string, url: URL, origins: readonly string[], key: string): Promise<ProxiedAsset> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new AssetRefusal(504, `upstream took longer than ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs);
    this.running.add(deadline);
    try {
      const fetched = await fetchAsset(url, {
        origins,
        allowPrivate: this.settings.allowPrivate,
        maxBytes: this.settings.maxBytes,
        signal: deadline.signal,
        onBytes: (bytes) => this.report.upstreamBytes(bytes),
      });
      const asset = fetched.contentType === 'text/css'
        ? { contentType: PROXIED_STYLESHEET_TYPE, body: proxiedStylesheet(fetched.body, fetched.upstreamContentType, fetched.url.href, site) }
        : { contentType: fetched.contentType, body: fetched.body };
      this.cache.set(key, asset);
      return asset;
    } catch (err) {
      throw deadline.signal.aborted ? deadline.signal.reason : err;
    } finally {
      clearTimeout(timer);
      this.running.delete(deadline);
    }
  }

  /** `err` as the refusal to answer, counted and logged (the URL without its query or fragment). */
  private refusal(err: unknown, site: unknown, url: unknown): AssetRefusal {
    const refusal = err instanceof AssetRefusal ? err : new AssetRefusal(502, 'upstream failed');
    const fields = { site: typeof site === 'string' ? site.slice(0, 64) : null, asset: loggedUrl(url), status: refusal.status, reason: refusal.message };
    this.report.request(refusal.outcome);
    if (refusal.outcome === 'refused') logger.debug(fields, 'asset proxy refused');
    else logger.warn({ ...fields, err: err instanceof AssetRefusal ? undefined : errorText(err) }, 'asset proxy fetch failed');
    return refusal;
  }
}

/** A URL for the logs: origin and path only (a query may carry anything). */
function loggedUrl(url: unknown): string | null {
  if (typeof url !== 'string' || !URL.canParse(url)) return null;
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`.slice(0, 300);
}

/** A thrown value as text, with its system error code when it has one. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
