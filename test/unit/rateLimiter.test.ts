import { afterEach, describe, expect, it, vi } from 'vitest';
import { SocketRateLimiter, TokenBucket } from '../../server/src/relay/rateLimiter';

describe('TokenBucket', () => {
  afterEach(() => vi.useRealTimers());

  it('allows a burst, refuses past it, and refills with time', () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket(10, 20);
    for (let i = 0; i < 20; i++) expect(bucket.take(1)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    vi.advanceTimersByTime(500); // 5 tokens
    for (let i = 0; i < 5; i++) expect(bucket.take(1)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    vi.advanceTimersByTime(60_000);
    for (let i = 0; i < 20; i++) expect(bucket.take(1)).toBe(true);
    expect(bucket.take(1)).toBe(false);
  });

  it('takes nothing when a request is refused', () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket(1, 10);
    expect(bucket.take(11)).toBe(false);
    expect(bucket.take(10)).toBe(true);
  });
});

describe('SocketRateLimiter', () => {
  it('always fits one largest-allowed frame, even when the byte rate is lower', () => {
    const limiter = new SocketRateLimiter({ messagesPerSecond: 10, bytesPerSecond: 1000 }, 64 * 1024);
    expect(limiter.allow(64 * 1024)).toBe(true);
    expect(limiter.allow(10)).toBe(false);
  });

  it('limits messages independently of bytes', () => {
    const limiter = new SocketRateLimiter({ messagesPerSecond: 5, bytesPerSecond: 1_000_000 }, 1024);
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (limiter.allow(1)) allowed += 1;
    expect(allowed).toBe(10);
  });
});
