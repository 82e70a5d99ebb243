/**
 * Shoppers on phones (issue 13): in Chromium with touch emulation (a WeChat in-app browser on
 * Android in zh-CN, Safari on an iPhone in English) on an H5 checkout with a sticky header and a
 * fixed bottom buy bar (test/fixtures/phone-shop): Allow is tapped; the help-code widget and
 * the live indicator never cover the shop's bars, so the buy button stays tappable while shared;
 * the indicator is a compact pill of thumb-sized controls, moves to another corner on a tap and
 * stays there after a reload; Stop is one tap. Also: a floating chat bubble and a desktop
 * cookie banner are left uncovered, and the consent dialog works at 320 px, at 200% zoom and in
 * dark mode.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { highlightElement } from '../helpers/consoleDrawing';
import { IPHONE_SAFARI_UA, phoneContext } from '../helpers/phoneDevices';
import { openSharedSession, type SharedSession, type Viewport } from '../helpers/sharedBrowserSession';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';

const fixtures = fileURLToPath(new URL('../fixtures/phone-shop/', import.meta.url));
/** The touch minimum (WCAG 2.5.5, Apple and Android guidelines), CSS px. */
const TOUCH_MIN = 44;

/** True when the element at the centre of `target` is `target` itself (nothing of ours over it). */
async function tappable(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const target = document.querySelector(sel)!;
    const r = target.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && target.contains(hit);
  }, selector);
}

/** The page element's box in the viewport. */
async function boxOf(page: Page, selector: string): Promise<DOMRect> {
  return page.evaluate((sel) => document.querySelector(sel)!.getBoundingClientRect().toJSON() as DOMRect, selector);
}

/** True when two boxes share any area. */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every visible button in `scope`, checked against the touch minimum. */
async function expectThumbSized(scope: Locator): Promise<void> {
  const buttons = scope.getByRole('button');
  const count = await buttons.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    const box = (await button.boundingBox())!;
    expect({ name: await button.textContent(), width: box.width >= TOUCH_MIN, height: box.height >= TOUCH_MIN }).toEqual({ name: await button.textContent(), width: true, height: true });
  }
}

