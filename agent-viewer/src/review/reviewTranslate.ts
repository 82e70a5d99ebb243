/** Puts the review page's static texts into the chosen language. */
import type { ReviewLanguage, ReviewStringKey, ReviewStrings } from './reviewI18n';

/**
 * Sets `<html lang>` and the document title, the text of every `[data-i18n=key]` element and
 * the `aria-label` of every `[data-i18n-label=key]` element.
 */
export function translateReviewPage(lang: ReviewLanguage, strings: ReviewStrings): void {
  document.documentElement.lang = lang;
  document.title = strings.documentTitle;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = strings[element.dataset['i18n'] as ReviewStringKey];
    if (text !== undefined) element.textContent = text;
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const text = strings[element.dataset['i18nLabel'] as ReviewStringKey];
    if (text !== undefined) element.setAttribute('aria-label', text);
  }
}
