/**
 * Audit trails across nodes. Each node keeps its own hash-chained file (the tamper-evident
 * record, checked with `npm run audit:verify`); with several nodes each entry is also appended
 * to its session's list in Redis, tagged with the node that wrote it, so the audit endpoint on
 * any node can show a session's whole trail. A mirrored entry carries its chain hash, which is
 * checked against its content when read (a per-session list cannot re-check the links between
 * entries: those are in each node's file).
 */
import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../bus/clusterKeys';
import { hashAuditEntry, type AuditEntry, type AuditLog } from './auditLog';

/** Most entries kept per session (oldest dropped). */
const MAX_ENTRIES_PER_SESSION = 10_000;
/** How long a session's mirrored trail is kept after its last entry. */
const TRAIL_TTL_MS = 30 * 24 * 3600_000;

/** An entry as mirrored: which node's chain it belongs to. */
export interface MirroredEntry {
  node: string;
  entry: AuditEntry;
}

/** Appends every entry `audit` records to its session's list in Redis (failures are dropped: the file has it). */
export function mirrorAudit(audit: AuditLog, redis: Redis, keys: ClusterKeys, node: string): void {
  audit.onRecord((entry) => {
    const key = keys.audit(entry.session);
    redis.multi().rpush(key, JSON.stringify({ node, entry })).ltrim(key, -MAX_ENTRIES_PER_SESSION, -1).pexpire(key, TRAIL_TTL_MS).exec().catch(() => undefined);
  });
}

/** A session's trail from every node, oldest first, and whether every entry's hash matches its content. */
export interface MirroredTrail {
  entries: MirroredEntry[];
  hashesIntact: boolean;
}

/** Reads a session's mirrored trail. */
export async function readMirroredTrail(redis: Redis, keys: ClusterKeys, session: string): Promise<MirroredTrail> {
  const raw = await redis.lrange(keys.audit(session), 0, -1);
  const entries = raw.map((line) => JSON.parse(line) as MirroredEntry);
  const hashesIntact = entries.every(({ entry }) => hashAuditEntry(entry) === entry.hash);
  return { entries: entries.sort((a, b) => a.entry.ts.localeCompare(b.entry.ts)), hashesIntact };
}