describe('phones: indicator and widget out of the way, dialogs made for thumbs', () => {
  // The site keeps recordings, so every consent dialog here carries the recording switch (its worst case for space).
  const ctx = withServerAndBrowser({ LOOKALONG_RECORDINGS: 'demo=30', LOOKALONG_RECORDING_KEY: 'b8'.repeat(32), LOOKALONG_RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'lookalong-phone-recordings-')) });
  let shop: StaticShop;

  beforeAll(async () => {
    shop = await startStaticShop(fixtures, ctx.server.url);
  });
  afterAll(async () => {
    await shop?.close();
  });

  /** Shares the checkout (with `query`) from a phone; `beforeAllow` sees the widget and the dialog. */
  function sharePhone(options: { query?: string; userAgent?: string; viewport?: Viewport; device?: BrowserContextOptions; beforeAllow?: (shopper: Page) => Promise<void> }): Promise<SharedSession> {
    const device = { ...phoneContext(options.userAgent), ...(options.viewport ? { viewport: options.viewport } : {}), ...options.device };
    return openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${shop.url}/checkout.html${options.query ?? ''}`,
      shopperViewport: options.viewport ?? device.viewport!,
      shopperDevice: device,
      allowLabel: device.locale === 'zh-CN' ? '允许' : 'Allow',
      agentViewport: { width: 1400, height: 1000 },
      beforeAllow: async ({ shopper }) => options.beforeAllow?.(shopper),
    });
  }

  it('WeChat on Android: Allow tapped, the buy bar never covered, a compact thumb-sized pill, moved to the top and kept there, Stop in one tap', async () => {
    const session = await sharePhone({
      beforeAllow: async (shopper) => {
        // The help-code widget sits clear of the buy bar; the dialog's buttons are thumb-sized.
        const widget = shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: '您的协助码' });
        await widget.waitFor();
        expect(overlaps((await widget.boundingBox())!, await boxOf(shopper, '#buy-bar'))).toBe(false);
        await expectThumbSized(widget);
        const dialog = shopper.getByRole('alertdialog');
        await dialog.waitFor();
        await expectThumbSized(dialog);
      },
    });
    const { shopper, agent } = session;
    try {
      const indicator = shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: '停止共享' });
      await indicator.waitFor();
      // Compact on a phone: the viewer count and Stop, not the long sentence.
      await expect.poll(() => indicator.textContent()).toContain('1 人在看');
      const namesShown = async (): Promise<boolean> => ((await indicator.getByText('正在与').boundingBox())?.width ?? 0) > 1;
      expect(await namesShown()).toBe(false);
      await expectThumbSized(indicator);
      // Clear of the fixed bar and the sticky header, and the shop's buttons are the ones tapped.
      const bar = await boxOf(shopper, '#buy-bar');
      const header = await boxOf(shopper, '.top');
      const pill = (await indicator.boundingBox())!;
      expect(overlaps(pill, bar)).toBe(false);
      expect(overlaps(pill, header)).toBe(false);
      expect(pill.y + pill.height).toBeLessThanOrEqual(bar.y);
      for (const id of ['#buy-now', '#add-to-cart']) expect(await tappable(shopper, id)).toBe(true);
      await shopper.locator('#buy-now').tap();
      await shopper.locator('#add-to-cart').tap();
      expect(await shopper.evaluate(() => (window as unknown as { taps: Record<string, number> }).taps)).toMatchObject({ 'buy-now': 1, 'add-to-cart': 1 });
      // Scrolled to the end, still clear.
      await shopper.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await shopper.waitForTimeout(300);
      expect(await tappable(shopper, '#buy-now')).toBe(true);

      // "Details" expands the pill; "Move" sends it to the top, below the sticky header.
      await indicator.getByRole('button', { name: '详情' }).tap();
      await expect.poll(namesShown).toBe(true);
      await indicator.getByRole('button', { name: '详情' }).tap();
      await indicator.getByRole('button', { name: '移动' }).tap();
      await expect.poll(async () => (await indicator.boundingBox())!.y).toBeLessThan(760 / 2);
      const moved = (await indicator.boundingBox())!;
      expect(moved.y).toBeGreaterThanOrEqual(header.y + header.height);
      expect(overlaps(moved, header)).toBe(false);

      // Kept for the tab: after a reload (the session resumes) it is at the top again.
      await shopper.reload();
      await indicator.waitFor({ timeout: 10_000 });
      await expect.poll(async () => (await indicator.boundingBox())!.y, { timeout: 5000 }).toBeLessThan(760 / 2);

      // One tap on Stop ends it.
      await indicator.getByRole('button', { name: '停止共享' }).tap();
      await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('The shopper stopped sharing');
      await expect.poll(() => shopper.getByRole('button', { name: '停止共享' }).count()).toBe(0);
    } finally {
      await session.close();
    }
  });

  /** Share of `target`'s area that the agent's highlight covers on the shopper's page. */
  async function markCover(page: Page, target: string): Promise<number> {
    const mark = await page.locator('[data-lookalong-ui] [data-mark="rect"]').last().boundingBox();
    const box = await boxOf(page, target);
    if (!mark) return 0;
    const w = Math.min(mark.x + mark.width, box.x + box.width) - Math.max(mark.x, box.x);
    const h = Math.min(mark.y + mark.height, box.y + box.height) - Math.max(mark.y, box.y);
    return w > 0 && h > 0 ? (w * h) / (box.width * box.height) : 0;
  }

  it('marks drawn in the console land on the phone: on the fixed buy button and on an element scrolled into view', async () => {
    const session = await sharePhone({});
    const { shopper, agent } = session;
    try {
      await agent.frameLocator('#replay-root iframe').locator('#buy-now').waitFor({ timeout: 10_000 });
      await highlightElement(agent, '#buy-now');
      await expect.poll(() => markCover(shopper, '#buy-now'), { timeout: 5000 }).toBeGreaterThanOrEqual(0.8);
      // The shopper scrolls to the order note; the agent marks it in the scrolled replay.
      await shopper.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const scrolledTo = await shopper.evaluate(() => Math.round(scrollY));
      expect(scrolledTo).toBeGreaterThan(100);
      await expect.poll(() => agent.frameLocator('#replay-root iframe').locator('html').evaluate((html) => Math.round(html.ownerDocument.defaultView!.scrollY)), { timeout: 5000 }).toBe(scrolledTo);
      await highlightElement(agent, '#note');
      await expect.poll(() => markCover(shopper, '#note'), { timeout: 5000 }).toBeGreaterThanOrEqual(0.8);
      // The buy button's mark stays on the fixed button after the scroll.
      expect(await shopper.locator('[data-lookalong-ui] [data-mark="rect"]').count()).toBe(2);
    } finally {
      await session.close();
    }
  });

  it('iPhone Safari: a floating chat bubble above the bar sends the indicator to a free corner', async () => {
    const session = await sharePhone({ query: '?bubble', userAgent: IPHONE_SAFARI_UA });
    try {
      const indicator = session.shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: 'Stop sharing' });
      await indicator.waitFor();
      const pill = (await indicator.boundingBox())!;
      for (const id of ['#bubble', '#buy-bar', '.top']) expect({ id, overlaps: overlaps(pill, await boxOf(session.shopper, id)) }).toEqual({ id, overlaps: false });
      for (const id of ['#bubble', '#buy-now']) expect(await tappable(session.shopper, id)).toBe(true);
      await expectThumbSized(indicator);
    } finally {
      await session.close();
    }
  });

  it('desktop: a cookie banner fixed at the bottom keeps its Accept button uncovered; Move works from the keyboard', async () => {
    const session = await openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${shop.url}/checkout.html?cookie`,
      shopperViewport: { width: 1280, height: 800 },
      shopperDevice: { locale: 'en-US' },
      agentViewport: { width: 1400, height: 1000 },
    });
    try {
      const indicator = session.shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: 'Stop sharing' });
      await indicator.waitFor();
      // Not compact on a wide screen: the sentence with the agent's name.
      await expect.poll(() => indicator.getByText('Sharing this page with').isVisible()).toBe(true);
      expect(overlaps((await indicator.boundingBox())!, await boxOf(session.shopper, '#buy-bar'))).toBe(false);
      expect(await tappable(session.shopper, '#accept')).toBe(true);
      // Moved from the keyboard: Enter on "Move" sends it to the top right, then on to the top left.
      const move = indicator.getByRole('button', { name: 'Move' });
      await move.focus();
      await session.shopper.keyboard.press('Enter');
      await expect.poll(async () => (await indicator.boundingBox())!.y).toBeLessThan(400);
      await session.shopper.keyboard.press('Enter');
      await expect.poll(async () => (await indicator.boundingBox())!.x).toBeLessThan(640);
    } finally {
      await session.close();
    }
  });

  /** Relative luminance (0 black – 1 white) of a CSS rgb() colour. */
  const luminance = (rgb: string): number => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => Number(v) / 255) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };

  it.each([
    { name: '320 px wide', viewport: { width: 320, height: 568 }, extra: {} },
    { name: '200% zoom (390 px phone → 195 CSS px)', viewport: { width: 195, height: 380 }, extra: { deviceScaleFactor: 6 } },
    { name: 'dark mode', viewport: { width: 390, height: 760 }, extra: { colorScheme: 'dark' as const } },
  ])('the consent dialog at $name: inside the screen, no sideways scrolling, thumb-sized, readable, Allow tapped', async ({ viewport, extra }) => {
    let checked = false;
    const session = await sharePhone({
      viewport,
      device: extra,
      beforeAllow: async (shopper) => {
        const dialog = shopper.getByRole('alertdialog');
        await dialog.waitFor();
        const box = (await dialog.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
        expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
        await expectThumbSized(dialog);
        // The recording switch (录制) fits, is a thumb-sized target, and a tap turns it on.
        const recordSwitch = dialog.getByRole('checkbox', { name: /录制/ });
        const label = (await dialog.locator('label.record').boundingBox())!;
        expect(label.x + label.width).toBeLessThanOrEqual(box.x + box.width);
        expect(label.height).toBeGreaterThanOrEqual(TOUCH_MIN);
        await recordSwitch.tap();
        expect(await recordSwitch.isChecked()).toBe(true);
        const colours = await dialog.evaluate((d) => ({ background: getComputedStyle(d).backgroundColor, text: getComputedStyle(d).color }));
        const dark = extra.colorScheme === 'dark';
        expect(luminance(colours.background) < 0.3).toBe(dark);
        expect(Math.abs(luminance(colours.background) - luminance(colours.text))).toBeGreaterThan(0.5);
        checked = true;
      },
    });
    try {
      expect(checked).toBe(true);
      await session.shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: '停止共享' }).waitFor();
    } finally {
      await session.close();
    }
  });
});
