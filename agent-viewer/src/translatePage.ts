/** Puts the console page's static texts into the chosen language. */
import type { ConsoleLanguage, ConsoleStringKey, ConsoleStrings } from './consoleI18n';

/**
 * Sets `<html lang>` and the document title, the text of every `[data-i18n=key]` element and
 * the `aria-label` of every `[data-i18n-label=key]` element.
 */
export function translatePage(lang: ConsoleLanguage, strings: ConsoleStrings): void {
  document.documentElement.lang = lang;
  document.title = strings.documentTitle;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = strings[element.dataset['i18n'] as ConsoleStringKey];
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', strings[element.dataset['i18nLabel'] as ConsoleStringKey]);
  }
}
