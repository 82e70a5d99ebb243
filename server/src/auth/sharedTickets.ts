/**
 * One-time agent-socket tickets shared by every node through Redis, so the console's
 * `POST /api/tickets` and its WebSocket may reach different nodes (no sticky load balancing).
 * A ticket is a key with the ticket lifetime as TTL, taken with GETDEL: redeemable once, by any
 * node. Per agent, at most `maxPerAgent` tickets are issued per lifetime (a fixed window).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../bus/clusterKeys';
import type { AgentIdentity } from './agentToken';
import { DEFAULT_TICKET_LIMITS, type TicketBookLimits, type TicketIssue, type TicketIssuer } from './agentTickets';

/** The tickets of every node. */
export class SharedTicketBook implements TicketIssuer {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly limits: TicketBookLimits = DEFAULT_TICKET_LIMITS,
  ) {}

  async issue(agent: AgentIdentity): Promise<TicketIssue> {
    const counter = this.keys.agentTickets(agent.id);
    const issued = await this.redis.incr(counter);
    if (issued === 1) await this.redis.pexpire(counter, this.limits.ttlMs);
    if (issued > this.limits.maxPerAgent) return { refused: 'agent-limit' };
    const ticket = randomBytes(32).toString('base64url');
    await this.redis.set(this.keys.ticket(ticket), JSON.stringify(agent), 'PX', this.limits.ttlMs, 'NX');
    return { ticket, expiresInMs: this.limits.ttlMs };
  }

  /** The agent a ticket was issued to, once: null for an unknown, used or expired ticket. */
  async redeem(ticket: string): Promise<AgentIdentity | null> {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(ticket)) return null;
    const held = await this.redis.getdel(this.keys.ticket(ticket));
    return held === null ? null : (JSON.parse(held) as AgentIdentity);
  }
}
