/**
 * Masks the page's own echoes of masked fields before they are recorded (invariant 2): text
 * and attributes that repeat a field's current value, pieces of such an echo split over
 * several elements (a card number drawn one digit group per span), and, once an element has
 * echoed a field, even echoes of values shorter than the usual minimum (the preview while the
 * shopper deletes back to two characters).
 */
import { echoPieceOf, insideSplitEcho, maskEchoes } from './echoMatcher';
import type { MaskedFieldValues } from './maskedFieldValues';
import { maskAll } from './privacy';

/** How many ancestors are searched for the rest of a split echo. */
const SPLIT_ECHO_DEPTH = 3;
/** An ancestor with more text than this is a page section, not a widget: the search stops there. */
const MAX_WIDGET_TEXT = 2000;

/** Echo masking for text nodes and attribute values. */
export interface EchoGuard {
  /** `text` (of a text node whose parent is `element`) with every echo masked. */
  maskText(text: string, element: Element | null): string;
  /** An attribute value with every echo masked. */
  maskAttribute(value: string): string;
}

/**
 * The text nodes under `root`, in document order, and the index of the one being recorded: a
 * child of `element` holding `text` (else its first text child; -1 when it has none).
 */
function textNodesAround(root: Element, element: Element, text: string): { texts: string[]; index: number } {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: string[] = [];
  let first = -1;
  let same = -1;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    if (node.parentNode === element) {
      if (first === -1) first = texts.length;
      if (same === -1 && data === text) same = texts.length;
    }
    texts.push(data);
  }
  return { texts, index: same === -1 ? first : same };
}

/** True when `text`, in `element`, is part of an echo of `value` spread over `element` or one of its closest ancestors. */
function partOfSplitEcho(text: string, element: Element, value: string): boolean {
  let ancestor: Element | null = element;
  for (let depth = 0; ancestor && depth < SPLIT_ECHO_DEPTH; depth++, ancestor = ancestor.parentElement) {
    if ((ancestor.textContent ?? '').length > MAX_WIDGET_TEXT) return false;
    const { texts, index } = textNodesAround(ancestor, element, text);
    if (index !== -1 && insideSplitEcho(texts, index, value)) return true;
  }
  return false;
}

/** Creates the guard over the live masked-field values. */
export function createEchoGuard(fields: MaskedFieldValues): EchoGuard {
  const echoingElements = new WeakSet<Element>();
  return {
    maskText(text, element) {
      const { all, matchable } = fields.current();
      if (all.length === 0) return text;
      if (element && echoingElements.has(element)) {
        const masked = maskEchoes(text, all);
        return masked === text && echoPieceOf(text, all) ? maskAll(text) : masked;
      }
      // Only short values (a quantity of 1): nothing long enough to be an echo elsewhere.
      if (matchable.length === 0) return text;
      const masked = maskEchoes(text, matchable);
      if (masked !== text) {
        if (element) echoingElements.add(element);
        return masked;
      }
      const whole = element ? echoPieceOf(text, matchable) : null;
      if (element && whole && partOfSplitEcho(text, element, whole)) {
        echoingElements.add(element);
        return maskAll(text);
      }
      return text;
    },
    maskAttribute(value) {
      return maskEchoes(value, fields.current().matchable);
    },
  };
}
