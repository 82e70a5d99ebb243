/**
 * Finds the asset references of a stylesheet (`@import` targets and `url(...)`s) and rewrites
 * them, so a stylesheet served from another origin can load its imports and fonts through the
 * relay's asset proxy. Used by the server (proxied stylesheets) and the agent console (inlined
 * ones). One linear pass over the text; pure string code, no DOM or Node APIs.
 */

/** Kind of asset a CSS reference loads. */
export type CssAssetKind = 'stylesheet' | 'font' | 'image';

/** Path of the asset proxy route. */
export const ASSET_PROXY_PATH = '/assets/proxy';

/** Proxy URL (relative to `serviceOrigin`, e.g. '' for root-relative) of an absolute asset URL for a site. */
export function assetProxyUrl(serviceOrigin: string, site: string, url: string): string {
  return `${serviceOrigin}${ASSET_PROXY_PATH}?site=${encodeURIComponent(site)}&url=${encodeURIComponent(url)}`;
}

/** Schemes whose references are already self-contained (or go nowhere) and stay as they are. */
const UNTOUCHED_SCHEMES: ReadonlySet<string> = new Set(['data', 'blob', 'about']);

/** A reference's scheme, when it has one. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** CSS whitespace: space, tab and the newlines. */
function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f';
}

/** CSS newlines (a string cannot hold one unescaped). */
function isNewline(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\f';
}

/** 0-9, a-f, A-F. */
function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'));
}

/** Letters, digits, `-`, `_` and non-ASCII: what a CSS name is made of. */
function isNameChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '-' || ch === '_' || ch >= '\u0080';
}

/** Index just past the escape (a backslash and a character, or up to 6 hex digits and one whitespace) at `start`. */
function escapeEnd(css: string, start: number): number {
  let i = start + 1;
  while (i < css.length && i < start + 7 && isHexDigit(css[i])) i += 1;
  if (i === start + 1) return Math.min(start + 2, css.length);
  if (css[i] === '\r' && css[i + 1] === '\n') return i + 2;
  return isWhitespace(css[i]) ? i + 1 : i;
}

/** Index just past the name (identifier, at-keyword name, number with unit) starting at `start`. */
function nameEnd(css: string, start: number): number {
  let i = start;
  while (i < css.length) {
    if (css[i] === '\\' && !isNewline(css[i + 1])) i = escapeEnd(css, i);
    else if (isNameChar(css[i])) i += 1;
    else break;
  }
  return i;
}

/** Index of the first non-whitespace character at or after `start` (inside `url(...)`, comments are text). */
function skipWhitespace(css: string, start: number): number {
  let i = start;
  while (isWhitespace(css[i])) i += 1;
  return i;
}

/** Index of the first character at or after `start` that is neither whitespace nor inside a comment. */
function skipSpaceAndComments(css: string, start: number): number {
  let i = start;
  while (i < css.length) {
    if (isWhitespace(css[i])) i += 1;
    else if (css.startsWith('/*', i)) i = commentEnd(css, i);
    else break;
  }
  return i;
}

/** Index just past the comment starting at `start` (the end of the text when it is not closed). */
function commentEnd(css: string, start: number): number {
  const close = css.indexOf('*/', start + 2);
  return close === -1 ? css.length : close + 2;
}

/** The string token starting at `start` (a quote): where it ends, and whether its quote closed it. */
function stringToken(css: string, start: number): { end: number; closed: boolean } {
  const quote = css[start];
  let i = start + 1;
  while (i < css.length) {
    const ch = css[i];
    if (ch === '\\') i += 2;
    else if (ch === quote) return { end: i + 1, closed: true };
    else if (isNewline(ch)) return { end: i, closed: false };
    else i += 1;
  }
  return { end: css.length, closed: false };
}

/** The text CSS escapes stand for (`\"`, `\\`, `\29 `; a backslash before a newline, in a string, stands for nothing). */
function unescapeCss(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    const next = raw[i + 1];
    if (ch !== '\\') {
      text += ch;
      i += 1;
    } else if (next === undefined) {
      break;
    } else if (isNewline(next)) {
      i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
    } else {
      const end = escapeEnd(raw, i);
      text += isHexDigit(next) ? codePointText(parseInt(raw.slice(i + 1, end), 16)) : next;
      i = end;
    }
  }
  return text;
}

/** The character of a hex escape; U+FFFD for zero, surrogates and values past U+10FFFF. */
function codePointText(codePoint: number): string {
  const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
  return valid ? String.fromCodePoint(codePoint) : '\ufffd';
}

/** `value` as a double-quoted CSS string. */
function quoteCss(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/[\n\r\f]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;
}

/** A reference read from the text: its (unescaped) value and the index just past it. */
interface Reference {
  value: string;
  end: number;
}

/**
 * The `url(...)` whose contents start at `start` (just past the parenthesis). A malformed one
 * gives only `end`, where reading stopped, so the caller goes on from there (never backwards).
 */
