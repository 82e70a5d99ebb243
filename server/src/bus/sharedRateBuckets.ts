/**
 * Token buckets every node takes from (relay/rateBuckets.ts), in Redis: one hash per key,
 * refilled and taken from atomically by a Lua script on Redis's own clock, so an attack spread
 * over several nodes meets the same limit as on one. While Redis cannot be reached the node
 * falls back to its own in-memory buckets (limits then hold per node), rather than refusing
 * every shopper.
 */
import type { Redis } from 'ioredis';
import { MemoryRateBuckets, type BucketRate, type RateBuckets } from '../relay/rateBuckets';
import { REDIS_NOW_MS } from './redisClock';

/** KEYS[1] bucket; ARGV refill per ms, burst. Returns 0 (taken) or the ms until a token is back. */
const TAKE_SCRIPT = `
local perMs = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
${REDIS_NOW_MS}
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / perMs) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / perMs) + 1000)
return wait
`;

/** The buckets of every node, under `keyOf(key)` in Redis. */
export class SharedRateBuckets implements RateBuckets {
  private readonly fallback = new MemoryRateBuckets();

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (key: string) => string,
  ) {}

  async take(key: string, rate: BucketRate): Promise<number> {
    try {
      const wait = await this.redis.eval(TAKE_SCRIPT, 1, this.keyOf(key), rate.perMinute / 60_000, rate.burst);
      return Number(wait);
    } catch {
      return this.fallback.takeNow(key, rate);
    }
  }
}
