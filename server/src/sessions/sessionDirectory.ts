/**
 * The sessions of every node, in Redis: each session's record, its home node (where its
 * shopper's socket is), its code and hashed resume token, and a minute's memory of how ended
 * sessions ended. It is the session store of a node that runs as one of several: writes are
 * fenced by the home key, so a node that lost a session to another can no longer overwrite it.
 * Keys expire after RECORD_TTL_MS unless the home node writes them again (it does on every
 * change and hourly), so nothing outlives a deployment that went away.
 */
import type { Redis } from 'ioredis';
import type { EndReason } from '../../../protocol/messages';
import type { ClusterKeys } from '../bus/clusterKeys';
import type { ListedSession } from './listedSession';
import type { SavedSession } from './sessionRecord';
import { TOMBSTONE_MS } from './sessionRegistry';
import type { SessionStore } from './sessionStore';

/** How long a session's keys live without being written again. */
export const RECORD_TTL_MS = 24 * 3600_000;

/** How long a reserved code waits for its session's record. */
const CODE_RESERVATION_MS = 60_000;

/** A session found in the directory. */
export interface DirectoryEntry {
  record: SavedSession;
  /** The node its room runs on. */
  home: string;
  /** Whether that node is alive (its heartbeat key exists). */
  homeAlive: boolean;
}

/** What a code names: an open session, a recently ended one, or nothing. */
export type CodeLookup = { open: DirectoryEntry } | { ended: EndReason; site: string } | null;

/** Outcome of taking a session over. */
export type ClaimOutcome = { claimed: SavedSession; from: string } | { homedOn: string } | null;

/**
 * Saves the record and takes the home when the session has none (new) or is already ours;
 * ARGV[2..5] are the four keys' values; a session a page has picked up (stream ARGV[8] > 0)
 * leaves its site's unclaimed set (KEYS[7]).
 */
const PUT = `
local h = redis.call('GET', KEYS[1])
if h and h ~= ARGV[1] then return 0 end
for i = 1, 4 do redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[6]) end
redis.call('ZADD', KEYS[5], ARGV[7], ARGV[5])
redis.call('SADD', KEYS[6], ARGV[5])
if tonumber(ARGV[8]) > 0 then redis.call('ZREM', KEYS[7], ARGV[5]) end
return 1`;

/** Forgets an ended session (if still ours), leaves its end reason under its code, and takes it out of its site's unclaimed set. */
const REMOVE = `
local h = redis.call('GET', KEYS[1])
if h and h ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
if redis.call('GET', KEYS[3]) == ARGV[2] then redis.call('DEL', KEYS[3]) end
redis.call('ZREM', KEYS[5], ARGV[2])
redis.call('SREM', KEYS[6], ARGV[2])
redis.call('SET', KEYS[7], ARGV[3], 'PX', ARGV[4])
redis.call('ZREM', KEYS[8], ARGV[2])
return 1`;

/** Moves the home to this node when it is where `expected` says ('*': wherever). */
const CLAIM = `
local h = redis.call('GET', KEYS[1])
local rec = redis.call('GET', KEYS[2])
if not h or not rec then return false end
if h ~= ARGV[1] and ARGV[2] ~= '*' and h ~= ARGV[2] then return {0, h} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
if h ~= ARGV[1] then
  redis.call('SREM', ARGV[3] .. 'node-sessions:' .. h, ARGV[4])
  redis.call('SADD', ARGV[3] .. 'node-sessions:' .. ARGV[1], ARGV[4])
end
return {1, h, rec}`;

/** Finds a session by the id stored under KEYS[1]; with KEYS[2], a missing one may have ended. */
const LOCATE = `
local id = redis.call('GET', KEYS[1])
if not id then
  if KEYS[2] then
    local e = redis.call('GET', KEYS[2])
    if e then return {'ended', e} end
  end
  return false
end
local home = redis.call('GET', ARGV[1] .. 'home:' .. id)
local rec = redis.call('GET', ARGV[1] .. 'session:' .. id)
if not home or not rec then return false end
return {'open', rec, home, redis.call('EXISTS', ARGV[1] .. 'alive:' .. home)}`;

