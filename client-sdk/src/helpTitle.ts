/**
 * The label of a help request in the agents' queue: the page title, sent with `hello` before
 * consent. It is not page data: e-mail addresses and runs of 6+ digits (order, phone, card
 * numbers) become "…", and it is cut to MAX_TITLE_CHARS. Shops turn it off with
 * `data-share-title="false"` or `Lookalong.init({ shareTitle: false })`.
 */
import { MAX_TITLE_CHARS } from '../../protocol/messages';

/** The scrubbed, shortened page title, or undefined when nothing is left. */
export function helpRequestTitle(pageTitle: string): string | undefined {
  const scrubbed = pageTitle
    .replace(/[^\s@]+@[^\s@]+/g, '…')
    .replace(/\d{6,}/g, '…')
    .replace(/\s+/g, ' ')
    .trim()
    // Cut on a code point boundary: never leave half a surrogate pair.
    .slice(0, MAX_TITLE_CHARS)
    .replace(/[\uD800-\uDBFF]$/, '');
  return scrubbed || undefined;
}