function urlFunction(css: string, start: number): Reference | { end: number } {
  const open = skipWhitespace(css, start);
  if (css[open] === '"' || css[open] === "'") {
    const token = stringToken(css, open);
    if (!token.closed) return { end: token.end };
    const close = skipWhitespace(css, token.end);
    if (css[close] !== ')') return { end: close };
    return { value: unescapeCss(css.slice(open + 1, token.end - 1)), end: close + 1 };
  }
  let i = open;
  while (i < css.length) {
    const ch = css[i]!;
    if (ch === ')') return { value: unescapeCss(css.slice(open, i)), end: i + 1 };
    if (isWhitespace(ch)) {
      const close = skipWhitespace(css, i);
      if (css[close] === ')') return { value: unescapeCss(css.slice(open, i)), end: close + 1 };
      return { end: close };
    }
    if (ch === '"' || ch === "'" || ch === '(') return { end: i };
    i = ch === '\\' && !isNewline(css[i + 1]) ? escapeEnd(css, i) : i + 1;
  }
  return { end: css.length };
}

/**
 * Rewrites every reference in a stylesheet's text: `@import "x"`, `@import url(x)`, and every `url(...)` (quoted or not); relative references are first resolved against `baseUrl`; `route(absoluteUrl, kind)` returns the replacement. url()s inside an `@font-face` block are kind 'font', @import targets 'stylesheet', every other url() 'image'. data:, blob:, about: and `#fragment` references are left untouched.
 */
export function rewriteCssAssetUrls(css: string, baseUrl: string, route: (absoluteUrl: string, kind: CssAssetKind) => string): string {
  const parts: string[] = [];
  let copied = 0;
  /** Replaces `css[start, end)`, a reference to `value`, with `wrap` of its routed URL; leaves untouched what stays as is. */
  const rewrite = (start: number, end: number, value: string, kind: CssAssetKind, wrap: (quoted: string) => string): void => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
    if (scheme !== undefined && UNTOUCHED_SCHEMES.has(scheme)) return;
    let absolute: string;
    try {
      absolute = new URL(trimmed, baseUrl).href;
    } catch {
      return;
    }
    parts.push(css.slice(copied, start), wrap(quoteCss(route(absolute, kind))));
    copied = end;
  };
  /** Reads a `url(` at `start` (its name); rewrites it unless `kind` is null; returns where to go on. */
  const urlAt = (start: number, kind: CssAssetKind | null): number => {
    const reference = urlFunction(css, start + 4);
    if (kind !== null && 'value' in reference) rewrite(start, reference.end, reference.value, kind, (quoted) => `url(${quoted})`);
    return reference.end;
  };
  const isUrlFunctionAt = (start: number, end: number): boolean => end - start === 3 && css[end] === '(' && css.slice(start, end).toLowerCase() === 'url';

  let depth = 0;
  /** Depth of the @font-face block being read, or -1. */
  let fontFaceDepth = -1;
  /** An `@font-face` was read and its block has not opened yet. */
  let fontFacePending = false;
  /** Inside an `@namespace` rule, whose url() is a name, not something to load. */
  let inNamespace = false;
  let i = 0;
  while (i < css.length) {
    const ch = css[i]!;
    if (ch === '/' && css[i + 1] === '*') {
      i = commentEnd(css, i);
    } else if (ch === '"' || ch === "'") {
      i = stringToken(css, i).end;
    } else if (ch === '{' || ch === '}' || ch === ';') {
      if (ch === '{') depth += 1;
      if (ch === '{' && fontFacePending) fontFaceDepth = depth;
      if (ch === '}' && depth === fontFaceDepth) fontFaceDepth = -1;
      if (ch === '}') depth = Math.max(0, depth - 1);
      fontFacePending = false;
      inNamespace = false;
      i += 1;
    } else if (ch === '@') {
      const end = nameEnd(css, i + 1);
      const rule = css.slice(i + 1, end).toLowerCase();
      i = end;
      if (rule === 'font-face') fontFacePending = true;
      if (rule === 'namespace') inNamespace = true;
      if (rule !== 'import') continue;
      const target = skipSpaceAndComments(css, end);
      if (css[target] === '"' || css[target] === "'") {
        const token = stringToken(css, target);
        if (token.closed) rewrite(target, token.end, unescapeCss(css.slice(target + 1, token.end - 1)), 'stylesheet', (quoted) => quoted);
        i = token.end;
      } else if (isUrlFunctionAt(target, nameEnd(css, target))) {
        i = urlAt(target, 'stylesheet');
      }
    } else if (isNameChar(ch) || ch === '\\') {
      const end = Math.max(nameEnd(css, i), i + 1);
      if (isUrlFunctionAt(i, end)) i = urlAt(i, inNamespace ? null : fontFaceDepth === -1 ? 'image' : 'font');
      else i = end;
    } else {
      i += 1;
    }
  }
  parts.push(css.slice(copied));
  return parts.join('');
}
