/**
 * The review page's client of `GET /api/recordings` and `GET /api/recordings/:id`: the agent's
 * token in the Authorization header, every answer validated with the contract's readers
 * (protocol/recording.ts) before anything reads it. A list row or a recording item that fails
 * validation is left out and counted, so one bad entry does not hide the rest.
 */
import { readRecordingBody, readRecordingSummary, type RecordingBody, type RecordingItem, type RecordingSummary } from '../../../protocol/recording';

/** Why a request did not give a usable answer. */
export type ApiFailure =
  /** 401: the token was refused or has expired; sign in again. */
  | { kind: 'unauthorized' }
  /** 403: the token is valid but its role may not read recordings. */
  | { kind: 'forbidden' }
  /** 404: no such recording, or not on the agent's sites. */
  | { kind: 'not-found' }
  /** 409: a chunk of the recording is missing or fails its integrity check. */
  | { kind: 'damaged' }
  /** The request never got an answer (offline, DNS, reset). */
  | { kind: 'network'; reason: string }
  /** Any other HTTP error. */
  | { kind: 'server'; status: number }
  /** The body was not what the contract says. */
  | { kind: 'invalid'; reason: string };

/** The recordings list, and how many rows were left out as invalid. */
export type ListAnswer = { kind: 'ok'; recordings: RecordingSummary[]; dropped: number; next: string | null } | ApiFailure;

/** One recording, and how many of its items were left out as invalid. */
export type RecordingAnswer = { kind: 'ok'; recording: RecordingBody; dropped: number } | ApiFailure;

/** A list cursor as the API hands it out (`next`), passed back as `after`. */
const NEXT_PATTERN = /^\d{1,16}_[0-9a-f-]{36}$/;
/** Most list rows read (the server caps its list; this only bounds the page's work). */
const MAX_ROWS = 5000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a list body row by row; invalid rows are dropped and counted. Throws when the body itself is not a list. */
export function readRecordingListTolerant(value: unknown): { recordings: RecordingSummary[]; dropped: number; next: string | null } {
  if (!isRecord(value) || !Array.isArray(value['recordings'])) throw new TypeError('recordings must be an array');
  const rows: unknown[] = value['recordings'].slice(0, MAX_ROWS);
  const recordings: RecordingSummary[] = [];
  for (const row of rows) {
    try {
      recordings.push(readRecordingSummary(row));
    } catch {
      // Counted below.
    }
  }
  const next = value['next'];
  return { recordings, dropped: value['recordings'].length - recordings.length, next: typeof next === 'string' && NEXT_PATTERN.test(next) ? next : null };
}

/**
 * Validates a recording body item by item with `readRecordingBody` (the summary once, then each
 * item on its own); invalid items are dropped and counted. Throws when the summary is invalid.
 */
export function readRecordingBodyTolerant(value: unknown): { recording: RecordingBody; dropped: number } {
  if (!isRecord(value)) throw new TypeError('recording must be an object');
  const rawItems = value['items'];
  if (!Array.isArray(rawItems)) throw new TypeError('items must be an array');
  const recording = readRecordingBody({ ...value, items: [] });
  const items: RecordingItem[] = [];
  for (const raw of rawItems) {
    try {
      const [item] = readRecordingBody({ ...value, items: [raw] }).items;
      if (item) items.push(item);
    } catch {
      // Counted below.
    }
  }
  return { recording: { ...recording, items }, dropped: rawItems.length - items.length };
}

/** Maps a non-2xx status to its failure. */
function failureOf(status: number): ApiFailure {
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 403) return { kind: 'forbidden' };
  if (status === 404) return { kind: 'not-found' };
  if (status === 409) return { kind: 'damaged' };
  return { kind: 'server', status };
}

/** GETs `path` with the token; the parsed JSON body, or why there is none. Never throws. */
async function getJson(path: string, token: string, signal?: AbortSignal): Promise<{ kind: 'body'; body: unknown } | ApiFailure> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (err) {
    return { kind: 'network', reason: (err as Error).message };
  }
  if (!response.ok) return failureOf(response.status);
  try {
    return { kind: 'body', body: (await response.json()) as unknown };
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
  }
}

/** Fetches and validates one page of the recordings list (after the cursor `after`, when given); never throws. */
export async function fetchRecordingList(token: string, signal?: AbortSignal, after: string | null = null): Promise<ListAnswer> {
  const answer = await getJson(after ? `/api/recordings?after=${encodeURIComponent(after)}` : '/api/recordings', token, signal);
  if (answer.kind !== 'body') return answer;
  try {
    return { kind: 'ok', ...readRecordingListTolerant(answer.body) };
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
  }
}

/** Fetches and validates one recording; never throws. */
export async function fetchRecording(token: string, id: string, signal?: AbortSignal): Promise<RecordingAnswer> {
  const answer = await getJson(`/api/recordings/${encodeURIComponent(id)}`, token, signal);
  if (answer.kind !== 'body') return answer;
  try {
    return { kind: 'ok', ...readRecordingBodyTolerant(answer.body) };
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
  }
}
