/**
 * Privacy rules applied in the browser before anything is recorded (invariant 2): every
 * input value masked, secrets without even their length, text scrubbed of personal data,
 * shop-chosen text masked and boxes blocked, the SDK's own UI never serialised.
 */
import type { eventWithTime, recordOptions } from 'rrweb';
import type { EchoGuard } from './echoGuard';
import { scrubPii } from './piiScrubber';
import type { PrivacyOptions } from './recorderChunk';
import { createTaskMemo } from './taskMemo';
import { UI_HOST_SELECTOR } from './uiHost';

/** Input types and autocomplete tokens whose masked value must not even reveal its length. */
const NO_LENGTH_TYPES = new Set(['password', 'hidden']);
const NO_LENGTH_AUTOCOMPLETE = /\b(cc-[a-z-]+|one-time-code|current-password|new-password)\b/;
/** Elements whose text is user input or a user's choice, masked like input values. */
const INPUT_LIKE = 'select, option, datalist, textarea, [contenteditable]:not([contenteditable="false"])';

/** Replaces every non-space character with an asterisk. */
export function maskAll(text: string): string {
  return text.replace(/\S/g, '*');
}

/** True for fields whose value must never travel, even unmasked by the shop. */
export function isSecretField(element: Element): boolean {
  const type = (element.getAttribute('type') ?? '').toLowerCase();
  const autocomplete = (element.getAttribute('autocomplete') ?? '').toLowerCase();
  return NO_LENGTH_TYPES.has(type) || NO_LENGTH_AUTOCOMPLETE.test(autocomplete);
}

/** True when the shop opted this element (or an ancestor) back in with data-lookalong-unmask. */
export function isUnmasked(element: Element): boolean {
  return element.closest('[data-lookalong-unmask]') !== null && !isSecretField(element);
}

/** Masks one input value: fixed-width for secrets, same-length asterisks for the rest, raw if unmasked. */
export function maskInputValue(text: string, element: HTMLElement): string {
  if (isSecretField(element)) return text ? '••••••' : '';
  if (isUnmasked(element)) return text;
  return '*'.repeat(text.length);
}

/** Whether an element or one of its ancestors is opted back in, and whether one is masked. */
interface AreaFlags {
  unmasked: boolean;
  masked: boolean;
}

/**
 * Builds the text rule: masked areas and user-entered text become asterisks, the rest is
 * PII-scrubbed and has its echoes of masked fields masked (`echoes`; null in node tests).
 * What an element's ancestors say is worked out once per element per task (a snapshot asks
 * for thousands of sibling text nodes), not by walking up from every text node.
 */
export function createTextMasker(options: PrivacyOptions, echoes: EchoGuard | null = null): (text: string, element: HTMLElement | null) => string {
  const masked = ['[data-lookalong-mask]', INPUT_LIKE, options.maskTextSelector].filter(Boolean).join(', ');
  // Attributes may change between tasks: the flags start afresh in each.
  const flags = createTaskMemo(() => new WeakMap<Element, AreaFlags>());
  const flagsOf = (element: Element): AreaFlags => {
    let found = flags.get().get(element);
    if (!found) {
      const parent = element.parentElement ? flagsOf(element.parentElement) : { unmasked: false, masked: false };
      found = { unmasked: parent.unmasked || element.matches('[data-lookalong-unmask]'), masked: parent.masked || element.matches(masked) };
      flags.get().set(element, found);
    }
    return found;
  };
  const scrub = (text: string, element: HTMLElement | null): string => {
    const scrubbed = scrubPii(text);
    return echoes ? echoes.maskText(scrubbed, element) : scrubbed;
  };
  return (text, element) => {
    if (!element) return options.strict ? maskAll(text) : scrub(text, null);
    const area = flagsOf(element);
    if (area.unmasked) return scrub(text, element);
    if (options.strict || area.masked) return maskAll(text);
    return scrub(text, element);
  };
}

/** The privacy part of the rrweb record options; `echoes` masks text repeating masked fields' values. */
export function privacyRecordOptions(options: PrivacyOptions, echoes: EchoGuard | null = null): recordOptions<eventWithTime> {
  return {
    maskAllInputs: true,
    maskInputFn: maskInputValue,
    // Every text node goes through maskTextFn, which decides between masking and scrubbing.
    maskTextSelector: '*',
    maskTextFn: createTextMasker(options, echoes),
    blockClass: 'rr-block',
    blockSelector: [UI_HOST_SELECTOR, '[data-lookalong-block]', options.blockSelector].filter(Boolean).join(', '),
    slimDOMOptions: 'all',
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  };
}
