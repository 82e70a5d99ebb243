/** `Authorization: Bearer <agent JWT>` for the REST routes: the verified agent, or a 401 answer. */
import type { Request, Response } from 'express';
import { TokenError, verifyAgentToken, type AgentIdentity } from '../auth/agentToken';
import type { AgentTokenPolicy } from '../auth/agentTokenPolicy';

/** The bearer token's agent, or null after answering 401 (missing or refused token). */
export function authenticateAgent(req: Request, res: Response, tokenPolicy: AgentTokenPolicy): AgentIdentity | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (!match) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(401).json({ error: 'missing bearer token' });
    return null;
  }
  try {
    return verifyAgentToken(match[1]!, tokenPolicy);
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
    res.status(401).json({ error: err.message });
    return null;
  }
}
