/** Word recall between two texts: which of the shopper's words the agent's replay also shows. */

/** Unique word-like segments of `text` (Intl.Segmenter, `lang`), lower-cased so CSS text-transform does not count. */
export function wordsOf(text: string, lang: string): Set<string> {
  const words = new Set<string>();
  for (const segment of new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)) {
    if (segment.isWordLike) words.add(segment.segment.toLocaleLowerCase(lang));
  }
  return words;
}

/** Outcome of a word recall. */
export interface WordRecall {
  /** Share of the shopper's words found in the replay, 0–1 (1 when the shopper shows none). */
  recall: number;
  /** Words counted (after leaving out `excluded`). */
  counted: number;
  /** Shopper words the replay lacks, in text order. */
  missing: string[];
}

/** Recall of `shopper` words in `replay`, leaving out `excluded` words (masked by design). */
export function wordRecall(shopper: Set<string>, replay: Set<string>, excluded: Set<string> = new Set()): WordRecall {
  const counted = [...shopper].filter((word) => !excluded.has(word));
  const missing = counted.filter((word) => !replay.has(word));
  return { recall: counted.length === 0 ? 1 : (counted.length - missing.length) / counted.length, counted: counted.length, missing };
}
