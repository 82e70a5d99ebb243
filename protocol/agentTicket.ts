/**
 * The agent socket's one-time ticket (`POST /api/tickets`): the console trades its JWT for it
 * over HTTP and sends it in the socket's `join`, so the JWT never travels in a URL or a frame.
 */
import { readInteger, readRecord, readString } from './fieldReaders';

/** Body of a 200 answer of `POST /api/tickets`. */
export interface AgentTicketResponse {
  /** 43 base64url characters; redeemable once. */
  ticket: string;
  /** How long the ticket stays redeemable (relative: immune to clock skew). */
  expiresInMs: number;
}

/** Validates a `POST /api/tickets` body, or throws a ProtocolError. */
export function readAgentTicketResponse(value: unknown): AgentTicketResponse {
  const obj = readRecord(value, 'ticket answer');
  return { ticket: readString(obj, 'ticket', 64, /^[A-Za-z0-9_-]+$/), expiresInMs: readInteger(obj, 'expiresInMs', 1, 3600_000) };
}
