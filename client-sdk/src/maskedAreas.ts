/** Finds the areas of the page the agent sees masked (cross-origin frames included), for "What can they see?". */
import { isCrossOriginFrame } from './framePlaceholder';
import { isUnmasked } from './privacy';
import type { PrivacyOptions } from './recorderChunk';
import { UI_HOST_SELECTOR } from './uiHost';

const ALWAYS_MASKED = [
  'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image])',
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable="false"])',
  '[data-lookalong-mask]',
  '[data-lookalong-block]',
];

/** Visible elements whose content the agent cannot read, in document order. */
export function maskedElements(privacy: PrivacyOptions): Element[] {
  if (privacy.strict) return [document.body];
  const selector = [...ALWAYS_MASKED, privacy.maskTextSelector, privacy.blockSelector].filter(Boolean).join(', ');
  // Cross-origin frames are shown to the agent as placeholders: outlined as masked too.
  return [...document.querySelectorAll(`${selector}, iframe`)].filter((element) => {
    if (element.closest(UI_HOST_SELECTOR) || isUnmasked(element)) return false;
    if (element.localName === 'iframe' && !element.matches(selector) && !isCrossOriginFrame(element)) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}
