/**
 * Notices when the replay cannot look like the shopper's page: a stylesheet that failed to
 * load (404, refused by the console's CSP, unreachable shop) or a web font that failed.
 */

/** True for a `<link rel=stylesheet>` of any document (the replay's elements belong to the iframe's realm). */
function isStylesheetLink(target: EventTarget | null): boolean {
  const element = target as Element | null;
  return element?.localName === 'link' && /(^|\s)stylesheet(\s|$)/i.test(element.getAttribute('rel') ?? '');
}

/**
 * Watches one rebuilt replay document; `onProblem` is called for each failed stylesheet or
 * font. Call it after every full rebuild: rebuilding reopens the document, which drops its
 * listeners. Returns a function that stops watching.
 */
export function watchReplayFidelity(doc: Document, onProblem: () => void): () => void {
  // Load errors do not bubble: only a capture-phase listener on the document sees them.
  const onError = (event: Event): void => {
    if (isStylesheetLink(event.target)) onProblem();
  };
  doc.addEventListener('error', onError, true);
  doc.fonts.addEventListener('loadingerror', onProblem);
  return () => {
    doc.removeEventListener('error', onError, true);
    doc.fonts.removeEventListener('loadingerror', onProblem);
  };
}
