/**
 * Calls the shopper SDK must not make (invariant 3b): evaluating strings as code, acting on
 * page elements (synthetic events, click/focus/submit, scrolling), writing markup, navigating.
 * Scans code text for them and reports every occurrence with its surroundings, so a test can
 * allowlist the known ones precisely and fail on any new one.
 */

/** One kind of forbidden call. */
interface ForbiddenRule {
  name: string;
  pattern: RegExp;
}

/** Every rule; patterns are global so that each occurrence is found. */
const FORBIDDEN_RULES: readonly ForbiddenRule[] = [
  { name: 'eval', pattern: /\beval\s*(\?\.)?\s*\(/g },
  { name: 'Function constructor', pattern: /\bFunction\s*\(/g },
  { name: 'string timer', pattern: /\bset(Timeout|Interval)\s*\(\s*["'`]/g },
  { name: 'worker from code', pattern: /\bnew\s+(Shared)?Worker\s*\(/g },
  { name: 'dynamic import', pattern: /\bimport\s*\(/g },
  { name: 'dispatchEvent', pattern: /\bdispatchEvent\s*(\?\.)?\s*\(/g },
  { name: 'synthetic input event', pattern: /\bnew\s+(Mouse|Pointer|Keyboard|Input|Touch|Wheel|Drag|Focus|Submit|Clipboard|Composition)Event\b|\bcreateEvent\s*\(/g },
  { name: 'click()', pattern: /\.click\s*(\?\.)?\s*\(/g },
  { name: 'focus()', pattern: /\.focus\s*(\?\.)?\s*\(/g },
  { name: 'submit()', pattern: /\.(request)?[sS]ubmit\s*(\?\.)?\s*\(/g },
  { name: 'select / edit text', pattern: /\.(select|setRangeText|setSelectionRange|showPicker)\s*(\?\.)?\s*\(|\bexecCommand\s*\(/g },
  { name: 'scrolling', pattern: /\.(scrollTo|scrollBy|scrollIntoView|scrollIntoViewIfNeeded)\s*(\?\.)?\s*\(/g },
  { name: 'markup write', pattern: /\b(inner|outer)HTML\s*\+?=(?!=)|\binsertAdjacentHTML\b|\bdocument\s*\.\s*write(ln)?\s*\(|\bcreateContextualFragment\b|\bDOMParser\b|\.srcdoc\s*=(?!=)|setAttribute(NS)?\([^)]*['\"`]srcdoc['\"`]/g },
  { name: 'navigation', pattern: /\blocation\s*(\.\s*href\s*)?=(?!=)|\blocation\s*\.\s*(assign|replace|reload)\s*\(|(^|[^.\w$])open\s*\(|\bwindow\s*\.\s*open\b|\bhistory\s*\.\s*(pushState|replaceState|go|back|forward)\s*\(/g },
];

/** One occurrence of a forbidden call. */
export interface Occurrence {
  rule: string;
  /** 1-based line of the match. */
  line: number;
  /** The matched text with up to `CONTEXT_CHARS` characters on each side (one line only). */
  context: string;
  /** Where the match starts in `context`, and its length. */
  at: number;
  length: number;
}

/** Characters of surrounding code kept with each occurrence. */
const CONTEXT_CHARS = 120;

/** Every occurrence of every rule in `code`. */
export function findForbiddenCalls(code: string): Occurrence[] {
  const found: Occurrence[] = [];
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const { name, pattern } of FORBIDDEN_RULES) {
    for (const match of code.matchAll(pattern)) {
      const line = lineOf(match.index);
      const lineStart = lineStarts[line]!;
      const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : code.length;
      const from = Math.max(lineStart, match.index - CONTEXT_CHARS);
      const to = Math.min(lineEnd, match.index + match[0].length + CONTEXT_CHARS);
      found.push({ rule: name, line: line + 1, context: code.slice(from, to), at: match.index - from, length: match[0].length });
    }
  }
  return found;
}

/** True when a match of `snippet` in the occurrence's context covers the forbidden call itself. */
export function snippetCovers(occurrence: Occurrence, snippet: RegExp): boolean {
  const global = new RegExp(snippet.source, snippet.flags.includes('g') ? snippet.flags : `${snippet.flags}g`);
  for (const match of occurrence.context.matchAll(global)) {
    if (match.index <= occurrence.at && match.index + match[0].length >= occurrence.at + occurrence.length) return true;
  }
  return false;
}
