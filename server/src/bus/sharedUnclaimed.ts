/**
 * The per-site cap on sessions `POST /api/sessions` opened that no page has picked up yet
 * (api/unclaimedSessions.ts), counted for every node: one sorted set per site in Redis, each
 * member a session id scored with the end of its wait for a page. The session directory removes
 * a member when a page picks the session up or it ends (sessions/sessionDirectory.ts), and
 * expired waits drop out by score. While Redis cannot be reached the node counts on its own.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { UnclaimedSessions, type UnclaimedAdmission, type UnclaimedLedger } from '../api/unclaimedSessions';
import { REDIS_NOW_MS } from './redisClock';

/** How long a reservation holds a place while its session is being opened. */
const OPENING_HOLD_MS = 30_000;

/** KEYS[1] the site's set; ARGV max, hold ms, reservation, key TTL. Reserves a place (0) or returns the ms to wait. */
const RESERVE_SCRIPT = `
${REDIS_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(first[2]) - now)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0
`;

/** KEYS[1] the site's set; ARGV reservation, session id, wait ms. Turns a reservation into the session's place. */
const SETTLE_SCRIPT = `
${REDIS_NOW_MS}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
return 1
`;

/** Every node's unclaimed API sessions, per site, under `keyOf(site)` in Redis. */
export class SharedUnclaimed implements UnclaimedLedger<{ id: string }> {
  private readonly local: UnclaimedSessions<{ id: string }>;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (site: string) => string,
    private readonly maxPerSite: number,
    private readonly ttlMs: number,
    isUnclaimed: (room: { id: string }) => boolean,
  ) {
    this.local = new UnclaimedSessions(maxPerSite, ttlMs, isUnclaimed);
  }

  async admit<Opened extends { room: { id: string } }>(site: string, open: () => Promise<Opened>): Promise<UnclaimedAdmission<Opened>> {
    const key = this.keyOf(site);
    const reservation = `opening:${randomBytes(8).toString('hex')}`;
    let wait: number;
    try {
      wait = Number(await this.redis.eval(RESERVE_SCRIPT, 1, key, this.maxPerSite, OPENING_HOLD_MS, reservation, this.ttlMs + OPENING_HOLD_MS));
    } catch {
      return this.local.admit(site, open);
    }
    if (wait > 0) return { retryAfterMs: wait };
    try {
      const opened = await this.local.open(site, open);
      await this.redis.eval(SETTLE_SCRIPT, 1, key, reservation, opened.room.id, this.ttlMs).catch(() => undefined);
      return { opened };
    } catch (err) {
      await this.redis.zrem(key, reservation).catch(() => undefined);
      throw err;
    }
  }
}
