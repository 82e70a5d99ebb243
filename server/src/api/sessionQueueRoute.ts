/**
 * `GET /api/sessions`: the agents' queue — the waiting and live sessions of the sites the
 * bearer token's `sites` claim names (every site when the token has no such claim).
 */
import { Router, type Request, type Response } from 'express';
import type { QueueEntry, SessionQueueResponse } from '../../../protocol/sessionQueue';
import type { AgentIdentity } from '../auth/agentToken';
import type { QueuedSession } from '../sessions/sessionRegistry';
import { authenticateAgent } from './bearerAuth';

/** Where the route reads the sessions from (the session registry). */
export interface SessionQueueSource {
  queue(): QueuedSession[];
}

/** What the route needs: the agent token secret and the sessions. */
export interface SessionQueueRouteOptions {
  jwtSecret: string;
  sessions: SessionQueueSource;
}

/** The queue entry of one session, or null when it is over or not the agent's to see. */
function entryFor({ room, label }: QueuedSession, agent: AgentIdentity, now: number): QueueEntry | null {
  if (room.state === 'ended') return null;
  if (agent.sites && !agent.sites.includes(room.site)) return null;
  return {
    code: room.code,
    site: room.site,
    state: room.state === 'live' ? 'live' : 'waiting',
    title: label.title ?? null,
    lang: room.lang,
    createdAt: label.createdAt,
    waitingMs: Math.max(0, now - label.createdAt),
    viewers: room.viewerCount,
  };
}

/** Builds the router serving `GET /api/sessions` (any valid agent token). */
export function sessionQueueRouter({ jwtSecret, sessions }: SessionQueueRouteOptions): Router {
  const router = Router();
  router.get('/api/sessions', (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, jwtSecret);
    if (!agent) return;
    const now = Date.now();
    const body: SessionQueueResponse = {
      sessions: sessions.queue().flatMap((session) => entryFor(session, agent, now) ?? []),
    };
    res.json(body);
  });
  return router;
}
