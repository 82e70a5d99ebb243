/**
 * `POST /api/sessions/:code/end`: ends a session now, like the agent's End button — for a
 * supervisor or admin (agent JWT; its `sites` claim, when present, must cover the session) or
 * for the shop's backend with its site secret (its own sites' sessions only). The relay stops
 * everything at once and the audit names who ended it.
 */
import { Router, type Request, type Response } from 'express';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { authenticateAgent } from './bearerAuth';
import { SITE_API_ACTOR } from './siteSecretAuth';

/** What the route needs. */
export interface SessionEndRouteOptions {
  sessions: Pick<SessionRegistry, 'endByCode'>;
  tokenPolicy: AgentTokenPolicy;
  /** The site whose secret the request presents, or null. */
  siteOf(req: Request): string | null;
}

/** Body of a 200 answer. */
export interface EndedSession {
  sessionId: string;
  code: string;
  state: 'ended';
}

/** Who is asking, once authenticated: the audit actor and which sites they may act on. */
interface Caller {
  actor: string;
  mayEnd(site: string): boolean;
}

/** The caller, or null after answering 401/403. */
function callerOf(req: Request, res: Response, options: SessionEndRouteOptions): Caller | null {
  const site = options.siteOf(req);
  if (site !== null) return { actor: SITE_API_ACTOR, mayEnd: (s) => s === site };
  const agent = authenticateAgent(req, res, options.tokenPolicy);
  if (!agent) return null;
  if (agent.role === 'agent') {
    res.status(403).json({ error: 'a supervisor or admin token, or the site secret, is required' });
    return null;
  }
  return { actor: agent.id, mayEnd: (s) => !agent.sites || agent.sites.includes(s) };
}

/** Builds the router serving `POST /api/sessions/:code/end`. */
export function sessionEndRouter(options: SessionEndRouteOptions): Router {
  const router = Router();
  router.post('/api/sessions/:code/end', async (req: Request<{ code: string }>, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const caller = callerOf(req, res, options);
    if (!caller) return;
    const { code } = req.params;
    if (!/^\d{6}$/.test(code)) {
      res.status(400).json({ error: 'code must be 6 digits' });
      return;
    }
    // Another site's session answers like an unknown one: the caller learns nothing about it.
    const ended = await options.sessions.endByCode(code, caller.mayEnd, caller.actor);
    if (!ended) {
      res.status(404).json({ error: 'no open session has this code' });
      return;
    }
    const body: EndedSession = { ...ended, state: 'ended' };
    res.json(body);
  });
  return router;
}
