/**
 * Where this node keeps its sessions: on a single node, a registry saved to a JSON file (it
 * survives a restart); with LOOKALONG_REDIS_URL, a registry saved to the shared session
 * directory in Redis, the cluster around it, and the audit trail mirrored for the other nodes.
 */
import { mirrorAudit } from '../audit/auditMirror';
import type { Config } from '../config';
import type { RoomContext } from '../relay/roomContext';
import { SessionDirectory } from '../sessions/sessionDirectory';
import { SessionRegistry } from '../sessions/sessionRegistry';
import { FileSessionStore } from '../sessions/sessionStore';
import { clusterKeys } from './clusterKeys';
import { Cluster } from './cluster';
import { openRedis } from './redisConnections';

/** This node's sessions, and the cluster when it runs as one of several. */
export interface SessionBackend {
  registry: SessionRegistry;
  cluster: Cluster | null;
}

/** Opens the registry (restoring saved sessions on a single node; joining the cluster otherwise). */
export async function openSessionBackend(config: Config, roomContext: Omit<RoomContext, 'onEnded' | 'onChanged'>): Promise<SessionBackend> {
  if (!config.cluster) {
    const registry = new SessionRegistry(roomContext, new FileSessionStore(config.sessionStoreFile));
    registry.restore();
    return { registry, cluster: null };
  }
  const { redisUrl, prefix, nodeId } = config.cluster;
  const keys = clusterKeys(prefix);
  const redis = await openRedis(redisUrl, nodeId);
  const directory = new SessionDirectory(redis.commands, keys, nodeId);
  const registry = new SessionRegistry(roomContext, directory);
  const cluster = new Cluster({ nodeId, keys, redis, directory, registry, counters: roomContext.counters, sendBufferMaxBytes: roomContext.sendBufferMaxBytes });
  registry.elsewhere = cluster;
  mirrorAudit(roomContext.audit, redis.commands, keys, nodeId);
  await cluster.start();
  return { registry, cluster };
}
