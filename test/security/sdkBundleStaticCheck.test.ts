/**
 * Static check of invariant 3b: the shopper SDK — the built bundles a shop actually loads and
 * our own sources — contains no eval / Function constructor, no code that dispatches input
 * events or calls click()/focus()/submit() on page elements, no markup writes, no navigation.
 * The few known occurrences are allowlisted one by one (a snippet around the call and an exact
 * count), each with the reason it is harmless; any new occurrence, or a known one that moved
 * or multiplied, fails. `npm test` builds the bundles first (pretest).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findForbiddenCalls, snippetCovers, type Occurrence } from '../helpers/forbiddenCalls';

const root = join(import.meta.dirname, '../..');

/** A known occurrence (the comment above each says why it is harmless): the snippet must cover the call; `count` is exact. */
interface Allowed {
  rule: string;
  snippet: RegExp;
  count: number;
}

/** Known occurrences in the built bundles (minified names are matched as `[\w$]+`). */
const BUNDLE_ALLOWLIST: Record<string, Allowed[]> = {
  'dist/sdk.js': [
    // Loads our recorder chunk after Allow; the URL comes only from the SDK script's own src and a
    // build-time version (serviceUrls.ts), never from a message
    { rule: 'dynamic import', snippet: /this\.recorder\?\?=import\(this\.deps\.urls\.recorderChunk\)/, count: 1 },
    // Announces the API to the shop with a plain, data-less Event on window at start-up; not an input
    // event, not on a page element
    { rule: 'dispatchEvent', snippet: /window\.dispatchEvent\(new Event\("lookalong:ready"\)\)/, count: 1 },
    // Loads our UI chunk (widget, consent dialog) when help is requested; same URL rules as the recorder
    { rule: 'dynamic import', snippet: /import\([\w$]+\)\.then\([\w$]+=>[\w$]+\.createShopperUi\(/, count: 1 },
  ],
  'dist/sdk-ui.js': [
    // Consent dialog closing: focus goes back to whatever the shopper had focused before the dialog opened
    // (WAI-ARIA dialog pattern); runs only from the shopper's own trusted click or key press on
    // Allow/Deny/Esc, the element is not chosen by any message
    { rule: 'focus()', snippet: /document\.activeElement,[^;]{0,80}?\.remove\(\),[\w$]+\?\.focus\?\.\(\)/, count: 1 },
    // Consent dialog focus trap: Tab moves between its own controls (recording switch, Deny, Allow), all created by the SDK
    { rule: 'focus()', snippet: /\.shiftKey\?[\w$]+\.length-1:1\)\)%[\w$]+\.length\]\)\.focus\(\)/, count: 1 },
    // Consent dialog opening: focuses the dialog element itself, created by the SDK inside its shadow root
    { rule: 'focus()', snippet: /[\w$]+\.focus\(\),\{answer:/, count: 1 },
  ],
  'dist/sdk-recorder.js': [
    // rrweb record: its canvas-recording worker, built from a constant source string in the bundle; only
    // the CanvasManager starts it, and only with recordCanvas on — privacy.ts sets recordCanvas: false
    { rule: 'worker from code', snippet: /new Worker\([\w$]+,\{name:/, count: 1 },
    // rrweb record: the same constant worker source, fallback when blob: URLs are unavailable; same
    // conditions
    { rule: 'worker from code', snippet: /new Worker\("data:text\/javascript;charset=utf-8,"\+encodeURIComponent\([\w$]+\)/, count: 1 },
    // Live indicator: when "Hide marks" hides itself while focused, keyboard focus moves to the
    // indicator's own Stop button (both created by the SDK in its shadow root)
    { rule: 'focus()', snippet: /\.matches\(":focus"\)&&[\w$]+\.focus\(\)/, count: 1 },
  ],
};

/** Known occurrences in our own sources (client-sdk/src and the protocol code bundled with it), by file and exact line. */
const SOURCE_ALLOWLIST: Record<string, Array<{ rule: string; line: string }>> = {
  // The source lines of the calls allowlisted in the bundles above, explained there.
  'client-sdk/src/consentDialog.ts': [
    { rule: 'focus()', line: 'previousFocus?.focus?.();' },
    { rule: 'focus()', line: 'next.focus();' },
    { rule: 'focus()', line: 'dialog.focus();' },
  ],
  'client-sdk/src/liveIndicator.ts': [{ rule: 'focus()', line: "if (!shown && hideMarks.matches(':focus')) stop.focus();" }],
  'client-sdk/src/loader.ts': [{ rule: 'dispatchEvent', line: "window.dispatchEvent(new Event('lookalong:ready'));" }],
  'client-sdk/src/shopperSession.ts': [
    { rule: 'dynamic import', line: 'this.recorder ??= import(/* @vite-ignore */ this.deps.urls.recorderChunk) as Promise<RecorderChunk>;' },
  ],
  'client-sdk/src/uiLoader.ts': [
    { rule: 'dynamic import', line: 'const loading = (import(/* @vite-ignore */ chunkUrl) as Promise<UiChunk>).then((chunk) => chunk.createShopperUi(strings, onCancel));' },
  ],
};

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const describeOccurrence = (o: Occurrence): string => `${o.rule} at line ${o.line}: …${o.context}…`;

describe('SDK static check (no eval, no synthetic input, no markup writes, no navigation)', () => {
  for (const [file, allowed] of Object.entries(BUNDLE_ALLOWLIST)) {
    it(`${file} has only the allowlisted occurrences, each exactly as often as explained`, () => {
      const path = join(root, file);
      expect(existsSync(path), `${file} missing: run npm run build`).toBe(true);
      const occurrences = findForbiddenCalls(readFileSync(path, 'utf8'));
      const counts = allowed.map(() => 0);
      const unexplained: string[] = [];
      for (const occurrence of occurrences) {
        const index = allowed.findIndex((a) => a.rule === occurrence.rule && snippetCovers(occurrence, a.snippet));
        if (index === -1) unexplained.push(describeOccurrence(occurrence));
        else counts[index]! += 1;
      }
      expect(unexplained).toEqual([]);
      expect(counts).toEqual(allowed.map((a) => a.count));
    });
  }

  it('client-sdk/src and protocol/ have only the allowlisted lines', () => {
    const files = [...tsFilesUnder(join(root, 'client-sdk/src')), ...tsFilesUnder(join(root, 'protocol'))];
    expect(files.length).toBeGreaterThan(20);
    const unexplained: string[] = [];
    const seen = new Map<string, number>();
    for (const path of files) {
      const file = relative(root, path);
      const lines = readFileSync(path, 'utf8').split('\n');
      for (const occurrence of findForbiddenCalls(lines.join('\n'))) {
        const text = lines[occurrence.line - 1]!.trim();
        const known = (SOURCE_ALLOWLIST[file] ?? []).find((a) => a.rule === occurrence.rule && a.line === text);
        if (!known) unexplained.push(`${file}:${occurrence.line} ${occurrence.rule}: ${text}`);
        else seen.set(`${file}\n${text}`, (seen.get(`${file}\n${text}`) ?? 0) + 1);
      }
    }
    expect(unexplained).toEqual([]);
    const expected = Object.entries(SOURCE_ALLOWLIST).flatMap(([file, list]) => list.map((a) => `${file}\n${a.line}`));
    expect([...seen.keys()].sort()).toEqual([...expected].sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('the scanner itself finds each forbidden form (a self-test against a decoy)', () => {
    const decoy = [
      'eval("1")', 'new Function("x")', 'setTimeout("alert(1)")', 'el.dispatchEvent(e)', 'new MouseEvent("click")',
      'document.createEvent("Events")', 'a.click()', 'b?.focus?.()', 'form.submit()', 'form.requestSubmit()',
      'x.innerHTML = s', 'x.outerHTML=s', 'x.insertAdjacentHTML("beforeend", s)', 'document.write(s)',
      'location.href = u', 'location.assign(u)', 'window.open(u)', 'history.pushState(0, "", u)', 'el.scrollIntoView()',
      'i.select()', 'new Worker(u)', 'import(u)', 'f.srcdoc = s', 'f.setAttribute("srcdoc", s)',
    ];
    const hits = decoy.map((line) => findForbiddenCalls(line).length);
    expect(hits.map((n, i) => (n === 0 ? decoy[i] : null)).filter(Boolean)).toEqual([]);
    expect(findForbiddenCalls('a.innerHTML === b; isFunction(x); el.addEventListener("click", f); location.href.startsWith(x); name === "srcdoc"')).toEqual([]);
  });
});
