/**
 * Screen readers hear about new marks (the overlay itself is aria-hidden): a polite live
 * region in the live indicator says, in English and Simplified Chinese, what an agent drew,
 * coalesces a burst and skips laser trails and other page loads' marks; its text is set as
 * text, and nothing of it is ever recorded.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { latestFullSnapshot, mirrorIdOf } from '../helpers/snapshotNodes';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';
import { recordedText } from '../helpers/recordedText';

const fixtureRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ANNOUNCER = '[data-lookalong-ui] .announcer';

/** Per language: the shop page (its `data-lang`), the Allow button, and what the rect and the note are announced as. */
const LANGUAGES = {
  en: { page: 'index.html', allow: 'Allow', note: '<b>Enter SPRING</b> here', rect: 'Alice highlighted part of the page', text: 'Alice added a note: <b>Enter SPRING</b> here' },
  'zh-CN': { page: 'zh-CN.html', allow: '允许', note: '在这里输入<i>春季</i>优惠码', rect: 'Alice 标出了页面的一部分', text: 'Alice 添加了备注：在这里输入<i>春季</i>优惠码' },
} as const;

describe('mark announcements for screen readers', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;

  beforeAll(async () => {
    shop = await startStaticShop(fixtureRoot, ctx.server.url);
  });
  afterAll(() => shop?.close());

  /** Opens the marks fixture in `lang`, shares it with Alice and returns both ends. */
  async function shareWithAlice(lang: keyof typeof LANGUAGES): Promise<{ shopper: Page; alice: RelayClient; stream: number; targetId: number; close(): Promise<void> }> {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const shopper = await context.newPage();
    await shopper.goto(`${shop.url}/marks/${LANGUAGES[lang].page}`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const alice = await connectClient(ctx.server.wsUrl('/ws/agent'), ctx.server.url);
    alice.sendJson(ctx.server.join(code, { sub: 'agent-alice', name: 'Alice' }));
    await shopper.getByRole('alertdialog').getByRole('button', { name: LANGUAGES[lang].allow }).click();
    await alice.nextJson('consent', 10_000);
    await until(() => latestFullSnapshot(alice) !== null, 10_000);
    const { stream, root } = latestFullSnapshot(alice)!;
    return { shopper, alice, stream, targetId: mirrorIdOf(root, 'target'), close: () => context.close() };
  }

  /** Everything the shopper's page sent to the agent, as text. */
  const recorded = (alice: RelayClient): string => alice.frames().map((f) => recordedText(f.payload)).join('\n');

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`announces a highlight and a note in ${lang}, politely, as text, and never records it`, async () => {
      const strings = LANGUAGES[lang];
      const { shopper, alice, stream, targetId, close } = await shareWithAlice(lang);
      const announcer = shopper.locator(ANNOUNCER);
      expect(await announcer.getAttribute('role')).toBe('status');
      expect(await announcer.getAttribute('aria-live')).toBe('polite');
      expect(await shopper.locator('[data-lookalong-ui] .overlay').getAttribute('aria-hidden')).toBe('true');
      expect((await announcer.textContent()) ?? '').toBe('');

      const box = { x: 40, y: 40, w: 200, h: 60 };
      alice.sendJson({ t: 'annotate', annotation: { id: 'r1', shape: 'rect', color: '#ff5a1f', stream, anchor: { node: targetId, x: 0, y: 0, w: 1, h: 1 }, box } });
      await expect.poll(() => announcer.textContent(), { timeout: 5000 }).toBe(strings.rect);

      alice.sendJson({ t: 'annotate', annotation: { id: 't1', shape: 'text', color: '#1f5eff', stream, anchor: null, box, text: strings.note } });
      await expect.poll(() => announcer.textContent(), { timeout: 5000 }).toBe(strings.text);
      expect(await announcer.locator('b, i').count()).toBe(0);
      expect(await shopper.getByRole('status').filter({ hasText: strings.text }).count()).toBe(1);

      // The live region lives in our unrecorded UI: neither its text nor the element reached the agent.
      // A page change after the announcement: once its frame arrived, any earlier one has too.
      await shopper.evaluate(() => (document.querySelector('#removable')!.textContent = 'Free delivery, sync point'));
      await until(() => recorded(alice).includes('sync point'), 5000);
      const wire = recorded(alice);
      for (const ownUi of [strings.rect, strings.text, 'SPRING', '春季', 'announcer', 'aria-live']) expect(wire).not.toContain(ownUi);
      alice.close();
      await close();
    });
  }

  it('coalesces a burst into one announcement, without laser trails or marks of another page load', async () => {
    const { shopper, alice, stream, close } = await shareWithAlice('en');
    const announcer = shopper.locator(ANNOUNCER);
    const free = { x: 100, y: 100, w: 200, h: 100 };
    alice.sendJson({ t: 'annotate', annotation: { id: 'l1', shape: 'laser', color: '#d92d20', stream, anchor: null, box: free, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] } });
    const arrow = { id: 'a1', shape: 'arrow', color: '#1f5eff', stream, anchor: null, box: free, points: [{ x: 0, y: 1 }, { x: 1, y: 0 }] };
    alice.sendJson({ t: 'annotate', annotation: arrow });
    alice.sendJson({ t: 'annotate', annotation: { ...arrow, id: 'other-page', stream: stream + 1 } });
    alice.sendJson({ t: 'annotate', annotation: { id: 'p1', shape: 'pen', color: '#12a150', stream, anchor: null, box: free, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] } });
    await expect.poll(() => announcer.textContent(), { timeout: 5000 }).toBe('Alice added 2 marks');

    // A laser on its own says nothing: the region still holds the last announcement.
    alice.sendJson({ t: 'annotate', annotation: { id: 'l2', shape: 'laser', color: '#d92d20', stream, anchor: null, box: free, points: [{ x: 0.5, y: 0.5 }] } });
    await shopper.waitForTimeout(2000);
    expect(await announcer.textContent()).toBe('Alice added 2 marks');
    alice.close();
    await close();
  });
});
