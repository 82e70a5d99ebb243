/**
 * Open-connection caps (per client address, per agent) counted on every node: one Redis hash per
 * key with a count per node process, so sockets spread over nodes meet the one-node cap. A node
 * that died (its alive key expired) no longer counts, and a restarted node drops what its
 * previous process counted. While Redis cannot be reached the node decides with its own counts.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConnectionQuota, type SocketSlots } from '../relay/connectionQuota';

/** How long a key lives after its last use (a count for a socket that never closed cannot last longer). */
const KEY_TTL_MS = 24 * 3600_000;

/**
 * KEYS[1] counts; ARGV max, this process's field (`node|boot`), alive-key prefix, TTL. Drops the
 * fields of dead nodes and of this node's earlier processes; takes a slot unless at the cap.
 */
const TAKE_SCRIPT = `
local mine = ARGV[2]
local myNode = string.match(mine, '^(.*)|')
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local field = fields[i]
  local node = string.match(field, '^(.*)|')
  local stale = (node == myNode and field ~= mine) or (node ~= myNode and redis.call('EXISTS', ARGV[3] .. node) == 0)
  if stale then redis.call('HDEL', KEYS[1], field) else total = total + tonumber(fields[i + 1]) end
end
if total >= tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[1], mine, 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** KEYS[1] counts; ARGV this process's field. Gives one slot back. */
const RELEASE_SCRIPT = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/** One cap (per address, or per agent) of every node. */
export class SharedConnectionQuota implements SocketSlots {
  private readonly local: ConnectionQuota;
  /** This process's field in every hash: the node id and a boot id. */
  private readonly field: string;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (key: string) => string,
    private readonly aliveKeyPrefix: string,
    nodeId: string,
    readonly maxPerKey: number,
  ) {
    this.local = new ConnectionQuota(maxPerKey);
    this.field = `${nodeId}|${randomBytes(6).toString('hex')}`;
  }

  async take(key: string): Promise<(() => void) | null> {
    let shared: boolean;
    try {
      shared = Number(await this.redis.eval(TAKE_SCRIPT, 1, this.keyOf(key), this.maxPerKey, this.field, this.aliveKeyPrefix, KEY_TTL_MS)) === 1;
    } catch {
      // Redis away: this node's own count decides.
      return this.local.take(key);
    }
    if (!shared) return null;
    // Counted here too, so a Redis outage later still sees this node's sockets.
    this.local.tryOpen(key);
    return () => {
      this.local.release(key);
      this.redis.eval(RELEASE_SCRIPT, 1, this.keyOf(key), this.field).catch(() => undefined);
    };
  }
}
