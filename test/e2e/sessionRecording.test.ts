/**
 * The shopper's side of recordings in Chromium: a separate recording switch in the consent
 * dialog, off until the shopper turns it on (named "record" / "录制"); sharing without it keeps
 * 0 bytes; with it, what the shopper typed is nowhere in the recording, and after Stop the page
 * offers "Delete the recording" and one press deletes it.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { readRecordingBody } from '../../protocol/recording';
import { auditEntries, recordingStored } from '../helpers/recordedSession';
import { binaryFrameText } from '../helpers/recordedText';
import { findSecretsOnWire } from '../helpers/wireSecrets';
import { openSharedSession } from '../helpers/sharedBrowserSession';

const dir = mkdtempSync(join(tmpdir(), 'lookalong-e2e-recordings-'));
const SECRET_EMAIL = 'kept.secret.7731@example.com';
const SECRET_PASSWORD = 'Recorded-Hunter2-9931';

describe('recording consent on the shopper\'s page', () => {
  const ctx = withServerAndBrowser({ LOOKALONG_RECORDINGS: 'demo=30', LOOKALONG_RECORDING_KEY: 'd4'.repeat(32), LOOKALONG_RECORDINGS_DIR: dir });
  const recordingSwitch = (shopper: Page) => shopper.getByRole('alertdialog').getByRole('checkbox', { name: /record/ });

  /** A session of the demo shop; `tick` turns the recording switch on before Allow. */
  const share = (tick: boolean) =>
    openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${ctx.server.url}/demo/`,
      shopperViewport: { width: 1200, height: 800 },
      agentViewport: { width: 1100, height: 800 },
      beforeAllow: async ({ shopper }) => {
        const box = recordingSwitch(shopper);
        await box.waitFor({ timeout: 10_000 });
        expect(await box.isChecked()).toBe(false);
        expect(await shopper.getByRole('alertdialog').textContent()).toContain('Also keep a recording of this session for 30 days (for quality and disputes)');
        if (tick) await box.check();
      },
    });

  it('shares without keeping anything when the switch stays off (0 bytes stored)', { timeout: 60_000 }, async () => {
    const session = await share(false);
    try {
      await session.agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
      await session.shopper.getByRole('button', { name: 'Stop sharing' }).click();
      await expect.poll(() => auditEntries(ctx.server.auditFile).filter((e) => e.type === 'session.ended').length).toBe(1);
      expect(readdirSync(dir)).toEqual([]);
      expect(auditEntries(ctx.server.auditFile).find((e) => e.type === 'consent.granted')!.detail).toMatchObject({ record: false });
      await expect.poll(() => session.shopper.getByText('Sharing stopped.').count()).toBe(1);
      expect(await session.shopper.getByRole('button', { name: 'Delete the recording' }).count()).toBe(0);
    } finally {
      await session.close();
    }
  });

  it('records with the switch on; after Stop one press of "Delete the recording" deletes it', { timeout: 60_000 }, async () => {
    const session = await share(true);
    try {
      await session.agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
      await expect.poll(() => auditEntries(ctx.server.auditFile).find((e) => e.type === 'recording.started')?.detail?.['recording']).toBeTruthy();
      const id = auditEntries(ctx.server.auditFile).find((e) => e.type === 'recording.started')!.detail!['recording'] as string;
      // The shopper types secrets while recorded: the recording holds the masked page only.
      await session.shopper.locator('#account-email').fill(SECRET_EMAIL);
      await session.shopper.locator('#account-password').fill(SECRET_PASSWORD);
      await expect.poll(() => session.agentFrames.filter((frame) => /"source":5\b/.test(frame)).length, { timeout: 5000 }).toBeGreaterThan(1);
      await session.shopper.getByRole('button', { name: 'Stop sharing' }).click();
      await recordingStored(ctx.server.auditFile, id);
      expect(readdirSync(dir)).toContain(id);
      const response = await fetch(`${ctx.server.url}/api/recordings/${id}`, { headers: { Authorization: `Bearer ${ctx.server.token({ role: 'supervisor' })}` } });
      const kept = readRecordingBody(await response.json()).items.map((item) => (item.kind === 'frame' ? binaryFrameText(Buffer.from(item.data, 'base64')) : JSON.stringify(item)));
      expect(kept.length).toBeGreaterThan(2);
      expect(findSecretsOnWire(kept, [SECRET_EMAIL, SECRET_PASSWORD])).toEqual([]);
      // The typing itself was kept, masked (rrweb input events, IncrementalSource.Input = 5).
      expect(kept.filter((text) => /"source":5\b/.test(text)).length).toBeGreaterThan(0);
      const deleteButton = session.shopper.getByRole('button', { name: 'Delete the recording' });
      await deleteButton.click({ timeout: 5000 });
      await session.shopper.getByText('The recording is deleted.').waitFor({ timeout: 5000 });
      expect(readdirSync(dir)).not.toContain(id);
      expect(auditEntries(ctx.server.auditFile).filter((e) => e.type === 'recording.deleted')).toMatchObject([{ actor: 'shopper', detail: { recording: id } }]);
    } finally {
      await session.close();
    }
  });

  it('names the switch 录制 for a Chinese shopper, and a page script cannot tick it', { timeout: 60_000 }, async () => {
    const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport: { width: 1000, height: 800 } });
    try {
      const shopper = await context.newPage();
      await shopper.goto(`${ctx.server.url}/demo/`);
      await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
      const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
      const agent = await (await ctx.browser.newContext()).newPage();
      await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
      const box = shopper.getByRole('alertdialog').getByRole('checkbox', { name: /录制/ });
      await box.waitFor({ timeout: 10_000 });
      expect(await shopper.getByRole('alertdialog').textContent()).toContain('同时保留本次会话的录制 30 天');
      // A synthetic click (not a trusted user event) leaves it off.
      await box.dispatchEvent('click');
      expect(await box.isChecked()).toBe(false);
      await agent.context().close();
    } finally {
      await context.close();
    }
  });
});
