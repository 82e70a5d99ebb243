/**
 * Second privacy pass over each rrweb event, in the browser, for what rrweb's own masking
 * does not cover: the value, placeholder, title and aria-label attributes of form fields,
 * alt texts, query strings of the page, link and image URLs, personal data in other attributes,
 * attributes echoing masked fields' values, page code in attributes (`on*` handlers,
 * `javascript:` URLs, `srcdoc`), and a visible marker on blocked boxes and cross-origin frames
 * so the agent sees them as masked, not as empty space. Blob images and canvases are handed
 * to the pixel capture, which sends what the replay cannot load.
 */
import type { eventWithTime } from 'rrweb';
import type { EchoGuard } from './echoGuard';
import { isCrossOriginFrame, toFramePlaceholder } from './framePlaceholder';
import { scrubPii } from './piiScrubber';
import { isBlobImage, type PixelCapture } from './pixelCapture';
import { isUnmasked, maskAll, maskInputValue } from './privacy';

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_META = 4;
const EVENT_INCREMENTAL = 3;
const SOURCE_MUTATION = 0;
const NODE_ELEMENT = 2;
const FORM_FIELDS = new Set(['input', 'textarea', 'select', 'option', 'datalist']);
const URL_ATTRIBUTES: Record<string, Set<string>> = {
  href: new Set(['a', 'area']),
  src: new Set(['img', 'source', 'input', 'video', 'audio', 'track']),
  srcset: new Set(['img', 'source']),
  poster: new Set(['video']),
};

/** Marker attribute added to blocked boxes; the agent console draws them hatched. */
export const MASKED_BLOCK_ATTRIBUTE = 'data-lookalong-masked';

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

interface MutationData {
  adds?: Array<{ node: SerializedNode }>;
  attributes?: Array<{ id: number; attributes: Record<string, unknown> }>;
}

/** Attributes that structure or style the page, or carry rrweb's own data: never echo-masked. */
const STRUCTURAL = new Set(['class', 'id', 'style', 'rel', 'type', 'name', 'for', 'src', 'srcset', 'poster', '_cssText']);

/** Removes the query string and fragment of every URL in an attribute (srcset lists several); `data:` URLs are content, kept whole. */
export function stripUrlQuery(value: string, isSrcset = false): string {
  const strip = (url: string): string => (/^data:/i.test(url) ? url : url.replace(/[?#].*$/, ''));
  if (!isSrcset) return strip(value);
  return value
    .split(',')
    .map((candidate) => candidate.trim().replace(/^(\S+)/, (url) => strip(url)))
    .join(', ');
}

/** Event-handler code, `javascript:` URLs and `srcdoc` documents: page code, never needed to show the page. */
export function isActiveContent(name: string, value: string): boolean {
  return /^on/i.test(name) || name === 'srcdoc' || /^\s*javascript:/i.test(value);
}

/** Applies the attribute rules to one element's attributes, in place; `echoes` masks values repeating masked fields. */
export function sanitizeAttributes(tagName: string, attributes: Record<string, unknown>, element: Element | null, strict: boolean, echoes: EchoGuard | null = null): void {
  const tag = tagName.toLowerCase();
  const formField = FORM_FIELDS.has(tag);
  let unmaskedMemo: boolean | undefined;
  // Asked only for the few attributes that depend on it: most elements never walk up the tree.
  const unmasked = (): boolean => (unmaskedMemo ??= element !== null && isUnmasked(element));
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || value === '') continue;
    if (isActiveContent(name, value)) {
      // Defence in depth for the agent's replay, which never runs page code anyway.
      delete attributes[name];
    } else if (name === 'value' && formField) {
      if (!unmasked()) attributes[name] = element ? maskInputValue(value, element as HTMLElement) : maskAll(value);
    } else if (name === 'placeholder' || name === 'title' || name === 'aria-label') {
      attributes[name] = (formField || strict) && !unmasked() ? maskAll(value) : scrubPii(value);
    } else if (name === 'alt') {
      attributes[name] = maskAll(value);
    } else if (URL_ATTRIBUTES[name]?.has(tag)) {
      attributes[name] = stripUrlQuery(value, name === 'srcset');
    } else if (name.startsWith('data-') || name === 'label' || name === 'content') {
      attributes[name] = scrubPii(value);
    }
    const kept = attributes[name];
    if (echoes && typeof kept === 'string' && !STRUCTURAL.has(name) && !name.startsWith('rr_') && !(tag === 'link' && name === 'href')) {
      attributes[name] = echoes.maskAttribute(kept);
    }
  }
  if (tag === 'img' && element && isBlobImage(element)) {
    // The blob exists only in the shopper's tab; the pixel capture sends the picture.
    delete attributes['src'];
    delete attributes['srcset'];
  }
  if (tag === 'iframe' && element && isCrossOriginFrame(element)) {
    delete attributes['src'];
    delete attributes['rr_src'];
  }
  if ('rr_width' in attributes) attributes[MASKED_BLOCK_ATTRIBUTE] = 'block';
}

/** What the per-event pass needs besides the events. */
export interface EventSanitizerOptions {
  /** Maps rrweb mirror ids to live DOM nodes for context. */
  resolve(id: number): Node | null;
  strict: boolean;
  /** Masks echoes of masked fields in attributes (null: none). */
  echoes?: EchoGuard | null;
  /** Sends blob images' and canvases' pixels (null: none). */
  pixels?: PixelCapture | null;
}

/** Creates the per-event pass. */
export function createEventSanitizer({ resolve, strict, echoes = null, pixels = null }: EventSanitizerOptions): (event: eventWithTime) => void {
  const asElement = (id: number): Element | null => {
    const node = resolve(id);
    // nodeType, not instanceof: nodes of same-origin iframes come from another realm.
    return node !== null && node.nodeType === 1 ? (node as Element) : null;
  };
  const walk = (node: SerializedNode): void => {
    if (node.type === NODE_ELEMENT && node.tagName && node.attributes) {
      const element = asElement(node.id);
      sanitizeAttributes(node.tagName, node.attributes, element, strict, echoes);
      if (element && isCrossOriginFrame(element)) toFramePlaceholder(node as Required<SerializedNode>, element, MASKED_BLOCK_ATTRIBUTE);
      else if (element && pixels && !('rr_width' in node.attributes)) pixels.note(node.id, element);
    }
    node.childNodes?.forEach(walk);
  };
  return (event) => {
    if (event.type === EVENT_META) {
      const data = event.data as { href: string };
      data.href = stripUrlQuery(data.href);
    } else if (event.type === EVENT_FULL_SNAPSHOT) {
      pixels?.checkpoint();
      walk((event.data as { node: SerializedNode }).node);
    } else if (event.type === EVENT_INCREMENTAL && (event.data as { source: number }).source === SOURCE_MUTATION) {
      const data = event.data as MutationData;
      data.adds?.forEach((add) => walk(add.node));
      for (const change of data.attributes ?? []) {
        const element = asElement(change.id);
        if (!element) continue;
        const srcChanged = 'src' in change.attributes;
        sanitizeAttributes(element.tagName, change.attributes, element, strict, echoes);
        if (pixels && srcChanged) pixels.note(change.id, element);
      }
    }
  };
}
