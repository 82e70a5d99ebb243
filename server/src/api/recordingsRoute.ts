/**
 * The review API: `GET /api/recordings` (the token's sites' recordings), `GET /api/recordings/:id`
 * (one recording decrypted for the player; watching it is audited) for supervisors and admins,
 * and `DELETE /api/recordings/:id` for an admin or the site's backend (its secret). Another
 * site's recording answers like an unknown one, so ids reveal nothing.
 */
import { Router, type Request, type Response } from 'express';
import type { AuditLog } from '../audit/auditLog';
import { agentMaySee } from '../auth/agentToken';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import { logger } from '../ops/logger';
import { RecordingDamaged, type OpenedRecording, type Recordings } from '../recordings/recordings';
import { parseListCursor } from '../recordings/listCursor';
import { isRecordingId } from '../recordings/recordingStore';
import { authenticateAgent } from './bearerAuth';
import { SITE_API_ACTOR } from './siteSecretAuth';

/** What the routes need. */
export interface RecordingsRouteOptions {
  recordings: Recordings;
  tokenPolicy: AgentTokenPolicy;
  audit: AuditLog;
  /** The site whose secret the request presents, or null. */
  siteOf(req: Request): string | null;
}

const NOT_FOUND = { error: 'no such recording' };
/** Rows of a list page unless `limit` says otherwise, and the most it may say. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;

/** Writes `{…head, "items": [...]}` one chunk at a time, waiting for the socket to drain. */
async function streamBody(res: Response, { head, itemsByChunk }: OpenedRecording): Promise<void> {
  res.status(200).type('application/json');
  const write = async (text: string): Promise<void> => {
    if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"items":[`);
  let first = true;
  for (const items of itemsByChunk()) {
    if (items.length === 0) continue;
    await write(`${first ? '' : ','}${items.map((item) => JSON.stringify(item)).join(',')}`);
    first = false;
  }
  res.end(']}');
}

/** The verified supervisor or admin, or null after answering 401/403. */
function reviewer(req: Request, res: Response, tokenPolicy: AgentTokenPolicy): ReturnType<typeof authenticateAgent> {
  const agent = authenticateAgent(req, res, tokenPolicy);
  if (agent && agent.role === 'agent') {
    res.status(403).json({ error: 'recordings are for supervisors and admins' });
    return null;
  }
  return agent;
}

/** Builds the router of the review API. */
export function recordingsRouter({ recordings, tokenPolicy, audit, siteOf }: RecordingsRouteOptions): Router {
  const router = Router();
  router.use('/api/recordings', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/recordings', async (req: Request, res: Response) => {
    const agent = reviewer(req, res, tokenPolicy);
    if (!agent) return;
    const { limit: rawLimit, after: rawAfter } = req.query;
    const limit = rawLimit === undefined ? DEFAULT_PAGE : typeof rawLimit === 'string' && /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_PAGE)) {
      res.status(400).json({ error: `limit must be an integer from 1 to ${MAX_PAGE}` });
      return;
    }
    const after = rawAfter === undefined ? null : typeof rawAfter === 'string' ? parseListCursor(rawAfter) : null;
    if (rawAfter !== undefined && !after) {
      res.status(400).json({ error: 'after must be the `next` of a previous answer' });
      return;
    }
    res.json(await recordings.list(agent.sites ?? null, limit, after));
  });

  router.get('/api/recordings/:id', async (req: Request<{ id: string }>, res: Response) => {
    const agent = reviewer(req, res, tokenPolicy);
    if (!agent) return;
    const { id } = req.params;
    const meta = isRecordingId(id) ? await recordings.meta(id) : null;
    if (!meta || !agentMaySee(agent, meta.site)) {
      res.status(404).json(NOT_FOUND);
      return;
    }
    let opened: OpenedRecording | null;
    try {
      opened = await recordings.open(id);
    } catch (err) {
      if (!(err instanceof RecordingDamaged)) throw err;
      logger.error({ recording: id, err: err.message }, 'recording damaged');
      res.status(409).json({ error: err.message });
      return;
    }
    if (!opened) {
      res.status(404).json(NOT_FOUND);
      return;
    }
    audit.record({ type: 'recording.viewed', session: meta.session, site: meta.site, actor: agent.id, detail: { recording: id, agentName: agent.name } });
    await streamBody(res, opened);
  });

  router.delete('/api/recordings/:id', async (req: Request<{ id: string }>, res: Response) => {
    const site = siteOf(req);
    let actor = SITE_API_ACTOR;
    let mayDelete = (recordingSite: string): boolean => recordingSite === site;
    if (site === null) {
      const agent = authenticateAgent(req, res, tokenPolicy);
      if (!agent) return;
      if (agent.role !== 'admin') {
        res.status(403).json({ error: 'deleting a recording needs an admin token or the site secret' });
        return;
      }
      actor = agent.id;
      mayDelete = (recordingSite) => agentMaySee(agent, recordingSite);
    }
    const { id } = req.params;
    const meta = isRecordingId(id) ? await recordings.meta(id) : null;
    if (!meta || !mayDelete(meta.site) || !(await recordings.delete(meta, actor))) {
      res.status(404).json(NOT_FOUND);
      return;
    }
    res.status(204).end();
  });
  return router;
}
