/**
 * Static check of invariant 3b: the shopper SDK — the built bundles a shop actually loads and
 * our own sources — contains no eval / Function constructor, no code that dispatches input
 * events or calls click()/focus()/submit() on page elements, no markup writes, no navigation.
 * The few known occurrences are allowlisted one by one (a snippet around the call and an exact
 * count), each with the reason it is harmless; any new occurrence, or a known one that moved
 * or multiplied, fails. `npm test` builds the bundles first (pretest).
 *
 * The recordings review page (`/agent/review/`, dist/agent-review.js with rrweb-player and the
 * rrweb replayer it bundles, and agent-viewer/src/review) is held to the same rules: its
 * occurrences are allowlisted the same way, and its replay must stay sandboxed without scripts.
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

/**
 * Known occurrences in the review page's bundle. Most are rrweb's replayer (bundled inside
 * rrweb-player) acting on the replay document: the iframe sandboxed with `allow-same-origin` only,
 * where no script runs, so events dispatched there reach no page code.
 */
const REVIEW_BUNDLE_ALLOWLIST: Allowed[] = [
  // rrdom's virtual node: a no-op stub of dispatchEvent
  { rule: 'dispatchEvent', snippet: /\}dispatchEvent\([\w$]+\)\{return!0\}/, count: 1 },
  // rrweb replayer: replays the shopper's recorded mouse and touch events on nodes of the sandboxed
  // replay document (no script there to hear them)
  { rule: 'dispatchEvent', snippet: /=this\.lastMouseDownEvent;[\w$]+\.dispatchEvent\([\w$]+\)\}/, count: 1 },
  { rule: 'dispatchEvent', snippet: /\.remove\("touch-active"\):[\w$]+\.dispatchEvent\([\w$]+\)\);break;/, count: 1 },
  { rule: 'dispatchEvent', snippet: /break;default:[\w$]+\.dispatchEvent\([\w$]+\)\}break\}/, count: 1 },
  // rrweb replayer: focuses a replayed node only with triggerFocus, which reviewPlayer.ts turns off
  { rule: 'focus()', snippet: /triggerFocus:[\w$]+\}=this\.config;[\s\S]{0,80}?[\w$]+&&[\w$]+\.focus&&[\w$]+\.focus\(\{preventScroll:!0\}\)/, count: 1 },
  // Review page: keyboard focus goes to the recording's heading after the supervisor chose it from the list
  { rule: 'focus()', snippet: /&&[\w$]+\("recording-heading"\)\.focus\(\)/, count: 1 },
  // Review page: the sign-in screen focuses its own token box
  { rule: 'focus()', snippet: /\.value\.trim\(\);[\w$]+&&[\w$]+\([\w$]+\)\},[\w$]+\.focus\(\)\}/, count: 1 },
  // rrweb replayer: the smooth-scroll polyfill it installs in the replay iframe's window
  { rule: 'scrolling', snippet: /[\w$]+\.scrollBy\(\{left:[\w$]+\.left,top:[\w$]+\.top,behavior:"smooth"\}\)/, count: 2 },
  // rrweb replayer: scrolls the replay document to the recorded initial offset and recorded scroll positions
  { rule: 'scrolling', snippet: /contentWindow\)==null\|\|[\w$]+\.scrollTo\([\w$]+\.data\.initialOffset\)/, count: 2 },
  { rule: 'scrolling', snippet: /[\w$]+\.scrollTo\(\{top:[\w$]+\.y,left:[\w$]+\.x,behavior:[\w$]+\?"auto":"smooth"\}\)/, count: 3 },
  // rrweb-player: its full-screen button's icon, a constant SVG string
  { rule: 'markup write', snippet: /\.innerHTML=`<svg class="icon" viewBox="0 0 1024 1024"/, count: 1 },
  // agentCredentials.ts (shared with the console): takes `#token=` out of the address bar, same page
  { rule: 'navigation', snippet: /history\.replaceState\(null,"",location\.pathname\+location\.search\)/, count: 1 },
  // rrdom's virtual document and dialog: methods and a getter named open, no window.open
  { rule: 'navigation', snippet: /\}open\(\)\{this\.firstChild=null,this\.lastChild=null\}/, count: 1 },
  { rule: 'navigation', snippet: /get open\(\)\{return this\.getAttribute\("open"\)!==null\}/, count: 1 },
  { rule: 'navigation', snippet: /\}open\(\)\{super\.open\(\),this\._unserializedId/, count: 1 },
  // Review page: its own `?id=` deep link when a recording is chosen, and the way back to the list (same page)
  { rule: 'navigation', snippet: /history\.pushState\(null,"",[\w$]+\([\w$]+\)\),[\w$]+\([\w$]+,!0\)/, count: 1 },
  { rule: 'navigation', snippet: /history\.pushState\(null,"",[\w$]+\(\)\),[\w$]+\([\w$]+,!1\)/, count: 1 },
];

