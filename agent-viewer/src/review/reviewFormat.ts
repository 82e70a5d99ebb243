/** How the review page writes ids, durations and times (in the page's language). Pure. */

/** Characters of a session id the list shows (a UUID's first group). */
const SHORT_ID_CHARS = 8;

/** The first characters of an id, enough to tell sessions apart at a glance. */
export function shortId(id: string): string {
  return id.slice(0, SHORT_ID_CHARS);
}

/** A duration as `m:ss`, or `h:mm:ss` from an hour on (negative or non-finite counts as 0). */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** An ISO 8601 time as local date and time; the text itself when it is no date. */
export function formatLocalDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Milliseconds since the epoch as local time of day with seconds. */
export function formatLocalTime(ms: number, lang: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Milliseconds since an ISO 8601 time, or null when it is no date. */
export function epochOf(iso: string): number | null {
  const ms = new Date(iso).getTime();
  return Number.isNaN(ms) ? null : ms;
}
