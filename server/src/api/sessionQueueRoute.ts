/**
 * `GET /api/sessions`: the agents' queue — the waiting and live sessions of the sites the
 * bearer token's `sites` claim names (every site when the token has no such claim).
 */
import { Router, type Request, type Response } from 'express';
import type { QueueEntry, SessionQueueResponse } from '../../../protocol/sessionQueue';
import { agentMaySee, type AgentIdentity } from '../auth/agentToken';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import type { ListedSession } from '../sessions/listedSession';
import { authenticateAgent } from './bearerAuth';

/** Where the route reads the sessions from: this node's registry, or the shared directory with several nodes. */
export interface SessionQueueSource {
  listed(): ListedSession[] | Promise<ListedSession[]>;
}

/** What the route needs: how agent tokens are verified and the sessions. */
export interface SessionQueueRouteOptions {
  tokenPolicy: AgentTokenPolicy;
  sessions: SessionQueueSource;
}

/** The queue entry of one session, or null when it is over or not the agent's to see. */
function entryFor(session: ListedSession, agent: AgentIdentity, now: number): QueueEntry | null {
  if (session.state === 'ended') return null;
  if (!agentMaySee(agent, session.site)) return null;
  return {
    code: session.code,
    site: session.site,
    state: session.state === 'live' ? 'live' : 'waiting',
    title: session.title ?? null,
    lang: session.lang,
    createdAt: session.createdAt,
    waitingMs: Math.max(0, now - session.createdAt),
    viewers: session.viewers,
  };
}

/** Builds the router serving `GET /api/sessions` (any valid agent token). */
export function sessionQueueRouter({ tokenPolicy, sessions }: SessionQueueRouteOptions): Router {
  const router = Router();
  router.get('/api/sessions', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, tokenPolicy);
    if (!agent) return;
    const listed = await sessions.listed();
    const now = Date.now();
    const body: SessionQueueResponse = {
      sessions: listed.flatMap((session) => entryFor(session, agent, now) ?? []),
    };
    res.json(body);
  });
  return router;
}
