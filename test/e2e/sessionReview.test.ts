/**
 * The review page in Chromium, over a real recorded session: a shopper switches the recording
 * on, Alice draws a highlight, the shopper stops; a supervisor then finds the recording in the
 * list, plays it with rrweb-player (the shop's own text in the replay), sees the timeline's
 * markers, and the highlight appears over the replay at the time it was drawn — not before.
 * Watching is audited; an agent-role token is refused in words.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { highlightElement } from '../helpers/consoleDrawing';
import { auditEntries, recordingStored } from '../helpers/recordedSession';
import { openSharedSession } from '../helpers/sharedBrowserSession';

const REPLAY = '[data-testid="review-player"] iframe';
const MARKS = '[data-testid="review-marks"] > *';

describe('the review page', () => {
  const ctx = withServerAndBrowser({ LOOKALONG_RECORDINGS: 'demo=30', LOOKALONG_RECORDING_KEY: 'f6'.repeat(32), LOOKALONG_RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'lookalong-e2e-review-')) });
  let recordingId = '';

  /** Records one session of the demo shop's checkout with a highlight on the order button, about 2 s in. */
  async function recordSession(): Promise<string> {
    const session = await openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${ctx.server.url}/demo/checkout.html`,
      shopperViewport: { width: 1200, height: 800 },
      agentViewport: { width: 1200, height: 850 },
      beforeAllow: ({ shopper }) => shopper.getByRole('alertdialog').getByRole('checkbox', { name: /record/ }).check(),
    });
    try {
      await session.agent.frameLocator('#replay-root iframe').getByText('Delivery details').waitFor({ timeout: 10_000 });
      await session.shopper.locator('#place-order').scrollIntoViewIfNeeded();
      await session.shopper.waitForTimeout(1500);
      await highlightElement(session.agent, '#place-order');
      await session.shopper.locator('[data-lookalong-ui] [data-mark="rect"]').waitFor({ timeout: 5000 });
      await session.shopper.waitForTimeout(1500);
      await session.shopper.getByRole('button', { name: 'Stop sharing' }).click();
      const id = auditEntries(ctx.server.auditFile).find((e) => e.type === 'recording.started')!.detail!['recording'] as string;
      await recordingStored(ctx.server.auditFile, id);
      return id;
    } finally {
      await session.close();
    }
  }

  /** The review page signed in with `token`. */
  async function openReview(token: string, query = ''): Promise<Page> {
    const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 950 } })).newPage();
    await page.goto(`${ctx.server.url}/agent/review/${query}#token=${token}`);
    return page;
  }

  it('lists the recording and plays it: the shop\'s text, the markers, the highlight at its time', { timeout: 90_000 }, async () => {
    recordingId = await recordSession();
    const review = await openReview(ctx.server.token({ role: 'supervisor', sub: 'sup-sam', name: 'Sam' }));
    try {
      const row = review.getByTestId('recording-row');
      await row.first().waitFor({ timeout: 10_000 });
      expect(await row.count()).toBe(1);
      expect(await row.first().textContent()).toContain('demo');
      expect(await row.first().textContent()).toContain('Alice');
      await row.first().getByRole('button').first().click();
      await review.frameLocator(REPLAY).getByText('Delivery details').first().waitFor({ timeout: 15_000 });

      const markers = review.getByTestId('review-marker');
      await expect.poll(() => markers.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      const markerTexts = (await markers.allTextContents()).join(' | ');
      for (const word of [/consent|allow/i, /Alice/, /mark|highlight/i, /stop/i]) expect(markerTexts).toMatch(word);

      // At the consent there is no mark yet; at the mark's marker the highlight is drawn over the order button.
      await markers.filter({ hasText: /consent|allow/i }).first().click();
      await expect.poll(() => review.locator(MARKS).count(), { timeout: 5000 }).toBe(0);
      await markers.filter({ hasText: /mark|highlight/i }).first().click();
      await expect.poll(() => review.locator(MARKS).count(), { timeout: 5000 }).toBeGreaterThan(0);
      const drawn = (await review.locator(MARKS).first().boundingBox())!;
      const button = (await review.frameLocator(REPLAY).locator('#place-order').boundingBox())!;
      const overlap = Math.max(0, Math.min(drawn.x + drawn.width, button.x + button.width) - Math.max(drawn.x, button.x)) * Math.max(0, Math.min(drawn.y + drawn.height, button.y + button.height) - Math.max(drawn.y, button.y));
      expect(overlap / (button.width * button.height)).toBeGreaterThan(0.5);

      // The replay stays sandboxed without scripts.
      expect(await review.locator(REPLAY).getAttribute('sandbox')).not.toContain('allow-scripts');
      expect(auditEntries(ctx.server.auditFile).filter((e) => e.type === 'recording.viewed')).toMatchObject([{ actor: 'sup-sam', detail: { recording: recordingId } }]);
    } finally {
      await review.context().close();
    }
  });

  it('opens a deep link in Chinese, and tells an agent-role token in words that recordings are not theirs', { timeout: 60_000 }, async () => {
    const zh = await openReview(ctx.server.token({ role: 'admin' }), `?id=${recordingId}&lang=zh-CN`);
    try {
      await zh.frameLocator(REPLAY).getByText('Delivery details').first().waitFor({ timeout: 15_000 });
      expect(await zh.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await zh.locator('body').textContent()).toMatch(/录制/);
    } finally {
      await zh.context().close();
    }
    const agent = await openReview(ctx.server.token({ role: 'agent' }));
    try {
      await agent.getByTestId('review-error').waitFor({ state: 'visible', timeout: 10_000 });
      expect(await agent.getByTestId('review-error').textContent()).toMatch(/supervisors and admins/);
      expect(await agent.getByTestId('recording-row').count()).toBe(0);
    } finally {
      await agent.context().close();
    }
  });
});
