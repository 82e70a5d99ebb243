import { describe, expect, it } from 'vitest';
import type { AgentIdentity } from '../../server/src/auth/agentToken';
import { AgentTicketBook, DEFAULT_TICKET_LIMITS, TICKET_TTL_MS } from '../../server/src/auth/agentTickets';

const agent = (id = 'agent-1'): AgentIdentity => ({ id, name: 'Alice', exp: 2e9, role: 'agent' });

/** A book on a hand-driven clock. */
function bookAt(limits = DEFAULT_TICKET_LIMITS): { book: AgentTicketBook; advance(ms: number): void } {
  let now = 1_000_000;
  return { book: new AgentTicketBook(limits, () => now), advance: (ms) => void (now += ms) };
}

function issued(book: AgentTicketBook, who = agent()): string {
  const answer = book.issue(who);
  if ('refused' in answer) throw new Error(answer.refused);
  return answer.ticket;
}

describe('AgentTicketBook', () => {
  it('issues 43-character base64url tickets valid for 30 s', () => {
    const { book } = bookAt();
    const answer = book.issue(agent());
    expect(answer).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresInMs: TICKET_TTL_MS });
    expect(TICKET_TTL_MS).toBe(30_000);
  });

  it('redeems a ticket once, for the agent it was issued to', () => {
    const { book } = bookAt();
    const ticket = issued(book, agent('agent-7'));
    expect(book.redeem(ticket)).toMatchObject({ id: 'agent-7' });
    expect(book.redeem(ticket)).toBeNull();
    expect(book.size).toBe(0);
  });

  it('refuses unknown tickets', () => {
    const { book } = bookAt();
    issued(book);
    expect(book.redeem('A'.repeat(43))).toBeNull();
    expect(book.redeem('')).toBeNull();
  });

  it('refuses a ticket past its lifetime, and forgets it', () => {
    const { book, advance } = bookAt();
    const ticket = issued(book);
    advance(TICKET_TTL_MS);
    expect(book.redeem(ticket)).toBeNull();
    expect(book.size).toBe(0);
  });

  it('sweeps expired tickets when new ones are issued', () => {
    const { book, advance } = bookAt();
    for (let i = 0; i < 5; i++) issued(book, agent(`a${i}`));
    advance(TICKET_TTL_MS / 2);
    issued(book);
    advance(TICKET_TTL_MS / 2);
    issued(book);
    expect(book.size).toBe(2);
  });

  it('bounds unredeemed tickets per agent and in total', () => {
    const { book, advance } = bookAt({ maxTickets: 3, maxPerAgent: 2, ttlMs: 1000 });
    issued(book, agent('a'));
    issued(book, agent('a'));
    expect(book.issue(agent('a'))).toEqual({ refused: 'agent-limit' });
    issued(book, agent('b'));
    expect(book.issue(agent('c'))).toEqual({ refused: 'full' });
    advance(1000);
    expect('ticket' in book.issue(agent('a'))).toBe(true);
  });

  it('gives an agent its slot back when a ticket is redeemed', () => {
    const { book } = bookAt({ maxTickets: 10, maxPerAgent: 1, ttlMs: 1000 });
    const ticket = issued(book, agent('a'));
    expect(book.issue(agent('a'))).toEqual({ refused: 'agent-limit' });
    book.redeem(ticket);
    expect('ticket' in book.issue(agent('a'))).toBe(true);
  });
});
