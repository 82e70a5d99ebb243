/**
 * Replay-fidelity measure (used by test/e2e/fidelityCorpus.test.ts and `npm run bench`): a
 * corpus page is shared with the agent console in a real session, then the shopper's screen
 * and the agent's replay are compared.
 *
 * 1. Shopper (viewport of the page, 1024×720 by default) opens the page and waits for its
 *    readiness (html[data-fixture-ready]); asks for help; the console (1500×1100, so the replay
 *    is shown at scale 1) joins; the shopper clicks Allow.
 * 2. Once the replay shows the ready page, the page's late phase runs (changes made while
 *    recording: a canvas redraw, a scroll, a rule inserted…) and the typing, if any.
 * 3. Settle: the replay has the late phase, its fonts and images are done (at most 5 s), then
 *    SETTLE_MS more (canvas frames come at ≤ 2 fps).
 * 4. Picture: the shopper's viewport vs the replay iframe's area, the SDK's own UI, the
 *    replay's cursor and the console's drawing layer hidden; block match (pictureMatch.ts).
 *    Boxes that differ by design (masked values and their echoes, the cross-origin frame's
 *    placeholder) are left out.
 * 5. Words: recall of the shopper's visible words in the replay (wordRecall.ts), leaving out
 *    the typed secrets and text the SDK masks by design (selects, textareas, …).
 * 6. Wire: every WebSocket frame of both pages, searched for the page's secrets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CorpusPage } from './fidelityCorpusPages';
import type { FidelityCorpusServer } from './fidelityCorpusServer';
import { pageText, REPLAY_IFRAME, replayHasRootAttribute, replayLabelsWithin, replayLoaded, viewportBoxes } from './pageProbes';
import { matchPictures, outlineMismatches, PICTURE_DEFAULTS, regionHasContent, type Rect } from './pictureMatch';
import { openSharedSession, type Viewport } from './sharedBrowserSession';
import { findSecretsOnWire } from './wireSecrets';
import { wordRecall, wordsOf } from './wordRecall';

/** Thresholds a page must reach: share of matching picture blocks, share of words recalled. */
export const FIDELITY_GOALS = { picture: 0.9, words: 0.95 } as const;
/** Fixed wait after the replay's readiness signal and loads, before measuring (ms). */
export const SETTLE_MS = 1000;
const DESKTOP: Viewport = { width: 1024, height: 720 };
const AGENT: Viewport = { width: 1500, height: 1100 };
// display, not visibility: the SDK's shadow root resets inherited styles (`:host { all: initial }`).
const HIDE_SDK_UI = '[data-lookalong-ui] { display: none !important; }';
const HIDE_CONSOLE_LAYERS = '.replayer-mouse, .replayer-mouse-tail, #draw-canvas, .stage .canvas-container { visibility: hidden !important; }';

/** Where to measure. */
export interface FidelityEnv {
  browser: Browser;
  /** Origin of the Lookalong server. */
  lookalongUrl: string;
  /** Agent JWT accepted by that server. */
  agentToken: string;
  corpus: FidelityCorpusServer;
  /** When set, shopper.png, replay.png and mismatches.png of each page are written under DIR/PAGE/. */
  debugDir?: string;
}

/** What was measured besides the two scores. */
export interface FidelityDetails {
  /** Picture blocks: total, compared, left out by design, not matching. */
  blocks: { total: number; compared: number; excluded: number; mismatched: number };
  /** Words counted, words left out (typed secrets, masked by design), words the replay lacks (first 20). */
  wordsCounted: number;
  wordsExcluded: number;
  missingWords: string[];
  /** Elements of the shopper's page (shadow trees included). */
  elements: number;
  /** The replay showed the page's late-phase changes in time. */
  lateSeen: boolean;
  /** The replay's fonts and images finished loading within the wait. */
  replayLoaded: boolean;
  /** Page secrets looked for on the wire, and those found in any captured WebSocket frame. */
  secretsChecked: number;
  leaks: string[];
  /** Frames captured on both pages. */
  framesCaptured: number;
  /** The unmasked field's echo is in the replay's text (pages with one). */
  unmaskedEchoShown?: boolean;
  /** The cross-origin frame's area in the replay shows a label (pages with one). */
  placeholderLabelled?: boolean;
  /** Labels found in that area. */
  placeholderLabels?: string[];
  /** Why the measure is suspect (e.g. the replay never showed the page); the scores are still computed. */
  error?: string;
}

/** One page's result. */
export interface FidelityResult {
  page: string;
  /** Share of matching picture blocks, 0–1. */
  picture: number;
  /** Share of the shopper's words found in the replay, 0–1. */
  words: number;
  details: FidelityDetails;
}

/** The replay iframe's box on the console's screen, checked to be shown at scale 1 and the shopper's size. */
async function replayClip(agent: Page, viewport: Viewport): Promise<Rect> {
  const box = await agent.locator(REPLAY_IFRAME).boundingBox();
  if (!box) throw new Error('replay iframe has no box');
  if (Math.round(box.width) !== viewport.width || Math.round(box.height) !== viewport.height) {
    throw new Error(`replay shown at ${box.width}×${box.height}, not at scale 1 (${viewport.width}×${viewport.height}): enlarge the console viewport`);
  }
  return { x: Math.round(box.x), y: Math.round(box.y), width: viewport.width, height: viewport.height };
}

