/**
 * Token buckets by key (a client address, a site), for limits that must hold across sockets:
 * a bucket holds at most `burst` tokens and refills `perMinute` a minute; taking from an empty
 * one answers how long until a token is back. The in-memory store serves one node; with
 * several nodes the buckets live in Redis (bus/sharedRateBuckets.ts) so every node takes from
 * the same ones.
 */

/** The rate of one kind of bucket. */
export interface BucketRate {
  /** Tokens refilled per minute. */
  perMinute: number;
  /** Most tokens the bucket holds (the burst allowed after a quiet spell). */
  burst: number;
}

/** Buckets shared by everything that takes from them. */
export interface RateBuckets {
  /** Takes one token from `key`'s bucket: 0 when taken, else the ms until one is back (nothing taken). */
  take(key: string, rate: BucketRate): Promise<number>;
}

/** Most keys the in-memory store keeps; the least recently used are forgotten first (a forgotten bucket is full). */
const MAX_KEYS = 100_000;

/** One bucket's state: tokens at a time. */
interface BucketState {
  tokens: number;
  at: number;
}

/** Refills `state` to `now` at `rate` and takes one token; returns 0 or the ms to wait (state updated either way). */
export function takeToken(state: BucketState, rate: BucketRate, now: number): number {
  const perMs = rate.perMinute / 60_000;
  state.tokens = Math.min(rate.burst, state.tokens + Math.max(0, now - state.at) * perMs);
  state.at = now;
  if (state.tokens >= 1) {
    state.tokens -= 1;
    return 0;
  }
  // The epsilon keeps float dust (0.6666…7 tokens) from adding a millisecond.
  return Math.ceil((1 - state.tokens) / perMs - 1e-6);
}

/** Buckets in this process's memory, bounded to MAX_KEYS. */
export class MemoryRateBuckets implements RateBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = MAX_KEYS,
  ) {}

  take(key: string, rate: BucketRate): Promise<number> {
    return Promise.resolve(this.takeNow(key, rate));
  }

  /** The synchronous take (also the fallback of the shared store while Redis is away). */
  takeNow(key: string, rate: BucketRate): number {
    const now = this.now();
    const state = this.buckets.get(key) ?? { tokens: rate.burst, at: now };
    const wait = takeToken(state, rate, now);
    this.buckets.delete(key);
    this.buckets.set(key, state);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return wait;
  }
}
