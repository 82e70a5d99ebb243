/** A session as the agents' queue lists it, whichever node it is homed on. */
import type { SessionState } from '../../../protocol/messages';
import type { HelpRequestLabel } from './sessionRecord';

/** What `GET /api/sessions` needs of one open session. */
export interface ListedSession extends HelpRequestLabel {
  code: string;
  site: string;
  state: SessionState;
  /** The shopper's language (BCP 47). */
  lang: string;
  /** Consented viewers connected now. */
  viewers: number;
  /** Since when the shopper's page is not connected (ms since the epoch); null while it is. */
  awaySince: number | null;
}
