/** Addresses inside the console; each keeps the `?lang=` the console was opened with. */

function withLang(params: URLSearchParams): string {
  const lang = new URLSearchParams(location.search).get('lang');
  if (lang) params.set('lang', lang);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** The queue's address. */
export function queueHref(): string {
  return withLang(new URLSearchParams());
}

/** The address that joins the session with this code. */
export function sessionHref(code: string): string {
  return withLang(new URLSearchParams({ code }));
}
