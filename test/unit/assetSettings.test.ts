/** The asset proxy settings: proxiable origins per site, the development switch, bounds; one readable line per mistake. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { configProblems } from '../helpers/configProblems';

const SECRET = 's'.repeat(32);
const SITES = JSON.stringify({ demo: ['self', 'http://localhost:*'], shop: ['https://shop.example'] });

function problemsOf(env: Record<string, string>): string[] {
  return configProblems({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: SITES, ...env });
}

describe('asset proxy settings', () => {
  it('gives each site its page origins (self aside) plus its extra asset origins', () => {
    const { assets } = loadConfig({
      LOOKALONG_JWT_SECRET: SECRET,
      LOOKALONG_SITES: SITES,
      LOOKALONG_ASSET_ORIGINS: JSON.stringify({ shop: ['https://cdn.shop.example', 'https://fonts.shop.example:*', 'https://shop.example', 'http://[::1]:8081'] }),
      LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'true',
      LOOKALONG_ASSET_MAX_BYTES: '1048576',
      LOOKALONG_ASSET_TIMEOUT_MS: '2000',
      LOOKALONG_ASSET_CACHE_BYTES: '0',
    });
    expect({ ...assets.origins }).toEqual({
      demo: ['http://localhost:*'],
      shop: ['https://shop.example', 'https://cdn.shop.example', 'https://fonts.shop.example:*', 'http://[::1]:8081'],
    });
    expect(assets).toMatchObject({ allowPrivate: true, maxBytes: 1048576, timeoutMs: 2000, cacheBytes: 0 });
  });

  it('has no inherited sites', () => {
    const { assets } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: SITES });
    expect(Object.getPrototypeOf(assets.origins)).toBeNull();
  });

  it('reports invalid JSON and JSON that is not an object', () => {
    expect(problemsOf({ LOOKALONG_ASSET_ORIGINS: '{shop:' })).toEqual(['LOOKALONG_ASSET_ORIGINS must be JSON like {"shop":["https://cdn.shop.example"]}']);
    expect(problemsOf({ LOOKALONG_ASSET_ORIGINS: '["https://cdn.example"]' })).toEqual(['LOOKALONG_ASSET_ORIGINS must be a JSON object of site key -> array of origins']);
  });

  it('reports unknown sites, non-arrays, self and malformed origins, one line each', () => {
    expect(problemsOf({
      LOOKALONG_ASSET_ORIGINS: JSON.stringify({
        nowhere: ['https://cdn.example'],
        constructor: ['https://cdn.example'],
        demo: 'https://cdn.example',
        shop: ['self', 'https://cdn.example/path', 'HTTPS://CDN.EXAMPLE', '*.cdn.example', 'ftp://cdn.example', 42],
      }),
    })).toEqual([
      'LOOKALONG_ASSET_ORIGINS: site "nowhere" is not in LOOKALONG_SITES',
      'LOOKALONG_ASSET_ORIGINS: site "constructor" is not in LOOKALONG_SITES',
      'LOOKALONG_ASSET_ORIGINS: site "demo" must map to an array of origin strings',
      'LOOKALONG_ASSET_ORIGINS: site "shop" must map to an array of origin strings',
    ]);
    expect(problemsOf({ LOOKALONG_ASSET_ORIGINS: JSON.stringify({ shop: ['self', 'https://cdn.example/path', 'HTTPS://CDN.EXAMPLE', '*.cdn.example'] }) })).toEqual([
      'LOOKALONG_ASSET_ORIGINS: site "shop" origin "self" must look like https://cdn.shop.example[:port] (or :* for any port)',
      'LOOKALONG_ASSET_ORIGINS: site "shop" origin "https://cdn.example/path" must look like https://cdn.shop.example[:port] (or :* for any port)',
      'LOOKALONG_ASSET_ORIGINS: site "shop" origin "HTTPS://CDN.EXAMPLE" must look like https://cdn.shop.example[:port] (or :* for any port)',
      'LOOKALONG_ASSET_ORIGINS: site "shop" origin "*.cdn.example" must look like https://cdn.shop.example[:port] (or :* for any port)',
    ]);
  });

  it('reports a switch that is not true/false and bounds out of range', () => {
    expect(problemsOf({
      LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'yes',
      LOOKALONG_ASSET_MAX_BYTES: '10',
      LOOKALONG_ASSET_TIMEOUT_MS: '5s',
      LOOKALONG_ASSET_CACHE_BYTES: '-1',
    })).toEqual([
      'LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE must be true or false, got "yes"',
      'LOOKALONG_ASSET_MAX_BYTES must be an integer between 1024 and 268435456, got "10"',
      'LOOKALONG_ASSET_TIMEOUT_MS must be an integer between 100 and 120000, got "5s"',
      'LOOKALONG_ASSET_CACHE_BYTES must be an integer between 0 and 4294967296, got "-1"',
    ]);
  });

  it('names a misspelt setting', () => {
    expect(problemsOf({ LOOKALONG_ASSET_ORIGIN: '{}' })).toEqual(['LOOKALONG_ASSET_ORIGIN is not a setting (did you mean LOOKALONG_ASSET_ORIGINS?); npm start -- --help lists them']);
  });
});