/** Types each value like a person (key by key), then Tab so `change` fires; finally nothing keeps focus. */
async function typeValues(shopper: Page, page: CorpusPage): Promise<void> {
  for (const { selector, text } of page.typing ?? []) {
    const field = shopper.locator(selector);
    await field.click();
    await field.pressSequentially(text);
    await field.press('Tab');
  }
  await shopper.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Words of the page's secrets, left out of recall (the replay must not show them). */
function secretWords(page: CorpusPage): Set<string> {
  const words = new Set<string>();
  for (const secret of [...(page.secrets ?? []), ...(page.digitSecrets ?? [])]) for (const word of wordsOf(secret, page.lang)) words.add(word);
  return words;
}

/** Measures one corpus page in a fresh pair of browser contexts. */
export async function measurePage(env: FidelityEnv, page: CorpusPage): Promise<FidelityResult> {
  const viewport = page.viewport ?? DESKTOP;
  const session = await openSharedSession({
    browser: env.browser,
    lookalongUrl: env.lookalongUrl,
    agentToken: env.agentToken,
    pageUrl: `${env.corpus.shopUrl}/${page.name}.html`,
    shopperViewport: viewport,
    agentViewport: AGENT,
    shopperReady: 'html[data-fixture-ready="true"]',
  });
  const { shopper, agent } = session;
  try {
    const shown = await replayHasRootAttribute(agent, 'data-fixture-ready', 'true', 10_000);
    await shopper.evaluate(() => (window as unknown as { fixtureLatePhase(): Promise<void> }).fixtureLatePhase());
    await typeValues(shopper, page);
    const lateSeen = shown && (await replayHasRootAttribute(agent, 'data-fixture-phase', 'late', 5000));
    const loaded = shown && (await replayLoaded(agent, 5000));
    await agent.waitForTimeout(SETTLE_MS);

    const shopperText = await pageText(shopper, null);
    const replayText = await pageText(agent, REPLAY_IFRAME);
    const excluded = new Set([...secretWords(page), ...wordsOf(shopperText.maskedByDesign, page.lang)]);
    const recall = wordRecall(wordsOf(shopperText.text, page.lang), wordsOf(replayText.text, page.lang), excluded);

    const clip = await replayClip(agent, viewport);
    const replayShot = await agent.screenshot({ clip, style: HIDE_CONSOLE_LAYERS, animations: 'disabled' });
    const shopperShot = await shopper.screenshot({ style: HIDE_SDK_UI, animations: 'disabled' });
    const frameBoxes = page.crossOriginFrame ? await viewportBoxes(shopper, [page.crossOriginFrame]) : [];
    const exclude = [...(await viewportBoxes(shopper, page.pictureExclude ?? [])), ...frameBoxes];
    const picture = matchPictures(shopperShot, replayShot, { exclude });

    const details: FidelityDetails = {
      blocks: { total: picture.blocks, compared: picture.compared, excluded: picture.excluded, mismatched: picture.mismatched.length },
      wordsCounted: recall.counted,
      wordsExcluded: excluded.size,
      missingWords: recall.missing.slice(0, 20),
      elements: shopperText.elements,
      lateSeen,
      replayLoaded: loaded,
      secretsChecked: (page.secrets?.length ?? 0) + (page.digitSecrets?.length ?? 0),
      leaks: findSecretsOnWire([...session.shopperFrames, ...session.agentFrames], page.secrets ?? [], page.digitSecrets ?? []),
      framesCaptured: session.shopperFrames.length + session.agentFrames.length,
    };
    if (!shown) details.error = 'the replay never showed the ready page';
    if (page.unmaskedEcho) details.unmaskedEchoShown = replayText.text.includes(page.unmaskedEcho);
    const frameBox = frameBoxes[0];
    if (frameBox) {
      // A few pixels in from the edges, so a bare border does not count as a label.
      const inner = { x: frameBox.x + 4, y: frameBox.y + 4, width: frameBox.width - 8, height: frameBox.height - 8 };
      details.placeholderLabels = await replayLabelsWithin(agent, frameBox);
      details.placeholderLabelled = details.placeholderLabels.length > 0 && regionHasContent(replayShot, inner);
    }
    if (env.debugDir) {
      const dir = join(env.debugDir, page.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'shopper.png'), shopperShot);
      writeFileSync(join(dir, 'replay.png'), replayShot);
      writeFileSync(join(dir, 'mismatches.png'), outlineMismatches(replayShot, picture.mismatched));
    }
    return { page: page.name, picture: picture.share, words: recall.recall, details };
  } finally {
    await session.close();
  }
}

/** Measures each page in turn (one browser, fresh contexts per page). */
export async function measureCorpus(env: FidelityEnv, pages: readonly CorpusPage[]): Promise<FidelityResult[]> {
  const results: FidelityResult[] = [];
  for (const page of pages) results.push(await measurePage(env, page));
  return results;
}

/** The block size and tolerance behind the picture score, for reports. */
export const PICTURE_METHOD = `${PICTURE_DEFAULTS.block}×${PICTURE_DEFAULTS.block} px blocks, mean colour, a block matches when every channel is within ${PICTURE_DEFAULTS.tolerance}/255`;