/** The shared directory of sessions; also this node's session store. */
export class SessionDirectory implements SessionStore {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly nodeId: string,
  ) {}

  /** A node running as one of several restores nothing at start: it adopts sessions instead (bus/sessionAdoption.ts). */
  load(): SavedSession[] {
    return [];
  }

  put(session: SavedSession): void {
    const { id, code, resumeTokenHash, createdAt, site, stream } = session;
    const k = this.keys;
    this.track(this.redis.eval(PUT, 7, k.home(id), k.session(id), k.code(code), k.resume(resumeTokenHash), k.openSessions, k.nodeSessions(this.nodeId), k.unclaimed(site),
      this.nodeId, this.nodeId, JSON.stringify(session), id, id, RECORD_TTL_MS, createdAt, stream));
  }

  remove(session: SavedSession, reason: EndReason): void {
    const { id, code, resumeTokenHash, site } = session;
    const k = this.keys;
    this.track(this.redis.eval(REMOVE, 8, k.home(id), k.session(id), k.code(code), k.resume(resumeTokenHash), k.openSessions, k.nodeSessions(this.nodeId), k.ended(code), k.unclaimed(site),
      this.nodeId, id, JSON.stringify({ reason, site }), TOMBSTONE_MS));
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Reserves a code for a new session across nodes (its record, written next, takes it over); false when another session has it. */
  async reserveCode(code: string): Promise<boolean> {
    return (await this.redis.set(this.keys.code(code), 'reserved', 'PX', CODE_RESERVATION_MS, 'NX')) === 'OK';
  }

  /** The session a code names, wherever it is homed, or why it ended within the last minute. */
  async findByCode(code: string): Promise<CodeLookup> {
    const found = await this.redis.eval(LOCATE, 2, this.keys.code(code), this.keys.ended(code), this.keys.prefix);
    if (!Array.isArray(found)) return null;
    if (found[0] === 'ended') {
      const { reason, site } = JSON.parse(String(found[1])) as { reason: EndReason; site: string };
      return { ended: reason, site };
    }
    return { open: entryOf(found) };
  }

  /** The session of a hashed resume token, wherever it is homed. */
  async findByResumeHash(tokenHash: string): Promise<DirectoryEntry | null> {
    const found = await this.redis.eval(LOCATE, 1, this.keys.resume(tokenHash), this.keys.prefix);
    return Array.isArray(found) && found[0] === 'open' ? entryOf(found) : null;
  }

  /**
   * Makes this node the session's home if it is now on `expected` (`*`: wherever it is); the
   * saved record comes back with the node it was taken from. Null when the session is gone.
   */
  async claim(sessionId: string, expected: string): Promise<ClaimOutcome> {
    const result = await this.redis.eval(CLAIM, 2, this.keys.home(sessionId), this.keys.session(sessionId), this.nodeId, expected, this.keys.prefix, sessionId, RECORD_TTL_MS);
    if (!Array.isArray(result)) return null;
    if (Number(result[0]) !== 1) return { homedOn: String(result[1]) };
    return { claimed: JSON.parse(String(result[2])) as SavedSession, from: String(result[1]) };
  }

  /** Ids of the sessions homed on `node`. */
  sessionsOf(node: string): Promise<string[]> {
    return this.redis.smembers(this.keys.nodeSessions(node));
  }

  /** Every open session of every node, longest waiting first (expired entries are swept). */
  async listed(): Promise<ListedSession[]> {
    const ids = await this.redis.zrange(this.keys.openSessions, 0, -1);
    const listed: ListedSession[] = [];
    const gone: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const records = await this.redis.mget(chunk.map((id) => this.keys.session(id)));
      records.forEach((json, j) => {
        if (json === null) return void gone.push(chunk[j]!);
        const { code, site, state, lang, viewers, title, createdAt, awaySince } = JSON.parse(json) as SavedSession;
        // A record written before pages were tracked counts as away since it was created.
        listed.push({ code, site, state, lang, viewers: viewers ?? 0, createdAt, awaySince: awaySince === undefined ? createdAt : awaySince, ...(title ? { title } : {}) });
      });
    }
    if (gone.length) await this.redis.zrem(this.keys.openSessions, ...gone);
    return listed;
  }

  private track(write: Promise<unknown>): void {
    // Failures during a Redis outage are logged once by the connection (redisConnections.ts).
    const settled = write.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}

function entryOf(found: unknown[]): DirectoryEntry {
  return { record: JSON.parse(String(found[1])) as SavedSession, home: String(found[2]), homeAlive: Number(found[3]) === 1 };
}
