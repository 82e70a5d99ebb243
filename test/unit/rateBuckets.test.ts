/** Token buckets of the help-request limits (server/src/relay/rateBuckets.ts), on a fake clock. */
import { describe, expect, it } from 'vitest';
import { MemoryRateBuckets, takeToken } from '../../server/src/relay/rateBuckets';

describe('token buckets', () => {
  it('gives the burst at once, then one token per 60/perMinute s, and says how long to wait', () => {
    let now = 1_000_000;
    const buckets = new MemoryRateBuckets(() => now);
    const rate = { perMinute: 20, burst: 20 };
    for (let i = 0; i < 20; i++) expect(buckets.takeNow('ip:a', rate)).toBe(0);
    expect(buckets.takeNow('ip:a', rate)).toBe(3000);
    now += 1000;
    expect(buckets.takeNow('ip:a', rate)).toBe(2000);
    now += 2000;
    expect(buckets.takeNow('ip:a', rate)).toBe(0);
    expect(buckets.takeNow('ip:a', rate)).toBe(3000);
    // Keys are independent.
    expect(buckets.takeNow('ip:b', rate)).toBe(0);
  });

  it('never holds more than the burst, however long it was quiet', () => {
    const state = { tokens: 0, at: 0 };
    const rate = { perMinute: 60, burst: 5 };
    expect(takeToken(state, rate, 3_600_000)).toBe(0);
    expect(state.tokens).toBe(4);
  });

  it('forgets the least recently used keys past its bound (a forgotten bucket is full again)', () => {
    const buckets = new MemoryRateBuckets(() => 0, 2);
    const rate = { perMinute: 1, burst: 1 };
    expect(buckets.takeNow('a', rate)).toBe(0);
    expect(buckets.takeNow('b', rate)).toBe(0);
    expect(buckets.takeNow('a', rate)).toBeGreaterThan(0);
    expect(buckets.takeNow('c', rate)).toBe(0);
    // "b" was the least recently used: forgotten, so full; "a" is still empty.
    expect(buckets.takeNow('b', rate)).toBe(0);
    expect(buckets.takeNow('a', rate)).toBe(0);
  });
});
