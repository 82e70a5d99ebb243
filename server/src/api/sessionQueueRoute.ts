/**
 * `GET /api/sessions`: the agents' queue — the waiting and live sessions of the sites the
 * bearer token's `sites` claim names (every site when the token has no such claim), whose
 * shopper page is connected, capped and shared out across sites (queueSelection.ts).
 */
import { Router, type Request, type Response } from 'express';
import type { QueueEntry, SessionQueueResponse } from '../../../protocol/sessionQueue';
import { agentMaySee } from '../auth/agentToken';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import type { ListedSession } from '../sessions/listedSession';
import { authenticateAgent } from './bearerAuth';
import { selectQueue, type ShownSession } from './queueSelection';

/** Where the route reads the sessions from: this node's registry, or the shared directory with several nodes. */
export interface SessionQueueSource {
  listed(): ListedSession[] | Promise<ListedSession[]>;
}

/** What the route needs: how agent tokens are verified, the sessions, and the queue's bounds. */
export interface SessionQueueRouteOptions {
  tokenPolicy: AgentTokenPolicy;
  sessions: SessionQueueSource;
  /** Most sessions listed (LOOKALONG_QUEUE_MAX). */
  max: number;
  /** How long a waiting session's gone page still lists it, as away (LOOKALONG_QUEUE_AWAY_MS). */
  awayShownMs: number;
}

/** The queue entry of one shown session. */
function entryFor(session: ShownSession, now: number): QueueEntry {
  return {
    code: session.code,
    site: session.site,
    state: session.state === 'live' ? 'live' : 'waiting',
    title: session.title ?? null,
    lang: session.lang,
    createdAt: session.createdAt,
    waitingMs: Math.max(0, now - session.createdAt),
    viewers: session.viewers,
    away: session.away,
  };
}

/** Builds the router serving `GET /api/sessions` (any valid agent token). */
export function sessionQueueRouter({ tokenPolicy, sessions, max, awayShownMs }: SessionQueueRouteOptions): Router {
  const router = Router();
  router.get('/api/sessions', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, tokenPolicy);
    if (!agent) return;
    const visible = (await sessions.listed()).filter((session: ListedSession) => agentMaySee(agent, session.site));
    const now = Date.now();
    const { shown, omitted } = selectQueue(visible, { now, awayShownMs, max });
    const body: SessionQueueResponse = { sessions: shown.map((session) => entryFor(session, now)), omitted };
    res.json(body);
  });
  return router;
}
