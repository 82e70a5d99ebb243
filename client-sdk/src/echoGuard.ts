/**
 * Masks the page's own echoes of masked fields before they are recorded (invariant 2): text
 * and attributes that repeat a field's current value, pieces of such an echo split over
 * several elements (a card number drawn one digit group per span), and, once an element has
 * echoed a field, everything that element shows later (the preview while the shopper deletes
 * back to two characters).
 */
import { containsEcho, echoPieceOf, maskEchoes } from './echoMatcher';
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

/** True when one of `element`'s closest ancestors shows the whole of `value`. */
function ancestorShows(element: Element, value: string): boolean {
  let current: Element | null = element;
  for (let depth = 0; current && depth < SPLIT_ECHO_DEPTH; depth++, current = current.parentElement) {
    const text = current.textContent ?? '';
    if (text.length > MAX_WIDGET_TEXT) return false;
    if (containsEcho(text, value)) return true;
  }
  return false;
}

/** Creates the guard over the live masked-field values. */
export function createEchoGuard(fields: MaskedFieldValues): EchoGuard {
  const echoingElements = new WeakSet<Element>();
  return {
    maskText(text, element) {
      if (element && echoingElements.has(element)) return maskAll(text);
      const values = fields.current();
      if (values.length === 0) return text;
      const masked = maskEchoes(text, values);
      if (masked !== text) {
        if (element) echoingElements.add(element);
        return masked;
      }
      const whole = element ? echoPieceOf(text, values) : null;
      if (element && whole && ancestorShows(element, whole)) {
        echoingElements.add(element);
        return maskAll(text);
      }
      return text;
    },
    maskAttribute(value) {
      const values = fields.current();
      return values.length === 0 ? value : maskEchoes(value, values);
    },
  };
}
