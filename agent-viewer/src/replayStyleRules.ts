/**
 * Styles the console adds to every replay document: no pointer cursor from the page, blocked
 * boxes hatched and cross-origin frames labelled, so the agent sees "masked", not empty space.
 */

/** Hatching shared by blocked boxes and frame placeholders. */
const HATCHED = 'background: repeating-linear-gradient(45deg, #c9ced8 0 6px, #eef0f4 6px 12px) !important; outline: 1px dashed #8a93a6;';

/** A CSS string literal holding `text` (quotes, backslashes and line breaks escaped). */
export function cssString(text: string): string {
  return `"${text.replace(/["\\\n\r]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/** The rules, with `framePlaceholderLabel` written on each cross-origin frame's placeholder. */
export function replayStyleRules(framePlaceholderLabel: string): string[] {
  return [
    'html, body { cursor: default !important; }',
    `[data-lookalong-masked="block"] { ${HATCHED} }`,
    `[data-lookalong-masked="frame"] { ${HATCHED} display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box; overflow: hidden; vertical-align: bottom; }`,
    `[data-lookalong-masked="frame"]::before { content: ${cssString(framePlaceholderLabel)}; padding: 4px 8px; background: #fff; color: #2b2f3a; font: 600 13px/1.3 system-ui, sans-serif; border-radius: 4px; text-align: center; }`,
  ];
}
