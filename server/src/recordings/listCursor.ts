/** The list's paging cursor as the API carries it: `<startedAt ms>_<recording id>`, opaque to clients. */
import { isRecordingId, type ListCursor } from './recordingStore';

const CURSOR = /^(\d{1,16})_([0-9a-f-]{36})$/;

/** The cursor that continues after `meta`. */
export function formatListCursor(meta: ListCursor): string {
  return `${meta.startedAt}_${meta.id}`;
}

/** Reads a cursor from a query string; null when it is not one. */
export function parseListCursor(text: string): ListCursor | null {
  const match = CURSOR.exec(text);
  if (!match || !isRecordingId(match[2])) return null;
  const startedAt = Number(match[1]);
  return Number.isSafeInteger(startedAt) ? { startedAt, id: match[2] } : null;
}
