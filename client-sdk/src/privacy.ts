/**
 * rrweb record options that keep sensitive data in the browser (invariant 2): every input
 * value masked, the SDK's own UI and shop-blocked boxes never serialised, scripts dropped.
 */
import type { eventWithTime, recordOptions } from 'rrweb';
import { UI_HOST_SELECTOR } from './uiHost';

/** Input types and autocomplete tokens whose masked value must not even reveal its length. */
const NO_LENGTH_TYPES = new Set(['password', 'hidden']);
const NO_LENGTH_AUTOCOMPLETE = /\b(cc-[a-z-]+|one-time-code|current-password|new-password)\b/;

/** Masks one input value: fixed-width for secrets, same-length asterisks for the rest. */
export function maskInputValue(text: string, element: HTMLElement): string {
  const type = (element.getAttribute('type') ?? '').toLowerCase();
  const autocomplete = (element.getAttribute('autocomplete') ?? '').toLowerCase();
  if (NO_LENGTH_TYPES.has(type) || NO_LENGTH_AUTOCOMPLETE.test(autocomplete)) return text ? '••••••' : '';
  return '*'.repeat(text.length);
}

/** The privacy part of the rrweb record options. */
export function privacyRecordOptions(): recordOptions<eventWithTime> {
  return {
    maskAllInputs: true,
    maskInputFn: maskInputValue,
    maskTextSelector: '[data-lookalong-mask]',
    blockClass: 'rr-block',
    blockSelector: `${UI_HOST_SELECTOR}, [data-lookalong-block]`,
    slimDOMOptions: 'all',
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  };
}
