/**
 * Which nodes are alive: each node renews a key with a short TTL every second and lists itself
 * in the node set; a listed node whose key has expired is dead (crashed, or shut down: a
 * graceful stop deletes the key at once) and `onDead` runs for it on every surviving node.
 */
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './clusterKeys';

/** How often a node renews its key. */
export const BEAT_MS = 1000;
/** How long a key lives without renewal: a node silent this long counts as dead. */
export const ALIVE_TTL_MS = 3000;

/** This node's heartbeat and the watch on the others. */
export class NodeLiveness {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly nodeId: string,
    /** A listed node is dead (called on each beat until its adopter unlists it: sessionHoming.ts). */
    private readonly onDead: (node: string) => void,
  ) {}

  /** Announces this node and starts beating. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), BEAT_MS);
  }

  /** Announces this node now (Redis came back empty: before its sessions are written again, or they would look orphaned). */
  async announce(): Promise<void> {
    await this.redis.set(this.keys.nodeAlive(this.nodeId), '1', 'PX', ALIVE_TTL_MS);
    await this.redis.sadd(this.keys.nodes, this.nodeId);
  }

  /** Stops beating; with `announce`, deletes the key so the others adopt this node's sessions at once. */
  async stop(announce: boolean): Promise<void> {
    clearInterval(this.timer);
    if (announce) await this.redis.del(this.keys.nodeAlive(this.nodeId)).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    await this.announce();
    const others = (await this.redis.smembers(this.keys.nodes)).filter((node) => node !== this.nodeId);
    if (others.length === 0) return;
    const alive = await Promise.all(others.map((node) => this.redis.exists(this.keys.nodeAlive(node))));
    others.forEach((node, i) => {
      if (alive[i] === 0) this.onDead(node);
    });
  }
}
