/** The durable part of a help session: what survives a relay restart. */
export interface SessionRecord {
  id: string;
  code: string;
  site: string;
  /** The shopper's language (BCP 47), recorded in consent receipts. */
  lang: string;
  /** SHA-256 of the shopper's resume token (the token itself is never stored). */
  resumeTokenHash: string;
  state: 'waiting' | 'live';
  /** Agent ids the shopper consented to in this session. */
  consentedAgents: string[];
  /** When the consent runs out (ms since the epoch), 0 before the first grant. */
  expiresAt: number;
  /** Last recording stream handed to a shopper page. */
  stream: number;
}
