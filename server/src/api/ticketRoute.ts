/**
 * `POST /api/tickets`: trades the bearer JWT for a one-time agent-socket ticket, so the console
 * never puts its JWT in a URL or a WebSocket frame.
 */
import { Router, type Request, type Response } from 'express';
import type { AgentTicketResponse } from '../../../protocol/agentTicket';
import type { TicketIssuer } from '../auth/agentTickets';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';
import { authenticateAgent } from './bearerAuth';

/** What the route needs: how agent tokens are verified and where tickets are kept. */
export interface TicketRouteOptions {
  tokenPolicy: AgentTokenPolicy;
  tickets: TicketIssuer;
}

/** Builds the router serving `POST /api/tickets` (any valid agent token). */
export function ticketRouter({ tokenPolicy, tickets }: TicketRouteOptions): Router {
  const router = Router();
  router.post('/api/tickets', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const agent = authenticateAgent(req, res, tokenPolicy);
    if (!agent) return;
    const issued = await tickets.issue(agent);
    if ('refused' in issued) {
      res.setHeader('Retry-After', '30');
      if (issued.refused === 'agent-limit') res.status(429).json({ error: 'too many unused tickets for this agent' });
      else res.status(503).json({ error: 'too many unused tickets' });
      return;
    }
    const body: AgentTicketResponse = issued;
    res.json(body);
  });
  return router;
}
