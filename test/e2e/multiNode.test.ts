/**
 * Two server processes on different ports sharing one Redis: the shopper on node A's demo
 * shop, the agent's console on node B, in Chromium. The whole flow crosses nodes: consent,
 * live replay (masked typing), a Highlight drawn on node B appearing on the shopper's page on
 * node A, and Stop on node A ending the agent's view on node B with nothing delivered after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signAgentToken } from '../../server/src/auth/agentToken';
import { intersectionOverUnion, launchChromium } from '../helpers/chromium';
import { highlightElement } from '../helpers/consoleDrawing';
import { freePort, startRedisServer, uniquePrefix, type RedisServer } from '../helpers/redisServer';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { TEST_JWT_SECRET } from '../helpers/testServer';

describe('two server processes, one Redis: shopper on node A, agent on node B', () => {
  let redis: RedisServer;
  let a: ServerProcess;
  let b: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    redis = await startRedisServer();
    const [portA, portB] = [await freePort(), await freePort()];
    const origins = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    // As docs/operations.md "Scaling out": every node gets the same sites, origins and Redis.
    const shared = {
      LOOKALONG_REDIS_URL: redis.url,
      LOOKALONG_REDIS_PREFIX: uniquePrefix('e2e'),
      LOOKALONG_SITES: JSON.stringify({ demo: origins }),
      LOOKALONG_AGENT_ORIGINS: origins.join(','),
      LOOKALONG_LOG_LEVEL: 'warn',
    };
    [a, b] = await Promise.all([
      startServerProcess({ ...shared, PORT: String(portA), LOOKALONG_NODE_ID: 'e2e-a', LOOKALONG_PUBLIC_URL: origins[0]! }),
      startServerProcess({ ...shared, PORT: String(portB), LOOKALONG_NODE_ID: 'e2e-b', LOOKALONG_PUBLIC_URL: origins[1]! }),
    ]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([a?.kill(), b?.kill()]);
    await redis?.close();
  });

  it('runs the full flow across nodes, including a highlight and Stop', async () => {
    const shopper = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await shopper.goto(`${a.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agent = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    let binaryAfterStop = -1;
    let binaryFrames = 0;
    agent.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') binaryFrames += 1;
    }));
    const token = signAgentToken({ sub: 'alice', name: 'Alice', org: 'Support' }, TEST_JWT_SECRET, 3600);
    await agent.goto(`${b.url}/agent/?code=${code}#token=${token}`);
    const dialog = shopper.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Alice (Support) wants to see this page');
    await dialog.getByRole('button', { name: 'Allow' }).click();

    const replay = agent.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.locator('#status').textContent()).toContain('Live');
    await shopper.fill('#account-email', 'cross.node@example.org');
    await expect.poll(() => replay.locator('#account-email').inputValue(), { timeout: 5000 }).toBe('*'.repeat('cross.node@example.org'.length));

    // A Highlight drawn in the console on node B appears over the same element on node A's page.
    await highlightElement(agent, '#account-email');
    const mark = shopper.locator('[data-lookalong-ui] [data-mark="rect"]');
    await mark.waitFor({ timeout: 5000 });
    expect(intersectionOverUnion((await mark.boundingBox())!, (await shopper.locator('#account-email').boundingBox())!)).toBeGreaterThan(0.5);

    // Stop on node A ends the view on node B; nothing is delivered after it.
    await shopper.getByRole('button', { name: 'Stop sharing' }).click();
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('The shopper stopped sharing');
    binaryAfterStop = binaryFrames;
    await shopper.fill('#account-email', 'typed.after@stop.example');
    await shopper.mouse.wheel(0, 300);
    await shopper.waitForTimeout(800);
    expect(binaryFrames).toBe(binaryAfterStop);
    expect(await mark.count()).toBe(0);
    // Node B's queue no longer lists the session.
    const sessions = await fetch(`${b.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await sessions.json()) as { sessions: Array<{ code: string }> }).sessions.map((s) => s.code)).not.toContain(code);
  });
});
