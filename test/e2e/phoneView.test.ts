/**
 * The agent sees the phone as it is (issue 13): a shopper on a touch phone shares an H5 page;
 * the console marks the session as a phone with its viewport and orientation, outlines the
 * pinch-zoomed area with its scale, shows the on-screen keyboard's area, shows taps as brief
 * ripples, and renders the page's device-dependent CSS (dark mode, hover, pointer) as on the
 * phone — with the agent's desktop in light mode, with a mouse. A desktop shopper gets none of it.
 */
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { IPHONE_SAFARI_UA, phoneContext, WECHAT_ANDROID_UA } from '../helpers/phoneDevices';
import { openSharedSession, type SharedSession, type SharedSessionOptions } from '../helpers/sharedBrowserSession';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';

const fixtures = fileURLToPath(new URL('../fixtures/phone-view/', import.meta.url));
/** Height the on-screen keyboard takes from the page when the browser resizes the page for it (CSS px). */
const KEYBOARD_PX = 300;

/** A box in the shopper's CSS px. */
interface ShopperBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `selector` of the console is over the replay, in the shopper's CSS px (console px / replay scale); null when not shown. */
async function overReplay(agent: Page, selector: string): Promise<ShopperBox | null> {
  return agent.evaluate((sel) => {
    const element = document.querySelector<HTMLElement>(sel);
    const stage = document.getElementById('stage')!;
    const iframe = document.querySelector('#replay-root iframe')!;
    if (!element || element.closest('[hidden]')) return null;
    const scale = iframe.getBoundingClientRect().width / iframe.clientWidth;
    const [box, origin] = [element.getBoundingClientRect(), stage.getBoundingClientRect()];
    return { x: (box.left - origin.left) / scale, y: (box.top - origin.top) / scale, width: box.width / scale, height: box.height / scale };
  }, selector);
}

/** Records the centre of every tap ripple the console draws, in the shopper's CSS px. */
async function recordRipples(agent: Page): Promise<() => Promise<Array<{ x: number; y: number }>>> {
  await agent.evaluate(() => {
    const seen: Array<{ x: number; y: number }> = [];
    (window as unknown as { ripples: typeof seen }).ripples = seen;
    const iframe = document.querySelector('#replay-root iframe')!;
    new MutationObserver((records) => {
      const scale = iframe.getBoundingClientRect().width / iframe.clientWidth;
      const origin = document.getElementById('stage')!.getBoundingClientRect();
      for (const node of records.flatMap((record) => [...record.addedNodes])) {
        if (!(node instanceof HTMLElement) || !node.classList.contains('tap-ripple')) continue;
        const box = node.getBoundingClientRect();
        seen.push({ x: (box.left + box.width / 2 - origin.left) / scale, y: (box.top + box.height / 2 - origin.top) / scale });
      }
    }).observe(document.getElementById('device-layer')!, { childList: true });
  });
  return () => agent.evaluate(() => (window as unknown as { ripples: Array<{ x: number; y: number }> }).ripples);
}

