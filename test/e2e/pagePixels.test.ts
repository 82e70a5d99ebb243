/**
 * Pictures the agent's browser cannot load, on a real shared page: a canvas animating at
 * 20 fps reaches the replay at no more than 2 frames per second; a canvas the shop blocks
 * (per element, or every canvas of the site through init's blockSelector) and a canvas off
 * screen send no pixels; a cross-origin payment frame is a labelled placeholder in the agent's
 * language (zh-CN here).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_PIXELS_TAG } from '../../protocol/replayPixels';
import { withServerAndBrowser } from '../helpers/browserTest';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';
import { openSharedSession, type SharedSession } from '../helpers/sharedBrowserSession';

const fixtures = fileURLToPath(new URL('../fixtures/page-pixels/', import.meta.url));
/** How long the animated canvas is watched. */
const WATCH_MS = 3000;

/** The pixels updates among captured frames, as [width, height] of the element they are for. */
function pixelSizes(frames: readonly string[]): Array<[number, number]> {
  return frames.flatMap((frame) => {
    const start = frame.indexOf('{');
    if (start === -1 || !frame.includes(REPLAY_PIXELS_TAG)) return [];
    const event = JSON.parse(frame.slice(start)) as { data: { payload: { width: number; height: number } } };
    return [[event.data.payload.width, event.data.payload.height] as [number, number]];
  });
}

describe('page pixels: canvases, blocked canvases and cross-origin frames', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;
  let pay: StaticShop;

  beforeAll(async () => {
    pay = await startStaticShop(fixtures, ctx.server.url);
    // The payment field's origin differs from the shop's by host name as well as port.
    shop = await startStaticShop(fixtures, ctx.server.url, { replace: { '{{PAY}}': pay.url.replace('127.0.0.1', 'localhost') } });
  });
  afterAll(async () => {
    await shop?.close();
    await pay?.close();
  });

  /** Opens the fixture (with `query`) and shares it with a zh-CN console, once its replay shows the page. */
  async function share(query = ''): Promise<SharedSession> {
    const session = await openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${shop.url}/index.html${query}`,
      shopperViewport: { width: 900, height: 700 },
      agentViewport: { width: 1400, height: 1000 },
      consoleLang: 'zh-CN',
    });
    await session.agent.frameLocator('#replay-root iframe').locator('h1').waitFor({ timeout: 10_000 });
    return session;
  }

  it('sends an animating canvas at most 2 times a second, nothing for a blocked or off-screen one, and shows the frame as a placeholder', async () => {
    const { shopper, agent, shopperFrames: frames, close } = await share();
    const before = pixelSizes(frames).length;
    await shopper.waitForTimeout(WATCH_MS);
    const sizes = pixelSizes(frames);
    const live = sizes.slice(before).filter(([w, h]) => w === 200 && h === 100).length;
    console.log(`animating canvas (20 fps on the page): ${live} frames sent in ${WATCH_MS} ms`);
    expect(live).toBeGreaterThanOrEqual(3);
    expect(live).toBeLessThanOrEqual((WATCH_MS / 1000) * 2 + 1);
    // The blocked canvas (150×75) and the one below the fold (120×60) never travel.
    expect(sizes.filter(([w]) => w === 150 || w === 120)).toEqual([]);

    const replay = agent.frameLocator('#replay-root iframe');
    const live2 = replay.locator('#live');
    await expect.poll(() => live2.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/^url\("data:image\//);
    expect(await live2.boundingBox()).toMatchObject({ width: 200, height: 100 });
    // A blocked element keeps only its box (rrweb drops its id): one hatched canvas, the private one.
    expect(await replay.locator('canvas[data-lookalong-masked="block"]').count()).toBe(1);

    const placeholder = replay.locator('#pay');
    expect(await placeholder.evaluate((el) => el.localName)).toBe('div');
    expect(await placeholder.getAttribute('data-lookalong-masked')).toBe('frame');
    expect(await placeholder.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"安全支付区域 — 对客服隐藏"');
    const [shown, original] = [await placeholder.boundingBox(), await shopper.locator('#pay').boundingBox()];
    expect(shown!.width).toBeCloseTo(original!.width, 0);
    expect(shown!.height).toBeCloseTo(original!.height, 0);

    // Scrolled into view, the canvas below the fold starts to travel.
    await shopper.locator('#below').scrollIntoViewIfNeeded();
    await expect.poll(() => pixelSizes(frames).filter(([w]) => w === 120).length, { timeout: 5000 }).toBeGreaterThan(0);
    await close();
  });

  it('sends no canvas at all when the site blocks every canvas (init blockSelector)', async () => {
    const { shopper, agent, shopperFrames: frames, close } = await share('?blockCanvas');
    await shopper.waitForTimeout(1500);
    expect(frames.length).toBeGreaterThan(3);
    expect(pixelSizes(frames)).toEqual([]);
    expect(await agent.frameLocator('#replay-root iframe').locator('canvas[data-lookalong-masked="block"]').count()).toBe(3);
    await close();
  });
});
