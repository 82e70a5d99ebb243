/**
 * The relay restarts mid-session: it tells both browsers to reconnect (1012), saves the
 * session, and the next process resumes it. Both sides come back within 5 s and the replay
 * continues without a new consent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('relay restart', () => {
  const servers: TestServer[] = [];
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close().catch(() => undefined);
  });

  it('resumes shopper and agent within 5 s, without a new consent', async () => {
    const first = await startTestServer();
    servers.push(first);
    browser = await launchChromium();
    const shopper = await (await browser.newContext()).newPage();
    await shopper.goto(`${first.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const agent = await (await browser.newContext()).newPage();
    await agent.goto(`${first.url}/agent/?code=${code}#token=${first.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    const replay = agent.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });

    const restartedAt = Date.now();
    await first.close();
    const second = await startTestServer({
      PORT: String(first.port),
      LOOKALONG_AUDIT_FILE: first.auditFile,
      LOOKALONG_SESSION_STORE_FILE: first.sessionStoreFile,
    });
    servers.push(second);
    expect(second.restored).toBe(1);

    // The replay continues: typing after the restart reaches the agent, masked.
    await expect.poll(() => second.registry.findByCode(code)?.viewerCount ?? 0, { timeout: 5000 }).toBe(1);
    await expect.poll(() => second.counters.framesIn, { timeout: 5000 }).toBeGreaterThan(0);
    const resumedMs = Date.now() - restartedAt;
    await shopper.fill('#account-email', 'after.restart@example.org');
    await expect.poll(() => replay.locator('#account-email').inputValue(), { timeout: 5000 }).toBe('*'.repeat('after.restart@example.org'.length));
    console.log(`relay restart: shopper and agent resumed ${resumedMs} ms after the old relay began closing`);
    expect(resumedMs).toBeLessThan(5000);
    expect(await shopper.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => agent.locator('#status').textContent()).toContain('Live');
    expect(await shopper.getByRole('button', { name: 'Stop sharing' }).count()).toBe(1);
  });
});
