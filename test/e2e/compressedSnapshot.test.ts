/**
 * Big recorded frames travel compressed: on a real 4,000-element storefront the first snapshot
 * leaves the shopper's browser gzip-compressed (CompressionStream), the relay forwards it as
 * opaque bytes, and the agent's console inflates and replays it; events under the threshold stay plain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../protocol/envelope';
import { COMPRESS_FROM_BYTES, isGzip } from '../../protocol/recordedPayload';
import { withServerAndBrowser } from '../helpers/browserTest';
import { CORPUS_SERVER_ENV, startFidelityCorpusServer, type FidelityCorpusServer } from '../helpers/fidelityCorpusServer';
import { recordedText } from '../helpers/recordedText';

describe('compressed snapshot', () => {
  const ctx = withServerAndBrowser({ ...CORPUS_SERVER_ENV });
  let corpus: FidelityCorpusServer;

  beforeAll(async () => {
    corpus = await startFidelityCorpusServer(ctx.server.url);
  });
  afterAll(() => corpus?.close());

  it('sends the first snapshot gzip-compressed, events under the threshold plain, and the console replays it', async () => {
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1024, height: 720 } })).newPage();
    const sent: Uint8Array[] = [];
    shopper.on('websocket', (ws) => ws.on('framesent', ({ payload }) => typeof payload !== 'string' && sent.push(new Uint8Array(payload))));
    await shopper.goto(`${corpus.shopUrl}/storefront-4000.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const agent = await (await ctx.browser.newContext({ viewport: { width: 1500, height: 1100 } })).newPage();
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    const lastProduct = await shopper.locator('footer').last().innerText();
    await agent.frameLocator('#replay-root iframe').getByText(lastProduct.split('\n')[0]!.trim()).first().waitFor({ timeout: 15_000 });

    const payloads = sent.map((bytes) => {
      const decoded = decodeFrame(bytes);
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.frame.payload;
    });
    const snapshot = payloads.reduce((a, b) => (b.byteLength > a.byteLength ? b : a));
    const json = recordedText(snapshot);
    expect(isGzip(snapshot)).toBe(true);
    expect(JSON.parse(json)).toMatchObject({ type: 2 });
    console.log(`first snapshot: ${json.length} bytes of JSON sent as ${snapshot.byteLength} (${(snapshot.byteLength / json.length).toFixed(3)}×)`);
    expect(snapshot.byteLength).toBeLessThan(json.length / 4);
    // Below the threshold a frame travels as it is; from it on, compressed.
    for (const payload of payloads) {
      expect(recordedText(payload).length >= COMPRESS_FROM_BYTES, `${payload.byteLength}-byte payload`).toBe(isGzip(payload));
    }
    await shopper.context().close();
    await agent.context().close();
  });
});
