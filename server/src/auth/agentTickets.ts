/**
 * One-time WebSocket tickets: the console trades its JWT for a ticket over HTTPS
 * (`POST /api/tickets`) and joins with the ticket, so the JWT never travels in a URL or over
 * the socket. A ticket is redeemable once, within its lifetime; the book is held in memory,
 * bounded in total and per agent, and expired tickets are swept as new ones are issued.
 */
import { randomBytes } from 'node:crypto';
import type { AgentIdentity } from './agentToken';

/** How long a ticket stays redeemable. */
export const TICKET_TTL_MS = 30_000;

/** Limits of one ticket book. */
export interface TicketBookLimits {
  /** Most unredeemed tickets held at once. */
  maxTickets: number;
  /** Most unredeemed tickets one agent (token `sub`) may hold at once. */
  maxPerAgent: number;
  ttlMs: number;
}

/** Default limits: ample for a console that reconnects now and then, small enough to stay cheap. */
export const DEFAULT_TICKET_LIMITS: TicketBookLimits = { maxTickets: 10_000, maxPerAgent: 32, ttlMs: TICKET_TTL_MS };

/** Why a ticket could not be issued. */
export type TicketRefusal = 'agent-limit' | 'full';

/** A ticket issued, or why not. */
export type TicketIssue = { ticket: string; expiresInMs: number } | { refused: TicketRefusal };

/** Where `POST /api/tickets` gets tickets: this node's book, or the shared one with several nodes (sharedTickets.ts). */
export interface TicketIssuer {
  issue(agent: AgentIdentity): TicketIssue | Promise<TicketIssue>;
}

interface HeldTicket {
  agent: AgentIdentity;
  expiresAt: number;
}

/** The outstanding tickets of one server process. */
export class AgentTicketBook implements TicketIssuer {
  /** Insertion order is expiry order (one lifetime for all), so expired tickets sit at the front. */
  private readonly tickets = new Map<string, HeldTicket>();
  private readonly perAgent = new Map<string, number>();

  constructor(
    private readonly limits: TicketBookLimits = DEFAULT_TICKET_LIMITS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Issues a ticket for a verified agent, or says why not. */
  issue(agent: AgentIdentity): TicketIssue {
    this.sweep();
    if ((this.perAgent.get(agent.id) ?? 0) >= this.limits.maxPerAgent) return { refused: 'agent-limit' };
    if (this.tickets.size >= this.limits.maxTickets) return { refused: 'full' };
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, { agent, expiresAt: this.now() + this.limits.ttlMs });
    this.perAgent.set(agent.id, (this.perAgent.get(agent.id) ?? 0) + 1);
    return { ticket, expiresInMs: this.limits.ttlMs };
  }

  /** The agent a ticket was issued to, once: null for an unknown, used or expired ticket. */
  redeem(ticket: string): AgentIdentity | null {
    const held = this.tickets.get(ticket);
    if (!held) return null;
    this.remove(ticket, held);
    return held.expiresAt > this.now() ? held.agent : null;
  }

  /** Number of tickets held (expired ones included until the next sweep). */
  get size(): number {
    return this.tickets.size;
  }

  /** Drops every expired ticket. */
  private sweep(): void {
    const now = this.now();
    for (const [ticket, held] of this.tickets) {
      if (held.expiresAt > now) break;
      this.remove(ticket, held);
    }
  }

  private remove(ticket: string, held: HeldTicket): void {
    this.tickets.delete(ticket);
    const left = (this.perAgent.get(held.agent.id) ?? 1) - 1;
    if (left > 0) this.perAgent.set(held.agent.id, left);
    else this.perAgent.delete(held.agent.id);
  }
}
