/**
 * The session-code guessing throttle (relay/codeGuessThrottle.ts) shared by every node: each
 * key's recent misses are a sorted set in Redis on Redis's own clock, so guesses spread over
 * several nodes meet the one-node limit. While Redis cannot be reached the node falls back to
 * its own in-memory throttle (the limit then holds per node).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CodeGuessThrottle, type CodeGuessLimits, type GuessThrottle } from '../relay/codeGuessThrottle';
import { REDIS_NOW_MS } from './redisClock';

/** KEYS[1] misses; ARGV max, window ms. Drops misses out of the window; returns the ms to wait (0: may go). */
const RETRY_SCRIPT = `
${REDIS_NOW_MS}
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < max then return 0 end
local oldest = redis.call('ZRANGE', KEYS[1], n - max, n - max, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** KEYS[1] misses; ARGV max, window ms, a unique member. Records a miss, keeping only the latest `max`. */
const MISS_SCRIPT = `
${REDIS_NOW_MS}
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[1]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** One throttle (per agent, or per client address) of every node, under `keyOf(key)` in Redis. */
export class SharedCodeGuesses implements GuessThrottle {
  private readonly fallback: CodeGuessThrottle;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (key: string) => string,
    private readonly limits: CodeGuessLimits,
  ) {
    this.fallback = new CodeGuessThrottle(limits);
  }

  async retryAfterMs(key: string): Promise<number> {
    try {
      return Number(await this.redis.eval(RETRY_SCRIPT, 1, this.keyOf(key), this.limits.maxMisses, this.limits.windowMs));
    } catch {
      return this.fallback.retryAfterMs(key);
    }
  }

  async recordMiss(key: string): Promise<void> {
    this.fallback.recordMiss(key);
    try {
      await this.redis.eval(MISS_SCRIPT, 1, this.keyOf(key), this.limits.maxMisses, this.limits.windowMs, randomBytes(8).toString('hex'));
    } catch {
      // Counted in this node's throttle above.
    }
  }
}
