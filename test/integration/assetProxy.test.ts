/**
 * The asset proxy against a real CDN-like origin on 127.0.0.1 (no CORS headers) and a real
 * Lookalong server: stylesheets rewritten, fonts served, the cache and shared fetches seen in
 * /metrics, the size cap, the deadline, content types, methods and redirects.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetProxyUrl } from '../../protocol/cssAssetUrls';
import { redirect, serve, startAssetOrigin, type AssetOrigin } from '../helpers/assetOrigin';
import { metricValue, scrape } from '../helpers/metricsText';
import { startTestServer, type TestServer } from '../helpers/testServer';

const METRICS_TOKEN = 'asset-proxy-metrics-token';
const MAX_BYTES = 64 * 1024;
// Short enough for the never-answering upstream, long enough for a host-name lookup on a busy CI
// machine (getaddrinfo waits for libuv's thread pool: 500 ms was once exceeded under a full run).
const TIMEOUT_MS = 2000;

const MAIN_CSS = [
  '@import "base.css";',
  "@import url('print.css') print;",
  '@font-face { font-family: "Shop Sans"; src: url(../fonts/shop.woff2) format("woff2"), url("../fonts/shop.woff") format("woff"); }',
  'body { background: url(img/bg.png) no-repeat; font-family: "Shop Sans"; }',
  '.logo { background-image: url(data:image/png;base64,AAAA); }',
].join('\n');
const BASE_CSS = 'html { color: #222; }';
const FONT = Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(2000, 7)]);

describe('asset proxy', () => {
  let cdn: AssetOrigin;
  let server: TestServer;

  beforeAll(async () => {
    cdn = await startAssetOrigin({
      '/css/main.css': serve('text/css', MAIN_CSS),
      '/css/base.css': serve('text/css; charset=utf-8', BASE_CSS),
      '/moved/main.css': redirect('/css/main.css', 301),
      '/fonts/shop.woff2': serve('font/woff2', FONT),
      '/fonts/shop.woff': serve('application/octet-stream', FONT),
      '/fonts/shop.bin': serve('application/octet-stream', FONT),
      '/img/logo.svg': serve('image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      '/page.html': serve('text/html', '<h1>not an asset</h1>'),
      '/script.js': serve('text/javascript', 'alert(1)'),
      '/broken.css': (_req, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('oops'),
      '/gzip.css': serve('text/css', gzipSync('@import "base.css";'), { 'Content-Encoding': 'gzip' }),
      '/latin1.css': serve('text/css; charset=iso-8859-1', Buffer.from('a::before { content: "caf\u00e9" }', 'latin1')),
      '/big.png': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        const chunk = Buffer.alloc(16 * 1024, 1);
        for (let i = 0; i < 8; i++) res.write(chunk);
        res.end();
      },
      '/declared-big.png': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(MAX_BYTES + 1) });
        res.write(Buffer.alloc(1024));
      },
      '/slow.css': () => {
        // Never answers: the proxy's deadline must end it.
      },
      '/shared.css': (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/css' }).end(BASE_CSS), 150);
      },
      '/r1.css': redirect('/r2.css'),
      '/r2.css': redirect('/r3.css'),
      '/r3.css': redirect('/r4.css'),
      '/r4.css': redirect('/css/base.css'),
    });
    server = await startTestServer({
      LOOKALONG_SITES: JSON.stringify({ shop: ['https://shop.example'] }),
      LOOKALONG_ASSET_ORIGINS: JSON.stringify({ shop: [cdn.origin, `http://localhost:${cdn.port}`] }),
      LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'true',
      LOOKALONG_ASSET_MAX_BYTES: String(MAX_BYTES),
      LOOKALONG_ASSET_TIMEOUT_MS: String(TIMEOUT_MS),
      LOOKALONG_METRICS_TOKEN: METRICS_TOKEN,
    });
  });
  afterAll(async () => {
    await server.close();
    await cdn.close();
  });

  /** The proxy URL of `path` on the CDN for site `shop`, root-relative. */
  const proxied = (path: string): string => assetProxyUrl('', 'shop', `${cdn.origin}${path}`);
  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${server.url}${proxied(path)}`, init);
  const requests = async (): Promise<Record<string, number | undefined>> => {
    const text = await scrape(server.url, METRICS_TOKEN);
    return Object.fromEntries(['hit', 'miss', 'refused', 'failed'].map((result) => [result, metricValue(text, 'lookalong_asset_proxy_requests_total', { result })]));
  };

  it('serves a stylesheet with its imports and fonts routed through the proxy and its images absolute', async () => {
    const response = await get('/css/main.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.text()).toBe([
      `@import "${proxied('/css/base.css')}";`,
      `@import url("${proxied('/css/print.css')}") print;`,
      `@font-face { font-family: "Shop Sans"; src: url("${proxied('/fonts/shop.woff2')}") format("woff2"), url("${proxied('/fonts/shop.woff')}") format("woff"); }`,
      `body { background: url("${cdn.origin}/css/img/bg.png") no-repeat; font-family: "Shop Sans"; }`,
      '.logo { background-image: url(data:image/png;base64,AAAA); }',
    ].join('\n'));
  });

  it('serves what a rewritten stylesheet points at: the import and the fonts', async () => {
    const imported = await fetch(`${server.url}${proxied('/css/base.css')}`);
    expect(imported.status).toBe(200);
    expect(await imported.text()).toBe(BASE_CSS);
    const font = await get('/fonts/shop.woff2');
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(Buffer.from(await font.arrayBuffer())).toEqual(FONT);
    const octetFont = await get('/fonts/shop.woff');
    expect(octetFont.headers.get('content-type')).toBe('font/woff');
    expect(Buffer.from(await octetFont.arrayBuffer())).toEqual(FONT);
  });

  it('serves an SVG image sandboxed, so it runs no script on our origin', async () => {
    const svg = await get('/img/logo.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    expect(svg.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers a second request from the cache, counted as a hit in /metrics', async () => {
    const before = await requests();
    const upstreamBefore = cdn.hits('/css/main.css');
    const again = await get('/css/main.css');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(proxied('/css/base.css'));
    expect(cdn.hits('/css/main.css')).toBe(upstreamBefore);
    const after = await requests();
    expect(after['hit']).toBe(before['hit']! + 1);
    expect(after['miss']).toBe(before['miss']);
    const text = await scrape(server.url, METRICS_TOKEN);
    expect(metricValue(text, 'lookalong_asset_proxy_cache_bytes')).toBeGreaterThan(MAIN_CSS.length);
    expect(metricValue(text, 'lookalong_asset_proxy_upstream_bytes_total')).toBeGreaterThanOrEqual(MAIN_CSS.length + FONT.length);
  });

  it('shares one upstream fetch between concurrent requests for the same asset', async () => {
    const before = await requests();
    const answers = await Promise.all(Array.from({ length: 5 }, () => get('/shared.css')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual(Array(5).fill(BASE_CSS));
    expect(cdn.hits('/shared.css')).toBe(1);
    const after = await requests();
    expect(after['miss']).toBe(before['miss']! + 1);
    expect(after['hit']).toBe(before['hit']! + 4);
  });

  it('answers HEAD like GET, without a body', async () => {
    const head = await get('/css/base.css', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('refuses every other method with 405 and Allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await get('/css/base.css', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      await response.text();
    }
  });

  it('cuts off an asset past LOOKALONG_ASSET_MAX_BYTES, streamed or declared (502), and caches nothing of it', async () => {
    const before = await requests();
    for (const path of ['/big.png', '/declared-big.png']) {
      const response = await get(path);
      expect(response.status, path).toBe(502);
      expect(await response.text()).toBe(`asset larger than ${MAX_BYTES} bytes`);
    }
    expect((await get('/big.png')).status).toBe(502);
    expect(cdn.hits('/big.png')).toBe(2);
    expect((await requests())['failed']).toBe(before['failed']! + 3);
  });

  it('gives up on an upstream slower than LOOKALONG_ASSET_TIMEOUT_MS (504)', async () => {
    const started = Date.now();
    const response = await get('/slow.css');
    expect(response.status).toBe(504);
    expect(await response.text()).toBe(`upstream took longer than ${TIMEOUT_MS} ms`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('refuses content that is no stylesheet, font or image (502)', async () => {
    for (const [path, type] of [['/page.html', 'text/html'], ['/script.js', 'text/javascript'], ['/fonts/shop.bin', 'application/octet-stream']] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(502);
      expect(await response.text()).toBe(`content type "${type}" is not a stylesheet, font or image`);
    }
  });

  it('passes an upstream 404 on as 404 and any other error status as 502, both counted as failed', async () => {
    const before = await requests();
    const missing = await get('/nowhere.css');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not found upstream');
    const broken = await get('/broken.css');
    expect(broken.status).toBe(502);
    expect(await broken.text()).toBe('upstream answered 500');
    const after = await requests();
    expect(after['failed']).toBe(before['failed']! + 2);
    expect(after['refused']).toBe(before['refused']);
  });

  it('counts a request it will not serve as refused', async () => {
    const before = await requests();
    expect((await fetch(`${server.url}${assetProxyUrl('', 'shop', 'https://elsewhere.example/x.css')}`)).status).toBe(403);
    expect((await fetch(`${server.url}${assetProxyUrl('', 'nope', `${cdn.origin}/css/base.css`)}`)).status).toBe(404);
    expect((await requests())['refused']).toBe(before['refused']! + 2);
  });

  it('reaches a host name through the address it resolved and vetted', async () => {
    const response = await fetch(`${server.url}${assetProxyUrl('', 'shop', `http://localhost:${cdn.port}/css/base.css`)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(BASE_CSS);
    expect(cdn.received.at(-1)!.headers['host']).toBe(`localhost:${cdn.port}`);
  });

  it('follows redirects within the allowlist and rewrites against the final URL', async () => {
    const moved = await get('/moved/main.css');
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain(`@import "${proxied('/css/base.css')}";`);
    const threeHops = await get('/r2.css');
    expect(threeHops.status).toBe(200);
    expect(await threeHops.text()).toBe(BASE_CSS);
  });

  it('follows at most 3 redirects (502 past them)', async () => {
    const fourHops = await get('/r1.css');
    expect(fourHops.status).toBe(502);
    expect(await fourHops.text()).toBe('more than 3 redirects');
  });

  it('decodes compressed bodies and re-encodes stylesheets as UTF-8', async () => {
    const gzipped = await get('/gzip.css');
    expect(gzipped.status).toBe(200);
    expect(await gzipped.text()).toBe(`@import "${proxied('/base.css')}";`);
    const latin1 = await get('/latin1.css');
    expect(await latin1.text()).toBe('a::before { content: "caf\u00e9" }');
  });

  it('sends nothing of the client upstream: no cookies, no credentials, a plain User-Agent, GET only', async () => {
    const response = await get('/img/logo.svg?fresh', { headers: { Cookie: 'session=secret', Authorization: 'Bearer agent-jwt', Referer: `${server.url}/agent/` } });
    expect(response.status).toBe(200);
    const upstream = cdn.received.at(-1)!;
    expect(upstream.method).toBe('GET');
    expect(upstream.headers['cookie']).toBeUndefined();
    expect(upstream.headers['authorization']).toBeUndefined();
    expect(upstream.headers['referer']).toBeUndefined();
    expect(upstream.headers['user-agent']).toBe('Lookalong-asset-proxy/1.0');
  });

  it('is not under the REST API CORS: a foreign Origin gets the asset and no CORS grant', async () => {
    const response = await get('/css/base.css', { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
