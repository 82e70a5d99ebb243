/** The durable part of a help session: what survives a relay restart. */
import type { SavedRecording } from '../relay/roomRecording';

/** A help session's durable record. */
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
  /** The session's recording, when the shopper switched one on. */
  recording?: SavedRecording;
}

/** How a help request shows in the agents' queue; the registry keeps it beside the room. */
export interface HelpRequestLabel {
  /** The shop page's title as the SDK sent it in `hello` (already scrubbed there), if any. */
  title?: string;
  /** When the shopper asked for help (ms since the epoch). */
  createdAt: number;
}

/**
 * A session as the session store saves it: the room's record, its queue label, and what other
 * nodes' queues show of it (viewer count; since when its page is away, null while connected).
 */
export type SavedSession = SessionRecord & HelpRequestLabel & { viewers?: number; awaySince?: number | null };
