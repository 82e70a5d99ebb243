/** The asset proxy's cache: least recently used out first within the byte cap, entries expire, 0 caches nothing. */
import { describe, expect, it } from 'vitest';
import { AssetCache, type ProxiedAsset } from '../../server/src/assets/assetCache';

/** An asset whose entry costs exactly `bytes` under a one-letter key ('x/y' type: 3 bytes). */
function asset(bytes: number): ProxiedAsset {
  return { contentType: 'x/y', body: Buffer.alloc(bytes - 4) };
}

describe('AssetCache', () => {
  it('keeps what fits and evicts the least recently used first', () => {
    const cache = new AssetCache(300, 60_000);
    cache.set('a', asset(100));
    cache.set('b', asset(100));
    cache.set('c', asset(100));
    expect(cache.bytes).toBe(300);
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', asset(100));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => cache.get(key) !== undefined)).toEqual([true, true, true]);
    expect(cache.bytes).toBe(300);
    cache.set('e', asset(250));
    expect(cache.bytes).toBe(250);
    expect(['a', 'c', 'd', 'e'].map((key) => cache.get(key) !== undefined)).toEqual([false, false, false, true]);
  });

  it('never holds an entry bigger than the cap, and replaces an entry under the same key', () => {
    const cache = new AssetCache(300, 60_000);
    cache.set('a', asset(100));
    cache.set('big', asset(301));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.bytes).toBe(100);
    cache.set('a', asset(200));
    expect(cache.bytes).toBe(200);
    expect(cache.get('a')?.body.length).toBe(196);
  });

  it('expires entries after their lifetime', () => {
    let now = 1000;
    const cache = new AssetCache(1000, 600_000, () => now);
    cache.set('a', asset(100));
    now += 599_999;
    expect(cache.get('a')).toBeDefined();
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('caches nothing with a cap of 0', () => {
    const cache = new AssetCache(0, 60_000);
    cache.set('a', asset(10));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('stays within the cap over many entries of every size', () => {
    const cache = new AssetCache(10_000, 60_000);
    for (let i = 0; i < 2000; i++) {
      cache.set(String.fromCharCode(97 + (i % 26)), asset(5 + ((i * 7919) % 3000)));
      expect(cache.bytes).toBeLessThanOrEqual(10_000);
    }
  });
});
