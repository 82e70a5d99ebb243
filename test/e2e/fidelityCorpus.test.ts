/**
 * Replay fidelity over the corpus of realistic shop pages (test/fixtures/fidelity-corpus):
 * for each page shared with the agent console, the replay must match the shopper's screen
 * (picture ≥ 90 % of blocks, words ≥ 95 % recalled; see test/helpers/fidelityMeasure.ts).
 * On the page whose widgets echo typed card data, no typed secret may reach the wire while
 * the shop's unmasked field still shows; a cross-origin frame shows as a labelled placeholder.
 * Set FIDELITY_DEBUG_DIR=/tmp/… to keep each page's screenshots. Prints the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { CORPUS_PAGES } from '../helpers/fidelityCorpusPages';
import { CORPUS_SERVER_ENV, fontsAvailable, startFidelityCorpusServer, type FidelityCorpusServer } from '../helpers/fidelityCorpusServer';
import { FIDELITY_GOALS, measurePage, type FidelityResult } from '../helpers/fidelityMeasure';
import { fidelityTable } from '../helpers/fidelityTable';

describe('replay fidelity corpus', () => {
  const ctx = withServerAndBrowser({ ...CORPUS_SERVER_ENV });
  let corpus: FidelityCorpusServer;
  const results: FidelityResult[] = [];

  beforeAll(async () => {
    corpus = await startFidelityCorpusServer(ctx.server.url);
  });

  afterAll(async () => {
    console.log(['replay fidelity (asset proxy allowed to fetch from 127.0.0.1)', ...fidelityTable(results)].join('\n'));
    await corpus?.close();
  });

  it(`has at least 13 pages, and the web fonts they serve (scripts/ensure-chromium.mjs installs them)`, () => {
    expect(CORPUS_PAGES.length).toBeGreaterThanOrEqual(13);
    expect(fontsAvailable()).toBe(true);
  });

  for (const page of CORPUS_PAGES) {
    it(`${page.name}: the replay matches the shopper's screen (${page.pattern})`, async () => {
      const result = await measurePage(
        { browser: ctx.browser, lookalongUrl: ctx.server.url, agentToken: ctx.server.token(), corpus, debugDir: process.env['FIDELITY_DEBUG_DIR'] },
        page,
      );
      results.push(result);
      const d = result.details;
      // The fixture itself is what it claims to be, and the measure ran on a page the replay showed.
      expect(d.elements).toBeGreaterThanOrEqual(page.minElements ?? 1);
      expect(d.wordsCounted).toBeGreaterThan(0);
      expect(d.error).toBeUndefined();
      if (page.typing) {
        expect(d.framesCaptured).toBeGreaterThan(10);
        expect(d.leaks, 'typed secrets on the wire').toEqual([]);
        expect(d.unmaskedEchoShown, 'the unmasked field’s echo is in the replay').toBe(true);
      }
      if (page.crossOriginFrame) expect(d.placeholderLabelled, `labelled placeholder (labels: ${d.placeholderLabels?.join(' / ')})`).toBe(true);
      expect(result.picture, `picture (${d.blocks.mismatched} of ${d.blocks.compared} blocks differ)`).toBeGreaterThanOrEqual(FIDELITY_GOALS.picture);
      expect(result.words, `words (missing: ${d.missingWords.join(' ')})`).toBeGreaterThanOrEqual(FIDELITY_GOALS.words);
    });
  }
});
