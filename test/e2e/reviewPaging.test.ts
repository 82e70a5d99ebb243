/**
 * The review page past one page of recordings: 101 recorded sessions (real sockets), the list
 * shows the newest 100 and "Show older recordings" brings the last one, then goes away.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { consentedSession, recordingStored } from '../helpers/recordedSession';

const SESSIONS = 101;

describe('the review page lists recordings page by page', () => {
  const ctx = withServerAndBrowser({
    LOOKALONG_RECORDINGS: 'demo=30',
    LOOKALONG_RECORDING_KEY: 'a7'.repeat(32),
    LOOKALONG_RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'lookalong-e2e-paging-')),
    LOOKALONG_HELP_REQUESTS_PER_IP: '1000',
    LOOKALONG_SITES: JSON.stringify({ demo: ['self', 'http://127.0.0.1:*'] }),
  });

  it('shows the newest 100, then the older one on "Show older recordings"', { timeout: 120_000 }, async () => {
    let oldest = '';
    for (let n = 0; n < SESSIONS; n++) {
      const { shopper, agent, stream, recording } = await consentedSession(ctx.server, true);
      shopper.sendEvent(stream, 0, { type: 4, data: { href: 'https://shop.example/', width: 800, height: 600 }, timestamp: Date.now() }, 2);
      shopper.sendJson({ t: 'stop' });
      // A viewer with the frame still queued is cut off at once (4000) rather than told.
      await agent.closed;
      const id = recording!['id'] as string;
      await recordingStored(ctx.server.auditFile, id);
      if (n === 0) oldest = id;
      shopper.close();
      agent.close();
    }
    const page = await (await ctx.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await page.goto(`${ctx.server.url}/agent/review/#token=${ctx.server.token({ role: 'supervisor' })}`);
    const rows = page.getByTestId('recording-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(100);
    expect(await page.locator(`[data-recording="${oldest}"]`).count()).toBe(0);
    const more = page.getByRole('button', { name: 'Show older recordings' });
    await more.click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(SESSIONS);
    expect(await page.locator(`[data-recording="${oldest}"]`).count()).toBe(1);
    expect(await more.isHidden()).toBe(true);
    await page.context().close();
  });
});
