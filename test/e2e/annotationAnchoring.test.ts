/**
 * Marks on a real shopper page in Chromium (a shop on its own origin under a strict CSP),
 * drawn by agents speaking the relay protocol: an anchored highlight follows its element
 * through window and nested scrolling, a responsive resize and scrollIntoView; every shape
 * renders; a laser fades away; only the owning agent can remove its marks; the shopper's
 * "Hide marks" clears the page and tells every agent.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Rect } from '../../protocol/annotation';
import { relativeToNode } from '../../protocol/annotationGeometry';
import { withServerAndBrowser } from '../helpers/browserTest';
import { intersectionOverUnion } from '../helpers/chromium';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { latestFullSnapshot, mirrorIdOf } from '../helpers/snapshotNodes';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';
import { recordedText } from '../helpers/recordedText';

const fixtureRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The agent sees the shopper's page scaled into a smaller console viewport. */
const AGENT_SCALE = 0.6;
const NOTE = '<b>Apply the coupon</b> here';
const mark = (selector: string): string => `[data-lookalong-ui] ${selector}`;

/** The viewport box of the first element matching `selector`, in the shopper's CSS pixels. */
async function boxOf(page: Page, selector: string): Promise<Rect> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} has no box`);
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

/** Overlap of the mark and the element, 0 when either has no box. */
async function overlap(page: Page, markSelector: string, elementSelector: string): Promise<number> {
  const [m, e] = await Promise.all([page.locator(markSelector).first().boundingBox(), page.locator(elementSelector).boundingBox()]);
  return m && e ? intersectionOverUnion(m, e) : 0;
}

describe('annotations on the shopper page', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;

  beforeAll(async () => {
    shop = await startStaticShop(fixtureRoot, ctx.server.url);
  });
  afterAll(() => shop?.close());

  /** Joins as an agent over a raw relay socket; the shopper clicks Allow in its dialog. */
  async function joinAgent(shopper: Page, code: string, sub: string, name: string): Promise<RelayClient> {
    const agent = await connectClient(ctx.server.wsUrl('/ws/agent'), ctx.server.url);
    agent.sendJson(ctx.server.join(code, { sub, name }));
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await agent.nextJson('consent', 10_000);
    return agent;
  }

  it('anchors, draws every shape, and removes marks only for their owner or the shopper', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } });
    // Reports CSP violations through the console, where the test collects errors.
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    const shopper = await context.newPage();
    const errors: string[] = [];
    shopper.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await shopper.goto(`${shop.url}/marks/index.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const alice = await joinAgent(shopper, code, 'agent-alice', 'Alice');
    await until(() => latestFullSnapshot(alice) !== null, 10_000);
    const { stream, root } = latestFullSnapshot(alice)!;
    const targetId = mirrorIdOf(root, 'target');
    const removableId = mirrorIdOf(root, 'removable');
    const hideMarks = shopper.getByRole('button', { name: 'Hide marks' });
    expect(await hideMarks.isVisible()).toBe(false);

    // Bring the button into view inside its scroll container, then the agent draws around it:
    // in its own (scaled) pixels, 2 px outside the button; the fallback box is deliberately wrong here.
    await shopper.evaluate(() => {
      window.scrollTo(0, 400);
      document.querySelector('#scroller')!.scrollTop = 200;
    });
    const seen = await boxOf(shopper, '#target');
    const node = { x: seen.x * AGENT_SCALE, y: seen.y * AGENT_SCALE, w: seen.w * AGENT_SCALE, h: seen.h * AGENT_SCALE };
    const drawn = { x: node.x - 2, y: node.y - 2, w: node.w + 4, h: node.h + 4 };
    const rect = { id: 'r1', shape: 'rect', color: '#ff5a1f', stream, anchor: { node: targetId, ...relativeToNode(drawn, node) }, box: drawn };
    alice.sendJson({ t: 'annotate', annotation: { ...rect, id: 'stale', stream: stream + 1 } });
    alice.sendJson({ t: 'annotate', annotation: rect });
    const highlight = shopper.locator(mark('[data-mark="rect"]'));
    await highlight.waitFor({ timeout: 5000 });
    expect(await shopper.locator(mark('.mark')).count()).toBe(1);
    expect(await highlight.locator('.mark-label').textContent()).toBe('Alice');
    await expect.poll(() => hideMarks.isVisible()).toBe(true);
    const follows = (): Promise<number> => overlap(shopper, mark('[data-mark="rect"]'), '#target');
    expect(await follows()).toBeGreaterThanOrEqual(0.8);

    // Window scroll, nested scroll, a resize into the narrow layout, scrollIntoView.
    await shopper.evaluate(() => window.scrollTo(0, 250));
    await expect.poll(follows, { timeout: 3000 }).toBeGreaterThanOrEqual(0.8);
    await shopper.evaluate(() => (document.querySelector('#scroller')!.scrollTop = 120));
    await expect.poll(follows, { timeout: 3000 }).toBeGreaterThanOrEqual(0.8);
    const wide = await boxOf(shopper, '#target');
    await shopper.setViewportSize({ width: 820, height: 600 });
    await shopper.evaluate(() => document.querySelector('#target')!.scrollIntoView({ block: 'center' }));
    expect((await boxOf(shopper, '#target')).w).not.toBeCloseTo(wide.w, 0);
    await expect.poll(follows, { timeout: 3000 }).toBeGreaterThanOrEqual(0.8);

    // Scrolled out of its container, the button is out of sight: so is its mark.
    await shopper.evaluate(() => {
      const scroller = document.querySelector('#scroller')!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await expect.poll(() => highlight.isVisible(), { timeout: 3000 }).toBe(false);
    await shopper.evaluate(() => document.querySelector('#target')!.scrollIntoView({ block: 'center' }));
    await expect.poll(() => highlight.isVisible(), { timeout: 3000 }).toBe(true);
    await expect.poll(follows, { timeout: 3000 }).toBeGreaterThanOrEqual(0.8);

    // Every other shape.
    const scroll = await shopper.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
    const free = { x: scroll.x + 100, y: scroll.y + 60, w: 200, h: 100 };
    const anchored = (x: number, y: number, w: number, h: number): object => ({ node: targetId, x, y, w, h });
    const shapes = [
      { id: 'a1', shape: 'arrow', color: '#1f5eff', stream, anchor: null, box: free, points: [{ x: 0, y: 1 }, { x: 1, y: 0 }] },
      { id: 'p1', shape: 'pen', color: '#12a150', stream, anchor: anchored(0, 0, 1, 1), box: free, points: [{ x: 0, y: 0 }, { x: 0.5, y: 1 }, { x: 1, y: 0 }, { x: 1, y: 1 }] },
      { id: 't1', shape: 'text', color: '#1f5eff', stream, anchor: anchored(0, -1.2, 1, 0.8), box: free, text: NOTE },
      { id: 'e1', shape: 'element', color: '#7a3cff', stream, anchor: anchored(0, 0, 1, 1), box: free },
    ];
    for (const annotation of shapes) alice.sendJson({ t: 'annotate', annotation });
    await shopper.locator(mark('[data-mark="element"]')).waitFor({ timeout: 5000 });
    expect(await shopper.locator(mark('.mark')).count()).toBe(5);
    expect(await shopper.locator(mark('.mark-label')).allTextContents()).toEqual(['Alice', 'Alice', 'Alice', 'Alice', 'Alice']);

    const tip = await boxOf(shopper, mark('[data-mark="arrow"] polygon'));
    expect(Math.abs(tip.x + tip.w - (free.x - scroll.x + free.w))).toBeLessThan(3);
    expect(Math.abs(tip.y - (free.y - scroll.y))).toBeLessThan(3);
    expect(await shopper.locator(mark('[data-mark="arrow"] polyline')).getAttribute('points')).toMatch(/^\S+ \S+$/);
    expect((await shopper.locator(mark('[data-mark="pen"] polyline')).getAttribute('points'))!.split(' ')).toHaveLength(4);
    expect(await overlap(shopper, mark('[data-mark="pen"]'), '#target')).toBeGreaterThan(0.95);
    const note = shopper.locator(mark('[data-mark="text"]'));
    expect(await note.locator('.mark-note-text').textContent()).toBe(NOTE);
    expect(await note.locator('b').count()).toBe(0);
    const noteStyle = await note.evaluate((e) => ({ color: getComputedStyle(e).color, size: parseFloat(getComputedStyle(e).fontSize) }));
    expect(noteStyle.color).toBe('rgb(255, 255, 255)');
    expect(noteStyle.size).toBeGreaterThanOrEqual(12);
    expect(noteStyle.size).toBeLessThanOrEqual(32);
    const [noteBox, target] = [await boxOf(shopper, mark('[data-mark="text"]')), await boxOf(shopper, '#target')];
    expect(noteBox.x).toBeCloseTo(target.x, 0);
    expect(noteBox.y).toBeCloseTo(target.y - 1.2 * target.h, 0);
    expect(noteBox.w).toBeGreaterThanOrEqual(target.w - 1);
    expect(await overlap(shopper, mark('[data-mark="element"]'), '#target')).toBeGreaterThanOrEqual(0.8);

    // A laser trail shows without a label and fades away on its own.
    alice.sendJson({ t: 'annotate', annotation: { id: 'l1', shape: 'laser', color: '#d92d20', stream, anchor: null, box: free, points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.5 }, { x: 1, y: 0.2 }] } });
    const trail = shopper.locator(mark('[data-mark="laser"]'));
    await trail.waitFor({ state: 'attached', timeout: 5000 });
    expect(await trail.locator('.mark-label').count()).toBe(0);
    await expect.poll(() => trail.count(), { timeout: 4000 }).toBe(0);
    expect(await shopper.locator(mark('.mark')).count()).toBe(5);

    // Another agent can neither remove nor replace Alice's marks; its own mark with the same id stands beside hers.
    const bob = await joinAgent(shopper, code, 'agent-bob', 'Bob');
    bob.sendJson({ t: 'unannotate', id: 'r1' });
    bob.sendJson({ t: 'clear-marks' });
    bob.sendJson({ t: 'annotate', annotation: { ...rect, color: '#12a150' } });
    await expect.poll(() => highlight.count(), { timeout: 3000 }).toBe(2);
    expect(await shopper.locator(mark('.mark')).count()).toBe(6);
    alice.sendJson({ t: 'unannotate', id: 'r1' });
    await expect.poll(() => highlight.locator('.mark-label').allTextContents(), { timeout: 3000 }).toEqual(['Bob']);
    alice.sendJson({ t: 'clear-marks' });
    await expect.poll(() => shopper.locator(mark('.mark-label')).allTextContents(), { timeout: 3000 }).toEqual(['Bob']);

    // A mark whose node leaves the page goes with it.
    bob.sendJson({ t: 'annotate', annotation: { id: 'e2', shape: 'element', color: '#7a3cff', stream, anchor: { node: removableId, x: 0, y: 0, w: 1, h: 1 }, box: free } });
    await shopper.locator(mark('[data-mark="element"]')).waitFor({ timeout: 5000 });
    await shopper.evaluate(() => document.querySelector('#removable')!.remove());
    await expect.poll(() => shopper.locator(mark('[data-mark="element"]')).count(), { timeout: 3000 }).toBe(0);

    // The shopper hides every mark; both agents hear of it.
    await hideMarks.click();
    expect(await shopper.locator(mark('.mark')).count()).toBe(0);
    expect(await alice.nextJson('dismissed')).toStrictEqual({ t: 'dismissed' });
    expect(await bob.nextJson('dismissed')).toStrictEqual({ t: 'dismissed' });
    await expect.poll(() => hideMarks.isVisible()).toBe(false);

    // Nothing of the overlay was recorded, and the strict CSP was never violated.
    const recorded = [...alice.frames(), ...bob.frames()].map((f) => recordedText(f.payload)).join('\n');
    for (const ownUi of ['Apply the coupon', 'mark-label', 'Hide marks', 'data-mark']) expect(recorded).not.toContain(ownUi);
    expect(errors).toEqual([]);
    alice.close();
    bob.close();
    await context.close();
  });
});