/** The centre of a shopper element in its viewport. */
async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('phone view: the agent sees the phone as it is', () => {
  // The asset proxy may fetch the shop's stylesheet from the "CDN" on 127.0.0.1.
  const ctx = withServerAndBrowser({ LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'true' });
  let shop: StaticShop;
  let cdn: StaticShop;

  beforeAll(async () => {
    cdn = await startStaticShop(fixtures, ctx.server.url);
    shop = await startStaticShop(fixtures, ctx.server.url, { replace: { '{{CDN}}': cdn.url } });
  });
  afterAll(async () => {
    await shop?.close();
    await cdn?.close();
  });

  /** Shares the fixture from a shopper with these options, once the replay shows the page. */
  async function share(options: Partial<SharedSessionOptions>): Promise<SharedSession> {
    const session = await openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${shop.url}/index.html`,
      shopperViewport: { width: 390, height: 760 },
      agentViewport: { width: 1400, height: 1000 },
      ...options,
    });
    await session.agent.frameLocator('#replay-root iframe').locator('#buy-now').waitFor({ timeout: 10_000 });
    return session;
  }

  it('marks a dark-mode WeChat phone, renders its CSS as on the phone, shows taps, the keyboard and orientation changes', async () => {
    const { shopper, agent, close } = await share({
      shopperDevice: phoneContext(WECHAT_ANDROID_UA, { colorScheme: 'dark', reducedMotion: 'reduce' }),
      allowLabel: '允许',
      consoleLang: 'zh-CN',
    });
    const replay = agent.frameLocator('#replay-root iframe');
    const marking = agent.locator('#device-kind');
    await expect.poll(() => marking.textContent()).toBe('手机 · 390×760 · 竖屏');
    expect(await agent.locator('#device-fact').isVisible()).toBe(true);

    // The agent's desktop is light, with a mouse: left alone, the replay would be light and hover.
    const agentMedia = await replay.locator('body').evaluate((body) => ['(prefers-color-scheme: dark)', '(hover: none)', '(pointer: coarse)'].map((q) => body.ownerDocument.defaultView!.matchMedia(q).matches));
    expect(agentMedia).toEqual([false, false, false]);
    const style = (selector: string, property: string): Promise<string> => replay.locator(selector).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    // Dark mode (theme.css: a <link> the replay loads through the asset proxy), (hover: none),
    // (pointer: coarse) inside @supports, reduced motion: as on the phone.
    await expect.poll(() => style('body', 'background-color')).toBe('rgb(18, 18, 18)');
    expect(await replay.locator('link[rel=stylesheet][href*="/assets/proxy?"]').count()).toBe(1);
    expect(await style('#touch-hint', 'display')).toBe('block');
    expect(await style('#hover-hint', 'display')).toBe('none');
    expect(await style('#buy-now', 'height')).toBe('48px');
    expect(await style('.price', 'animation-name')).toBe('none');

    // Styles the page adds later: a new <style> and a rule inserted through the CSSOM.
    await shopper.evaluate(() => {
      const late = document.createElement('p');
      late.id = 'late';
      late.textContent = '限时包邮';
      document.body.append(late);
      const sheet = document.createElement('style');
      sheet.textContent = '@media (pointer: coarse) { #late { color: rgb(0, 128, 0); } }';
      document.head.append(sheet);
      sheet.sheet!.insertRule('@media (hover: none) { #late { text-decoration: underline; } }', 1);
    });
    await expect.poll(() => style('#late', 'color')).toBe('rgb(0, 128, 0)');
    await expect.poll(() => style('#late', 'text-decoration-line')).toBe('underline');

    // A tap: a ripple where the finger touched, on the replay.
    const ripples = await recordRipples(agent);
    const buy = shopper.locator('#add-to-cart');
    await buy.tap();
    const tapped = await centreOf(buy);
    await expect.poll(async () => (await ripples()).length).toBeGreaterThan(0);
    const [ripple] = await ripples();
    expect(Math.abs(ripple!.x - tapped.x)).toBeLessThan(3);
    expect(Math.abs(ripple!.y - tapped.y)).toBeLessThan(3);
    await expect.poll(() => agent.locator('.tap-ripple').count(), { timeout: 3000 }).toBe(0);

    // The keyboard: the note field is tapped and the in-app browser shrinks the page for the keyboard.
    await shopper.locator('#note').tap();
    await shopper.setViewportSize({ width: 390, height: 760 - KEYBOARD_PX });
    await expect.poll(() => overReplay(agent, '.device-keyboard')).not.toBeNull();
    const band = (await overReplay(agent, '.device-keyboard'))!;
    expect(band.height).toBeCloseTo(KEYBOARD_PX, -1);
    expect(band.y).toBeCloseTo(760 - KEYBOARD_PX, -1);
    expect(band.width).toBeCloseTo(390, -1);
    expect(await agent.locator('.device-keyboard').textContent()).toBe('键盘');
    // The keyboard closes.
    await shopper.setViewportSize({ width: 390, height: 760 });
    await shopper.locator('#note').blur();
    await expect.poll(() => overReplay(agent, '.device-keyboard')).toBeNull();

    // Turned sideways.
    await shopper.setViewportSize({ width: 760, height: 390 });
    await expect.poll(() => marking.textContent()).toBe('手机 · 760×390 · 横屏');
    await close();
  });

  it('outlines an iPhone shopper\'s pinch-zoomed area with its scale', async () => {
    const { shopper, agent, close } = await share({ shopperDevice: phoneContext(IPHONE_SAFARI_UA) });
    await expect.poll(() => agent.locator('#device-kind').textContent()).toBe('Phone · 390×760 · portrait');
    expect(await overReplay(agent, '.device-zoom')).toBeNull();

    // Headless Chromium zooms for a synthesized pinch of the default source, not of 'touch'.
    const cdp = await shopper.context().newCDPSession(shopper);
    await cdp.send('Input.synthesizePinchGesture', { x: 195, y: 380, scaleFactor: 2, gestureSourceType: 'default' });
    const visual = await shopper.evaluate(() => ({ x: visualViewport!.offsetLeft, y: visualViewport!.offsetTop, width: visualViewport!.width, height: visualViewport!.height, scale: visualViewport!.scale }));
    expect(visual.scale).toBeCloseTo(2, 1);

    // The outline settles where the gesture ended (updates during the gesture show it on its way).
    const farthestEdge = async (): Promise<number | null> => {
      const outline = await overReplay(agent, '.device-zoom');
      return outline && Math.max(...(['x', 'y', 'width', 'height'] as const).map((key) => Math.abs(outline[key] - visual[key])));
    };
    await expect.poll(farthestEdge).toBeLessThan(1.5);
    expect(await agent.locator('.device-zoom').textContent()).toBe('Zoomed 2.0×');
    await close();
  });

  it('shows nothing new for a desktop shopper: no phone marking, no ripple for a click, desktop CSS', async () => {
    const { shopper, agent, close } = await share({ shopperViewport: { width: 1000, height: 700 } });
    const replay = agent.frameLocator('#replay-root iframe');
    const ripples = await recordRipples(agent);
    await shopper.locator('#buy-now').click();
    // The click has reached the console once a later change has.
    await shopper.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { id: 'after-click' })));
    await replay.locator('#after-click').waitFor({ state: 'attached' });
    expect(await ripples()).toEqual([]);
    expect(await agent.locator('#device-fact').isHidden()).toBe(true);
    expect(await agent.locator('#device-kind').textContent()).toBe('');
    expect(await replay.locator('#hover-hint').isVisible()).toBe(true);
    expect(await replay.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor)).toBe('rgb(250, 247, 240)');
    await close();
  });
});
