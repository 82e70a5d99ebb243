/**
 * The languages the agent's pages (console, review page) speak, how one is picked, and how a
 * text's `{name}` placeholders are filled. No dictionaries here, so a page imports only its own.
 */

/** Languages the console speaks. */
export const CONSOLE_LANGUAGES = ['en', 'zh-CN'] as const;
/** One console language (also the value of `<html lang>`). */
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

/**
 * The console's language: `?lang=` when it names one we speak, else the browser's first
 * language we speak; any Chinese variant gets Simplified Chinese, everything else English.
 */
export function pickConsoleLanguage(requested: string | null, browserLanguages: readonly string[]): ConsoleLanguage {
  for (const candidate of [requested, ...browserLanguages]) {
    const lower = candidate?.toLowerCase() ?? '';
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Fills `{name}` placeholders of a text. */
export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
