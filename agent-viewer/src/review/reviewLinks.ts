/** Addresses inside the review page (`?id=` deep links); each keeps the `?lang=` it was opened with. */

/** Longest recording id the page reads from its address (the API's ids are UUIDs). */
const MAX_ID_CHARS = 64;

function withLang(params: URLSearchParams): string {
  const lang = new URLSearchParams(location.search).get('lang');
  if (lang) params.set('lang', lang);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** The list's address. */
export function listHref(): string {
  return withLang(new URLSearchParams());
}

/** The address of one recording. */
export function recordingHref(id: string): string {
  return withLang(new URLSearchParams({ id }));
}

/** The recording id of `?id=`, or null (absent, empty, too long). */
export function recordingIdFrom(search: string): string | null {
  const id = (new URLSearchParams(search).get('id') ?? '').trim();
  return id && id.length <= MAX_ID_CHARS ? id : null;
}
