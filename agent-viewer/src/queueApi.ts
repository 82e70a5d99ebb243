/** The console's client of `GET /api/sessions` (the agents' queue). */
import { readOmitted, readSessionQueue, type QueueEntry } from '../../protocol/sessionQueue';

/** The outcome of one poll. */
export type QueueAnswer =
  /** `omitted`: help requests the server's cap left out of the list. */
  | { kind: 'ok'; entries: QueueEntry[]; omitted: number }
  /** The token was refused (401): the agent must sign in again. */
  | { kind: 'unauthorized' }
  /** Network error, server error or an invalid body: try again later. */
  | { kind: 'failed'; reason: string };

/** Fetches the queue with the agent's token; never throws. */
export async function fetchQueue(token: string, signal?: AbortSignal): Promise<QueueAnswer> {
  let response: Response;
  try {
    response = await fetch('/api/sessions', { headers: { authorization: `Bearer ${token}` }, cache: 'no-store', signal });
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
  if (response.status === 401) return { kind: 'unauthorized' };
  if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
  try {
    const body: unknown = await response.json();
    return { kind: 'ok', entries: readSessionQueue(body), omitted: readOmitted(body) };
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
}
