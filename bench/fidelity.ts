/**
 * Replay fidelity over the corpus of realistic shop pages: for each page shared in a real
 * session, the share of picture blocks and of visible words the agent's replay has of the
 * shopper's screen (test/helpers/fidelityMeasure.ts). Part of `npm run bench`; alone:
 *
 *   node scripts/build-bundles.mjs && npx tsx bench/fidelity.ts
 */
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/chromium';
import { CORPUS_PAGES } from '../test/helpers/fidelityCorpusPages';
import { CORPUS_SERVER_ENV, fontsAvailable, startFidelityCorpusServer } from '../test/helpers/fidelityCorpusServer';
import { measureCorpus, PICTURE_METHOD, SETTLE_MS, type FidelityResult } from '../test/helpers/fidelityMeasure';
import { fidelityTable } from '../test/helpers/fidelityTable';
import { startTestServer } from '../test/helpers/testServer';

/** Measures every corpus page against an in-process server and one Chromium. */
export async function measureFidelity(): Promise<FidelityResult[]> {
  const server = await startTestServer({ ...CORPUS_SERVER_ENV });
  const browser = await launchChromium();
  const corpus = await startFidelityCorpusServer(server.url);
  try {
    return await measureCorpus({ browser, lookalongUrl: server.url, agentToken: server.token(), corpus }, CORPUS_PAGES);
  } finally {
    await corpus.close();
    await browser.close();
    await server.close();
  }
}

/** The section's report lines: heading, table and how it was measured. */
export function fidelityReport(results: readonly FidelityResult[]): string[] {
  const proxy = 'the console’s asset proxy allowed to fetch from 127.0.0.1';
  return [
    '## Replay fidelity (corpus of realistic shop pages, shopper screen vs the agent’s replay)\n',
    ...fidelityTable(results),
    '',
    `Picture: ${PICTURE_METHOD}; masked values, their echoes and the cross-origin frame’s placeholder left out. Words: unique word-like segments (Intl.Segmenter) of the shopper’s visible text found in the replay’s, lower-cased, typed secrets and text masked by design left out. Shopper 1024×720 (phones 414×736), console 1500×1100 (replay at scale 1), ${SETTLE_MS} ms settle after the replay’s loads; ${proxy}${fontsAvailable() ? '' : '; DejaVu fonts missing, so the web fonts fall back'}. Pages: test/fixtures/fidelity-corpus.\n`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await measureFidelity();
  console.log(fidelityReport(results).join('\n'));
  process.exit(0);
}
