/**
 * The agents' queue (`GET /api/sessions`): help sessions waiting for an agent or already
 * live, as the server lists them and the console reads them back.
 */
import { MAX_TITLE_CHARS } from './messages';
import { ProtocolError, readBoolean, readEnum, readInteger, readRecord, readString } from './fieldReaders';

/** Queue states: `waiting` (no agent admitted yet, including while one asks) or `live`. */
export const QUEUE_STATES = ['waiting', 'live'] as const;
/** One queue state. */
export type QueueState = (typeof QUEUE_STATES)[number];

/** One help session in the queue. */
export interface QueueEntry {
  code: string;
  site: string;
  state: QueueState;
  /** The shop page's title sent with the help request, or null when the shop opted out. */
  title: string | null;
  /** The shopper's language (BCP 47). */
  lang: string;
  /** When the shopper asked for help (server clock, ms since the epoch). */
  createdAt: number;
  /** How long ago that was when the server answered (relative: immune to clock skew). */
  waitingMs: number;
  /** Agents watching now. */
  viewers: number;
  /** The shopper's page is not connected right now (reloading, or gone: a waiting session then leaves the queue). */
  away: boolean;
}

/** Body of a 200 answer of `GET /api/sessions`. */
export interface SessionQueueResponse {
  sessions: QueueEntry[];
  /** Sessions the cap left out (each site gets its turn, oldest first). */
  omitted: number;
}

/** Most entries one answer may carry. */
export const MAX_QUEUE_ENTRIES = 10_000;

/** Validates a `GET /api/sessions` body, or throws a ProtocolError. */
export function readSessionQueue(value: unknown): QueueEntry[] {
  const list = readRecord(value, 'queue')['sessions'];
  if (!Array.isArray(list) || list.length > MAX_QUEUE_ENTRIES) throw new ProtocolError(`sessions must be an array of at most ${MAX_QUEUE_ENTRIES}`);
  return list.map((item) => {
    const obj = readRecord(item, 'session');
    return {
      code: readString(obj, 'code', 6, /^\d{6}$/),
      site: readString(obj, 'site', 64),
      state: readEnum(obj, 'state', QUEUE_STATES),
      title: obj['title'] === null ? null : readString(obj, 'title', MAX_TITLE_CHARS),
      lang: readString(obj, 'lang', 35),
      createdAt: readInteger(obj, 'createdAt', 0, Number.MAX_SAFE_INTEGER),
      waitingMs: readInteger(obj, 'waitingMs', 0, Number.MAX_SAFE_INTEGER),
      viewers: readInteger(obj, 'viewers', 0, 1000),
      away: obj['away'] === undefined ? false : readBoolean(obj, 'away'),
    };
  });
}

/** The `omitted` count of a `GET /api/sessions` body (0 from a server that does not send it), or throws a ProtocolError. */
export function readOmitted(value: unknown): number {
  const obj = readRecord(value, 'queue');
  return obj['omitted'] === undefined ? 0 : readInteger(obj, 'omitted', 0, Number.MAX_SAFE_INTEGER);
}
