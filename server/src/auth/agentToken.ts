/**
 * Agent identity from a JWT, verified under the deployment's AgentTokenPolicy: one pinned
 * algorithm, audience `lookalong`, `exp` and `iat` required, issuer, maximum age and clock
 * tolerance as configured, and a `sites` claim that limits which shops' sessions it covers.
 */
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AgentPublic } from '../../../protocol/messages';
import type { AgentTokenPolicy } from './agentTokenPolicy';

/** Audience every agent token must carry. */
export const AGENT_TOKEN_AUDIENCE = 'lookalong';

/** What a token allows: `agent` watches sessions; `supervisor` and `admin` may also read audit trails. */
export type AgentRole = 'agent' | 'supervisor' | 'admin';

/** Every role a token may carry. */
export const AGENT_ROLES: readonly AgentRole[] = ['agent', 'supervisor', 'admin'];

/** True when `value` is one of AGENT_ROLES. */
export function isAgentRole(value: unknown): value is AgentRole {
  return (AGENT_ROLES as readonly unknown[]).includes(value);
}

/** A verified agent. The role stays server-side: shoppers only ever see AgentPublic. */
export interface AgentIdentity extends AgentPublic {
  /** Token expiry, seconds since the epoch. */
  exp: number;
  /** From the optional `role` claim; `agent` when absent. */
  role: AgentRole;
  /** From the `sites` claim: the site keys whose sessions this agent may list and join; absent means all. */
  sites?: string[];
}

/** Raised for any token that must be refused; the message is safe to show the agent. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** True when the agent's `sites` claim covers `site` (no claim covers every site). */
export function agentMaySee(agent: AgentIdentity, site: string): boolean {
  return !agent.sites || agent.sites.includes(site);
}

const SITE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Most site keys one token may name. */
const MAX_SITES = 256;

/** The `sites` claim: undefined when absent (and allowed), else a list of site keys, or throws TokenError. */
function readSitesClaim(sites: unknown, required: boolean): string[] | undefined {
  if (sites === undefined) {
    if (required) throw new TokenError('agent token refused: a sites claim is required');
    return undefined;
  }
  if (!Array.isArray(sites) || sites.length > MAX_SITES || !sites.every((site) => typeof site === 'string' && SITE_KEY.test(site))) {
    throw new TokenError(`agent token refused: sites must be an array of at most ${MAX_SITES} site keys`);
  }
  return sites as string[];
}

/** Verifies a token under `policy` and returns the agent it names, or throws TokenError. */
export function verifyAgentToken(token: string, policy: AgentTokenPolicy): AgentIdentity {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, policy.key, {
      algorithms: [policy.algorithm],
      audience: AGENT_TOKEN_AUDIENCE,
      maxAge: policy.maxAgeSeconds,
      clockTolerance: policy.clockToleranceSeconds,
      ...(policy.issuer ? { issuer: policy.issuer } : {}),
    });
  } catch (err) {
    throw new TokenError(`agent token refused: ${(err as Error).message}`);
  }
  if (typeof payload === 'string') throw new TokenError('agent token refused: payload must be a JSON object');
  const { sub, name, org, exp, role = 'agent', sites } = payload as Record<string, unknown>;
  if (typeof exp !== 'number') throw new TokenError('agent token refused: exp is required');
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw new TokenError('agent token refused: sub is required');
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 128) throw new TokenError('agent token refused: name is required');
  if (!isAgentRole(role)) throw new TokenError('agent token refused: role must be agent, supervisor or admin');
  const agent: AgentIdentity = { id: sub, name: name.trim(), exp, role };
  if (typeof org === 'string' && org.length > 0 && org.length <= 128) agent.org = org;
  const siteKeys = readSitesClaim(sites, policy.requireSitesClaim);
  if (siteKeys) agent.sites = siteKeys;
  return agent;
}

/** Claims for a new agent token. */
export interface AgentTokenClaims {
  sub: string;
  name: string;
  org?: string;
  /** Omitted means `agent`. */
  role?: AgentRole;
  /** Site keys whose sessions the agent may list and join; omitted means all sites. */
  sites?: string[];
}

/** Signs an HS256 agent token (dev tooling and tests; production tokens come from the helpdesk). */
export function signAgentToken(claims: AgentTokenClaims, secret: string | KeyObject, expiresInSeconds = 8 * 3600, issuer?: string): string {
  return jwt.sign({ ...claims }, secret, {
    algorithm: 'HS256',
    audience: AGENT_TOKEN_AUDIENCE,
    expiresIn: expiresInSeconds,
    ...(issuer ? { issuer } : {}),
  });
}
