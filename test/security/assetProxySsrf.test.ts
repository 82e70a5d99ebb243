/**
 * Attack suite, "Asset proxy SSRF": `/assets/proxy` fetches on the server's behalf, so every way
 * of pointing it at the server's own network is thrown at a real server. With
 * LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE off, loopback, private, link-local and unspecified
 * addresses are refused (403) in every spelling, even when their origin is on the site's list,
 * and the upstream listening there never sees a request. With it on (development), a redirect
 * off the list, user info, other schemes and unlisted origins are still refused; unknown sites
 * are 404; the process keeps answering.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetProxyUrl } from '../../protocol/cssAssetUrls';
import { redirect, serve, startAssetOrigin, type AssetOrigin } from '../helpers/assetOrigin';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('attack suite: asset proxy SSRF', () => {
  let cdn: AssetOrigin;
  /** An origin on the same machine that is on no list. */
  let unlisted: AssetOrigin;
  /** LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE off (production): every loopback spelling is on the site's list. */
  let guarded: TestServer;
  /** LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE on (development): only the CDN's exact origin is listed. */
  let dev: TestServer;

  beforeAll(async () => {
    unlisted = await startAssetOrigin({ '/x.css': serve('text/css', 'body { color: red }') });
    /** Redirects to `path` on the CDN's own port under another spelling of its address (read when the request comes). */
    const toOwnPort = (spelling: string, path: string) => (_req: unknown, res: ServerResponse): void => {
      res.writeHead(302, { Location: `http://${spelling}:${cdn.port}${path}` }).end();
    };
    cdn = await startAssetOrigin({
      '/secret.css': serve('text/css', 'body { color: red }'),
      '/x.css': serve('text/css', 'body { color: red }'),
      '/to-localhost.css': toOwnPort('localhost', '/x.css'),
      '/to-userinfo.css': toOwnPort('allowed.example@127.0.0.1', '/x.css'),
      '/to-unlisted-port.css': redirect(`${unlisted.origin}/x.css`),
      '/to-metadata.css': redirect('http://169.254.169.254/latest/meta-data/'),
      '/to-file.css': redirect('file:///etc/passwd'),
    });
    const ownNetworkOrigins = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*', 'http://[::ffff:7f00:1]:*', 'http://0.0.0.0:*', 'http://10.0.0.1:*', 'http://169.254.169.254:*', 'http://192.168.0.1:*', 'http://100.64.0.1:*'];
    guarded = await startTestServer({
      LOOKALONG_SITES: JSON.stringify({ shop: ['https://shop.example'] }),
      LOOKALONG_ASSET_ORIGINS: JSON.stringify({ shop: ownNetworkOrigins }),
    });
    dev = await startTestServer({
      LOOKALONG_SITES: JSON.stringify({ shop: ['https://shop.example'] }),
      LOOKALONG_ASSET_ORIGINS: JSON.stringify({ shop: [cdn.origin] }),
      LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'true',
    });
  });
  afterAll(async () => {
    await Promise.all([guarded.close(), dev.close()]);
    await Promise.all([cdn.close(), unlisted.close()]);
  });

  /** The proxy's answer for `url` on `server` (site `shop` unless told). */
  const proxy = async (server: TestServer, url: string, site = 'shop'): Promise<{ status: number; reason: string }> => {
    const response = await fetch(`${server.url}${assetProxyUrl('', site, url)}`);
    return { status: response.status, reason: await response.text() };
  };

  describe('with private addresses refused (production)', () => {
    it.each([
      ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/secret.css`, 'loopback'],
      ['localhost', (port: number) => `http://localhost:${port}/secret.css`, 'loopback'],
      ['[::1]', (port: number) => `http://[::1]:${port}/secret.css`, 'loopback'],
      ['::ffff:127.0.0.1 (IPv4-mapped IPv6)', (port: number) => `http://[::ffff:127.0.0.1]:${port}/secret.css`, 'loopback'],
      ['0.0.0.0', (port: number) => `http://0.0.0.0:${port}/secret.css`, 'unspecified'],
      ['2130706433 (decimal IP)', (port: number) => `http://2130706433:${port}/secret.css`, 'loopback'],
      ['0x7f.1 (hex, short form)', (port: number) => `http://0x7f.1:${port}/secret.css`, 'loopback'],
      ['10.0.0.1', () => 'http://10.0.0.1/secret.css', 'private'],
      ['192.168.0.1', () => 'http://192.168.0.1/secret.css', 'private'],
      ['100.64.0.1 (carrier-grade NAT)', () => 'http://100.64.0.1/secret.css', 'private'],
      ['169.254.169.254 (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ])('refuses %s although its origin is listed (403)', async (_name, urlFor, range) => {
      const { status, reason } = await proxy(guarded, urlFor(cdn.port));
      expect(status).toBe(403);
      expect(reason).toMatch(new RegExp(`has a ${range} address$`));
    });

    it('never reached the upstream listening on loopback', () => {
      expect(cdn.hits('/secret.css')).toBe(0);
    });
  });

  describe('with private addresses allowed (development)', () => {
    it('follows no redirect off the list: another host name for the same server, another port, the metadata address, user info, a file (403)', async () => {
      const refusedRedirects: Array<[string, string]> = [
        ['/to-localhost.css', `origin http://localhost:${cdn.port} is not allowed for this site`],
        ['/to-unlisted-port.css', `origin ${unlisted.origin} is not allowed for this site`],
        ['/to-metadata.css', 'origin http://169.254.169.254 is not allowed for this site'],
        ['/to-userinfo.css', 'URLs with user info are not proxied'],
        ['/to-file.css', 'only http and https URLs are proxied'],
      ];
      for (const [path, reason] of refusedRedirects) {
        expect(await proxy(dev, `${cdn.origin}${path}`), path).toEqual({ status: 403, reason: `redirect refused: ${reason}` });
      }
      expect(cdn.hits('/x.css')).toBe(0);
      expect(unlisted.hits('/x.css')).toBe(0);
    });

    it.each([
      ['user info naming an allowed host', (port: number) => `http://allowed.example@127.0.0.1:${port}/x.css`],
      ['user and password', (port: number) => `http://user:pass@127.0.0.1:${port}/x.css`],
    ])('refuses %s (403)', async (_name, urlFor) => {
      expect(await proxy(dev, urlFor(cdn.port))).toEqual({ status: 403, reason: 'URLs with user info are not proxied' });
    });

    it.each(['file:///etc/passwd', 'data:text/css,body{}', 'gopher://127.0.0.1:70/_GET%20/', 'javascript:alert(1)', 'ftp://127.0.0.1/x.css', 'ws://127.0.0.1/'])('refuses the scheme of %s (403)', async (url) => {
      expect(await proxy(dev, url)).toEqual({ status: 403, reason: 'only http and https URLs are proxied' });
    });

    it('refuses origins not on the list: another host, port or scheme (403)', async () => {
      for (const url of ['https://evil.example/x.css', `${unlisted.origin}/x.css`, `https://127.0.0.1:${cdn.port}/x.css`, `http://127.0.0.1.evil.example:${cdn.port}/x.css`, 'https://shop.example.evil.example/x.css']) {
        const { status, reason } = await proxy(dev, url);
        expect(status, url).toBe(403);
        expect(reason, url).toMatch(/is not allowed for this site$/);
      }
      expect(unlisted.hits('/x.css')).toBe(0);
    });

    it('refuses what is no absolute URL (403)', async () => {
      for (const url of ['/x.css', 'x.css', '', '//127.0.0.1/x.css', 'http://']) {
        expect(await proxy(dev, url), url).toEqual({ status: 403, reason: 'url must be an absolute http(s) URL' });
      }
      for (const query of ['site=shop', `site=shop&url=${encodeURIComponent(cdn.origin)}&url=x`, 'site=shop&url=%E0%A4%A', `site=shop&url=${'a'.repeat(8000)}`]) {
        expect((await fetch(`${dev.url}/assets/proxy?${query}`)).status, query).toBe(403);
      }
    });

    it('answers 404 for an unknown, inherited, missing or repeated site', async () => {
      for (const site of ['nope', 'constructor', '__proto__', 'toString', 'SHOP']) {
        expect(await proxy(dev, `${cdn.origin}/x.css`, site), site).toEqual({ status: 404, reason: 'unknown site' });
      }
      for (const query of [`url=${encodeURIComponent(`${cdn.origin}/x.css`)}`, `site=shop&site=shop&url=${encodeURIComponent(`${cdn.origin}/x.css`)}`, `site[x]=shop&url=${encodeURIComponent(`${cdn.origin}/x.css`)}`]) {
        expect((await fetch(`${dev.url}/assets/proxy?${query}`)).status, query).toBe(404);
      }
    });

    it('still serves a listed origin (the refusals above are not a broken proxy)', async () => {
      const response = await fetch(`${dev.url}${assetProxyUrl('', 'shop', `${cdn.origin}/x.css`)}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('body { color: red }');
    });
  });

  it('keeps both processes answering after every attack', async () => {
    for (const server of [guarded, dev]) {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
    }
  });
});
