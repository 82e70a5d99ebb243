/**
 * `GET /api/sessions/:id/audit`: one session's audit trail for supervisors and admins.
 * The log is streamed line by line, so a large file is never held in memory at once.
 */
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Router, type Request, type Response } from 'express';
import { AuditChainVerifier, type AuditEntry } from '../audit/auditLog';
import { authenticateAgent } from './bearerAuth';

/** What the route needs: the agent token secret and the audit log's path. */
export interface SessionAuditRouteOptions {
  jwtSecret: string;
  auditFile: string;
}

/** Body of a 200 answer. */
export interface SessionAuditResponse {
  session: string;
  entries: AuditEntry[];
  /** Whether the whole file's hash chain verifies (not just this session's lines). */
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

/** Builds the router serving `GET /api/sessions/:id/audit` (supervisor or admin token required). */
export function sessionAuditRouter({ jwtSecret, auditFile }: SessionAuditRouteOptions): Router {
  const router = Router();
  router.get('/api/sessions/:id/audit', async (req: Request<{ id: string }>, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, jwtSecret);
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
      trail = await readSessionTrail(auditFile, session);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        res.status(404).json({ error: 'no audit entries for this session' });
        return;
      }
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
