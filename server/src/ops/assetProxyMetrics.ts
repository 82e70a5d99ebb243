/** The asset proxy in /metrics: requests by result, bytes fetched upstream, bytes cached. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AssetProxyReport, AssetProxyResult } from '../assets/assetProxy';

/** Every result, so each series exists from the start. */
const RESULTS: readonly AssetProxyResult[] = ['hit', 'miss', 'refused', 'failed'];

/** Registers the asset proxy's metrics; returns the report the proxy counts into. `cacheBytes` is read at scrape time. */
export function registerAssetProxyMetrics(registry: Registry, cacheBytes: () => number): AssetProxyReport {
  const requests = new Counter({
    name: 'lookalong_asset_proxy_requests_total',
    help: 'Asset proxy requests by result: hit (from the cache, or a fetch already under way), miss (fetched upstream for it), refused (403/404: not allowed, unknown site), failed (upstream unreachable, error status or 404, wrong type, too large, too slow).',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of RESULTS) requests.inc({ result }, 0);
  const upstreamBytes = new Counter({
    name: 'lookalong_asset_proxy_upstream_bytes_total',
    help: 'Bytes the asset proxy received from upstream origins (as sent, before decompression).',
    registers: [registry],
  });
  new Gauge({
    name: 'lookalong_asset_proxy_cache_bytes',
    help: 'Bytes held by the asset proxy cache (bodies, keys and content types).',
    registers: [registry],
    collect() {
      this.set(cacheBytes());
    },
  });
  return {
    request: (result) => requests.inc({ result }),
    upstreamBytes: (bytes) => upstreamBytes.inc(bytes),
  };
}
