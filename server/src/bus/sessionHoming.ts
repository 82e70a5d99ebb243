/**
 * Bringing a session home to this node: when its shopper page reconnects here, when an agent
 * joins a session whose home node is dead, and for every session of a node that died. The
 * directory moves the home (compare-and-set), the room is rebuilt here from the saved record
 * (consented agents included, so nobody is asked to consent again), and the previous home is
 * told to let go of it.
 */
import type { SessionRoom } from '../relay/sessionRoom';
import type { SessionDirectory } from '../sessions/sessionDirectory';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { ClusterKeys } from './clusterKeys';
import type { ForwardedAgents } from './forwardedAgents';
import type { NodeMail } from './nodeMail';
import type { Redis } from 'ioredis';

/** How long one node holds the right to adopt a dead node's sessions. */
const ADOPTION_LOCK_MS = 10_000;

/** What homing needs from the node. */
export interface HomingContext {
  nodeId: string;
  redis: Redis;
  keys: ClusterKeys;
  registry: SessionRegistry;
  directory: SessionDirectory;
  mail: NodeMail;
  forwarded: ForwardedAgents;
}

/** Moves sessions to this node. */
export class SessionHoming {
  private readonly adopting = new Set<string>();

  constructor(private readonly ctx: HomingContext) {}

  /**
   * Makes this node the home of `sessionId` if it is now on `expected` (`*`: wherever) and
   * returns its room here; null when the session is gone or another node got it first.
   */
  async claim(sessionId: string, expected: string, why: 'resumed' | 'adopted'): Promise<SessionRoom | null> {
    const { nodeId, registry, directory, mail, forwarded } = this.ctx;
    const outcome = await directory.claim(sessionId, expected);
    if (!outcome || 'homedOn' in outcome) return null;
    const room = registry.findById(sessionId) ?? registry.adopt(outcome.claimed);
    if (outcome.from !== nodeId) mail.send(outcome.from, { t: 'release', session: sessionId, why });
    // Agents here that were forwarded to the old home reconnect and find the room here.
    forwarded.sessionMoved(sessionId);
    return room;
  }

  /** Adopts the sessions `node` was home to (a dead node; or this node's own, left by its previous run). */
  async adoptFrom(node: string): Promise<void> {
    const { nodeId, redis, keys, directory } = this.ctx;
    if (this.adopting.has(node)) return;
    this.adopting.add(node);
    try {
      if (node !== nodeId && (await redis.set(keys.adoption(node), nodeId, 'PX', ADOPTION_LOCK_MS, 'NX')) !== 'OK') return;
      for (const sessionId of await directory.sessionsOf(node)) await this.claim(sessionId, node, 'adopted');
      if (node !== nodeId) await redis.srem(keys.nodes, node);
    } finally {
      this.adopting.delete(node);
    }
  }
}
