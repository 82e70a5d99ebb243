/**
 * The consent dialog and the live indicator as a shopper meets them: accessible (axe-core),
 * keyboard-first (focus trapped, Enter allows), the indicator naming every viewer with the
 * consent's remaining time, Extend, and "What can they see?" outlining the masked areas.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { connectClient } from '../helpers/relayClient';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHADOW_HOST = '[data-lookalong-ui] > div';

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: unknown[] }>;
  passes: unknown[];
}

async function axeViolations(page: Page, selector: string): Promise<AxeResult> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(
    ([host, inner]) => (window as unknown as { axe: { run(ctx: unknown): Promise<AxeResult> } }).axe.run({ include: [{ fromShadowDom: [host, inner] }] }),
    [SHADOW_HOST, selector] as const,
  );
}

/** The element focused inside the SDK's shadow root, described by its role or text. */
function focusedInDialog(page: Page): Promise<string> {
  return page.evaluate((host) => {
    const active = document.querySelector(host)?.shadowRoot?.activeElement as HTMLElement | null;
    return active ? active.getAttribute('role') ?? active.textContent ?? active.tagName : 'outside';
  }, SHADOW_HOST);
}

describe('consent dialog and live indicator', () => {
  const ctx = withServerAndBrowser();

  it('is accessible and keyboard-first; the indicator names viewers, extends, and reveals masked areas', async () => {
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await shopper.goto(`${ctx.server.url}/demo/checkout.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agent = await connectClient(ctx.server.wsUrl('/ws/agent'), ctx.server.url);
    agent.sendJson(ctx.server.join(code));
    const dialog = shopper.getByRole('alertdialog', { name: 'Alice (Support) wants to see this page' });
    await dialog.waitFor();
    const description = await dialog.textContent();
    for (const promise of ['this tab only', 'payment details stay hidden', 'never click or type', 'stop sharing at any time']) {
      expect(description).toContain(promise);
    }

    const axe = await axeViolations(shopper, '.backdrop');
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(5);

    // Focus starts on the dialog and never leaves it.
    expect(await focusedInDialog(shopper)).toBe('alertdialog');
    const seen = [];
    for (let i = 0; i < 5; i++) {
      await shopper.keyboard.press('Tab');
      seen.push(await focusedInDialog(shopper));
    }
    expect(seen).toEqual(['Allow', 'Deny', 'Allow', 'Deny', 'Allow']);
    await shopper.keyboard.press('Enter');
    expect(await agent.nextJson('consent')).toEqual({ t: 'consent', allow: true });

    // The indicator: viewer names, time left, Extend.
    const indicator = shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: 'Stop sharing' });
    await expect.poll(() => indicator.textContent(), { timeout: 5000 }).toContain('Sharing this page with Alice (Support)');
    expect(await indicator.textContent()).toContain('Ends in 30 min');
    await agent.nextJson('expiry');
    await indicator.getByRole('button', { name: 'Extend' }).click();
    expect((await agent.nextJson('expiry'))['expiresInMs']).toBeGreaterThan(29 * 60_000);
    expect((await axeViolations(shopper, '.panel')).violations.map((v) => v.id)).toEqual([]);

    // "What can they see?" outlines every masked field, including the card number.
    await indicator.getByRole('button', { name: 'What can they see?' }).click();
    const outlines = shopper.locator('[data-lookalong-ui] .masked-outline');
    await expect.poll(() => outlines.count()).toBeGreaterThanOrEqual(8);
    const card = (await shopper.locator('#card-number').boundingBox())!;
    const boxes = await outlines.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
    expect(boxes.some((b) => Math.abs(b.x - card.x) < 1 && Math.abs(b.y - card.y) < 1 && Math.abs(b.width - card.width) < 1)).toBe(true);
    agent.close();
  });
});