/** Known occurrences in agent-viewer/src/review, by file and exact line (explained above). */
const REVIEW_SOURCE_ALLOWLIST: Record<string, Array<{ rule: string; line: string }>> = {
  'agent-viewer/src/review/recordingView.ts': [{ rule: 'focus()', line: "if (focusHeading) byId('recording-heading').focus();" }],
  'agent-viewer/src/review/reviewPage.ts': [
    { rule: 'navigation', line: "history.pushState(null, '', recordingHref(id));" },
    { rule: 'navigation', line: "history.pushState(null, '', listHref());" },
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

describe('review page static check (same rules; the replay sandboxed without scripts)', () => {
  it('dist/agent-review.js has only the allowlisted occurrences, each exactly as often as explained', () => {
    const path = join(root, 'dist/agent-review.js');
    expect(existsSync(path), 'dist/agent-review.js missing: run npm run build').toBe(true);
    const counts = REVIEW_BUNDLE_ALLOWLIST.map(() => 0);
    const unexplained: string[] = [];
    for (const occurrence of findForbiddenCalls(readFileSync(path, 'utf8'))) {
      const index = REVIEW_BUNDLE_ALLOWLIST.findIndex((a) => a.rule === occurrence.rule && snippetCovers(occurrence, a.snippet));
      if (index === -1) unexplained.push(describeOccurrence(occurrence));
      else counts[index]! += 1;
    }
    expect(unexplained).toEqual([]);
    expect(counts).toEqual(REVIEW_BUNDLE_ALLOWLIST.map((a) => a.count));
  });

  it('agent-viewer/src/review has only the allowlisted lines', () => {
    const files = tsFilesUnder(join(root, 'agent-viewer/src/review'));
    expect(files.length).toBeGreaterThan(10);
    const unexplained: string[] = [];
    const seen: string[] = [];
    for (const path of files) {
      const file = relative(root, path);
      const lines = readFileSync(path, 'utf8').split('\n');
      for (const occurrence of findForbiddenCalls(lines.join('\n'))) {
        const text = lines[occurrence.line - 1]!.trim();
        if ((REVIEW_SOURCE_ALLOWLIST[file] ?? []).some((a) => a.rule === occurrence.rule && a.line === text)) seen.push(`${file}\n${text}`);
        else unexplained.push(`${file}:${occurrence.line} ${occurrence.rule}: ${text}`);
      }
    }
    expect(unexplained).toEqual([]);
    const expected = Object.entries(REVIEW_SOURCE_ALLOWLIST).flatMap(([file, list]) => list.map((a) => `${file}\n${a.line}`));
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('never lets the replay run scripts: UNSAFE_replayCanvas stays off, allow-scripts only in rrweb\'s unused branch', () => {
    const sources = tsFilesUnder(join(root, 'agent-viewer/src/review')).map((path) => readFileSync(path, 'utf8')).join('\n');
    expect(sources).toContain('UNSAFE_replayCanvas: false');
    expect(sources).not.toMatch(/UNSAFE_replayCanvas:\s*(true|!0|[^f\s])/);
    expect(sources).not.toContain('allow-scripts');
    const bundle = readFileSync(join(root, 'dist/agent-review.js'), 'utf8');
    const allowScripts = [...bundle.matchAll(/allow-scripts/g)].map((m) => bundle.slice(m.index - 140, m.index));
    expect(allowScripts).toHaveLength(1);
    expect(allowScripts[0]).toMatch(/this\.config\.UNSAFE_replayCanvas\?\(this\.iframe=document\.createElement\("iframe"\),this\.iframe\.setAttribute\("sandbox","allow-same-origin $/);
  });
});
