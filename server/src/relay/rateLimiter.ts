/** Per-socket message and byte rate limits (token buckets, refilled lazily on use). */

/** Allowed rates for one socket. */
export interface RateLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

/** A token bucket holding at most `burst` tokens, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes `amount` tokens if available; false (taking nothing) when the rate is exceeded. */
  take(amount: number, now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** Checks one socket's incoming messages against its limits; bursts of two seconds are allowed. */
export class SocketRateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: RateLimits, maxPayloadBytes: number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    // A single largest-allowed frame must always fit in an idle bucket.
    this.bytes = new TokenBucket(limits.bytesPerSecond, Math.max(limits.bytesPerSecond * 2, maxPayloadBytes));
  }

  /** True when a message of `byteLength` bytes is within the limits. */
  allow(byteLength: number): boolean {
    const now = performance.now();
    return this.messages.take(1, now) && this.bytes.take(byteLength, now);
  }
}
