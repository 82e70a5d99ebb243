/**
 * `GET /api/sessions/:id/audit`: one session's audit trail for supervisors and admins.
 * The log is streamed line by line, so a large file is never held in memory at once.
 */
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Router, type Request, type Response } from 'express';
import { AuditChainVerifier, type AuditEntry } from '../audit/auditLog';
import type { MirroredTrail } from '../audit/auditMirror';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import { authenticateAgent } from './bearerAuth';

/** What the route needs: how agent tokens are verified, the audit log's path and, with several nodes, their mirrored trails. */
export interface SessionAuditRouteOptions {
  tokenPolicy: AgentTokenPolicy;
  auditFile: string;
  /** Reads a session's entries from every node (auditMirror.ts); null on a single node. */
  auditMirror?: ((session: string) => Promise<MirroredTrail>) | null;
}

/** Body of a 200 answer. */
export interface SessionAuditResponse {
  session: string;
  entries: AuditEntry[];
  /**
   * Whether the whole file's hash chain verifies (not just this session's lines); with several
   * nodes, also whether every other node's entry still matches its own hash.
   */
  chainIntact: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the log once: the entries of `session` in file order, and whether the chain holds. */
async function readSessionTrail(auditFile: string, session: string): Promise<{ entries: AuditEntry[]; chainIntact: boolean }> {
  const verifier = new AuditChainVerifier();
  const entries: AuditEntry[] = [];
  // Opening first makes a missing file reject here (ENOENT) rather than inside the line reader.
  const handle = await open(auditFile, 'r');
  const input = handle.createReadStream({ encoding: 'utf8', autoClose: false });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const entry = verifier.push(line);
      if (entry && entry.session === session) entries.push(entry);
    }
  } finally {
    lines.close();
    input.destroy();
    await handle.close();
  }
  return { entries, chainIntact: verifier.broken === null };
}

/** This node's trail merged with the entries every node mirrored, in time order (an entry in both is kept once). */
function withMirrored(local: { entries: AuditEntry[]; chainIntact: boolean }, mirrored: MirroredTrail): { entries: AuditEntry[]; chainIntact: boolean } {
  const byHash = new Map(mirrored.entries.map(({ entry }) => [entry.hash, entry]));
  for (const entry of local.entries) byHash.set(entry.hash, entry);
  const entries = [...byHash.values()].sort((a, b) => a.ts.localeCompare(b.ts));
  return { entries, chainIntact: local.chainIntact && mirrored.hashesIntact };
}

/** Builds the router serving `GET /api/sessions/:id/audit` (supervisor or admin token required). */
export function sessionAuditRouter({ tokenPolicy, auditFile, auditMirror = null }: SessionAuditRouteOptions): Router {
  const router = Router();
  router.get('/api/sessions/:id/audit', async (req: Request<{ id: string }>, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, tokenPolicy);
    if (!agent) return;
    if (agent.role === 'agent') {
      res.status(403).json({ error: 'a supervisor or admin token is required' });
      return;
    }
    if (!UUID.test(req.params.id)) {
      res.status(400).json({ error: 'session id must be a UUID' });
      return;
    }
    const session = req.params.id.toLowerCase();
    let trail: { entries: AuditEntry[]; chainIntact: boolean };
    try {
      trail = await readSessionTrail(auditFile, session).catch((err: NodeJS.ErrnoException) => {
        // A node may have no file yet; with several nodes the others' entries may still exist.
        if (err.code === 'ENOENT') return { entries: [], chainIntact: true };
        throw err;
      });
      if (auditMirror) trail = withMirrored(trail, await auditMirror(session));
    } catch {
      res.status(500).json({ error: 'audit log unreadable' });
      return;
    }
    if (trail.entries.length === 0) {
      res.status(404).json({ error: 'no audit entries for this session' });
      return;
    }
    const body: SessionAuditResponse = { session, entries: trail.entries, chainIntact: trail.chainIntact };
    res.json(body);
  });
  return router;
}
