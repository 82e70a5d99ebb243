/** The console's client of `POST /api/tickets`: trades the agent's JWT for a one-time socket ticket. */
import { readAgentTicketResponse } from '../../protocol/agentTicket';

/** The outcome of one ticket request. */
export type TicketAnswer =
  | { kind: 'ok'; ticket: string }
  /** The token was refused (401): the agent must sign in again. */
  | { kind: 'unauthorized' }
  /** Network error, server error or an invalid body: try again later. */
  | { kind: 'failed'; reason: string };

/** Asks for a ticket with the agent's token (in a header, never in the URL); never throws. */
export async function fetchTicket(token: string): Promise<TicketAnswer> {
  let response: Response;
  try {
    response = await fetch('/api/tickets', { method: 'POST', headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
  if (response.status === 401) return { kind: 'unauthorized' };
  if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
  try {
    return { kind: 'ok', ticket: readAgentTicketResponse(await response.json()).ticket };
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
}
