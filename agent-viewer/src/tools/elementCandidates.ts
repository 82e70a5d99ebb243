/**
 * The replayed elements the Element tool's keyboard picking walks through: interactive and
 * landmark elements, headings and images, in document order, visible in the replay's viewport;
 * and how each is named when announced (tag + its visible text, never a field's value).
 */
import type { Replayer } from 'rrweb';
import type { Rect } from '../../../protocol/annotation';
import { replayElement, type ReplayElement } from './replayDom';

const CANDIDATES = [
  'a[href]', 'button', 'input:not([type="hidden"])', 'select', 'textarea', 'summary', 'img', 'video', 'iframe',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'nav', 'main', 'aside', 'footer', 'form', 'section[aria-label]', 'section[aria-labelledby]',
  '[role="button"]', '[role="link"]', '[role="checkbox"]', '[role="radio"]', '[role="tab"]', '[role="menuitem"]', '[role="img"]',
  '[role="banner"]', '[role="navigation"]', '[role="main"]', '[role="search"]', '[role="region"]', '[role="contentinfo"]',
].join(', ');

/** Fields whose value is the shopper's: only their label, name or placeholder is ever read. */
const FIELDS = new Set(['input', 'select', 'textarea']);
/** Longest visible text (characters) an announcement quotes. */
const MAX_TEXT_CHARS = 60;

/** True when `box` (viewport px) shows at least partly in a viewport of `width` × `height`. */
export function showsInViewport(box: Rect, width: number, height: number): boolean {
  return box.w > 0 && box.h > 0 && box.x < width && box.y < height && box.x + box.w > 0 && box.y + box.h > 0;
}

/** Whitespace collapsed and cut to MAX_TEXT_CHARS with an ellipsis. */
export function shortText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT_CHARS ? `${flat.slice(0, MAX_TEXT_CHARS - 1).trimEnd()}…` : flat;
}

/** How a candidate is announced: `button “Add to cart”`, or the bare tag when it shows no text. */
export function candidateName(tag: string, text: string): string {
  return text ? `${tag} “${text}”` : tag;
}

/** The text of the `<label>`s of a field, from the replayed page. */
function labelText(field: Element): string {
  const doc = field.ownerDocument;
  const byFor = field.id ? Array.from(doc.querySelectorAll('label')).filter((label) => label.getAttribute('for') === field.id) : [];
  const wrapping = field.closest('label');
  return [...byFor, ...(wrapping ? [wrapping] : [])].map((label) => label.textContent ?? '').join(' ');
}

/**
 * The text the replay shows for `element`: its aria-label, an image's alt, a field's label or
 * placeholder (never its value), else its text content. Masked text is already masked in the replay.
 */
function visibleText(element: Element): string {
  const tag = element.localName;
  const candidates = [
    element.getAttribute('aria-label'),
    tag === 'img' ? element.getAttribute('alt') : null,
    FIELDS.has(tag) ? labelText(element) : element.textContent,
    FIELDS.has(tag) ? element.getAttribute('placeholder') : null,
    element.getAttribute('title'),
  ];
  for (const text of candidates) {
    const short = shortText(text ?? '');
    if (short) return short;
  }
  return '';
}

/** How `element` is announced: its tag and the text the replay shows for it. */
export function describeElement(element: Element): string {
  return candidateName(element.localName, visibleText(element));
}

/** The candidates of the current replay, in document order, that show in its viewport. */
export function elementCandidates(replayer: Replayer): ReplayElement[] {
  const doc = replayer.iframe.contentDocument;
  const win = replayer.iframe.contentWindow;
  if (!doc || !win) return [];
  const found: ReplayElement[] = [];
  for (const element of doc.querySelectorAll(CANDIDATES)) {
    const candidate = replayElement(replayer, element);
    if (candidate && showsInViewport(candidate.box, win.innerWidth, win.innerHeight) && element.checkVisibility({ visibilityProperty: true })) found.push(candidate);
  }
  return found;
}
