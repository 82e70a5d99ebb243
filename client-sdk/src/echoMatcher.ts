/**
 * Finds text that repeats the value of a masked field (a card preview, "Hi Zhang", an address
 * echoed in an order summary). Matching ignores case, white space and dashes, so "4242 4242"
 * on a card preview matches "42424242" typed in the field and the other way round.
 */

/** Shortest field value (after normalising) whose echoes are masked. */
export const MIN_ECHO_LENGTH = 3;
/** Shortest value written in CJK characters whose echoes are masked: most Chinese names have two. */
export const MIN_CJK_ECHO_LENGTH = 2;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/** Characters ignored when comparing: white space (incl. no-break and zero-width) and dashes. */
const IGNORED = /[\s\u200b-\u200d\ufeff\-\u2010-\u2015]/;

/** `text` without ignored characters and in lower case, with the index in `text` of each kept character. */
export interface NormalizedText {
  normalized: string;
  positions: number[];
}

/** Normalises `text` for echo comparison, keeping where each character came from. */
export function normalizeForEcho(text: string): NormalizedText {
  let normalized = '';
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (IGNORED.test(char)) continue;
    const lower = char.toLowerCase();
    // A few characters lower-case to two code units (e.g. "İ"); keep the index for each.
    for (let j = 0; j < lower.length; j++) positions.push(i);
    normalized += lower;
  }
  return { normalized, positions };
}

/** Masked fields' values, normalised, longest first (so the longest echo wins). */
export interface EchoValues {
  /** Every non-empty value: matched in elements that already echoed a field. */
  all: readonly string[];
  /** Values long enough to be matched anywhere (MIN_ECHO_LENGTH, MIN_CJK_ECHO_LENGTH). */
  matchable: readonly string[];
}

/** Normalises field values for matching; see EchoValues. */
export function echoValues(values: Iterable<string>): EchoValues {
  const kept = new Set<string>();
  for (const value of values) {
    const { normalized } = normalizeForEcho(value);
    if (normalized) kept.add(normalized);
  }
  const all = [...kept].sort((a, b) => b.length - a.length);
  return { all, matchable: all.filter((value) => value.length >= (CJK.test(value) ? MIN_CJK_ECHO_LENGTH : MIN_ECHO_LENGTH)) };
}

/** Replaces every non-space character of `text` that belongs to an echo of one of `values` (normalised, see echoValues) with `*`. */
export function maskEchoes(text: string, values: readonly string[]): string {
  if (values.length === 0) return text;
  const { normalized, positions } = normalizeForEcho(text);
  let masked: string[] | null = null;
  for (const value of values) {
    for (let at = normalized.indexOf(value); at !== -1; at = normalized.indexOf(value, at + 1)) {
      masked ??= [...text];
      const first = positions[at]!;
      const last = positions[at + value.length - 1]!;
      for (let i = first; i <= last; i++) if (!/\s/.test(masked[i]!)) masked[i] = '*';
    }
  }
  return masked ? masked.join('') : text;
}

/**
 * The value of which the whole of `text` is a piece (a card preview rendering each digit group in
 * its own element), or null. Blank text is never a piece.
 */
export function echoPieceOf(text: string, values: readonly string[]): string | null {
  const { normalized } = normalizeForEcho(text);
  if (!normalized) return null;
  return values.find((value) => value.includes(normalized)) ?? null;
}

/**
 * True when the text node `texts[index]`, among the text nodes of an element in document order,
 * lies inside an echo of `value` that runs across them (a card number drawn one digit group per
 * span): not merely somewhere near one.
 */
export function insideSplitEcho(texts: readonly string[], index: number, value: string): boolean {
  let joined = '';
  let start = 0;
  let end = 0;
  texts.forEach((text, i) => {
    if (i === index) start = joined.length;
    joined += normalizeForEcho(text).normalized;
    if (i === index) end = joined.length;
  });
  if (end === start) return false;
  for (let at = joined.indexOf(value); at !== -1 && at <= start; at = joined.indexOf(value, at + 1)) {
    if (end <= at + value.length) return true;
  }
  return false;
}
