/**
 * View-only, proven in the agent's console (invariant 3c), in real Chromium: a hostile shop
 * page (inline scripts, `on*` handlers, `javascript:` links, srcdoc and `javascript:` iframes,
 * CSS `url(javascript:…)`, `<svg><script>`, `<object data>`, forms posting to `javascript:`)
 * is recorded by the real SDK and replayed in the real console — and a hand-made recording
 * carrying what the SDK would have dropped (script bodies, meta refresh, `<base href>`, a
 * sandbox attribute asking for scripts) is sent straight to the relay. The replay is then made
 * to take pointer events and is hovered, clicked, pressed Enter/Space on and sent synthetic
 * events. Nothing may execute there: a trap in every frame of the agent's browser counts any
 * payload run, and no trap beacon, trap log, dialog, popup or navigation may happen. On the
 * shopper's side, and in a plain page of the agent's browser, the same payloads do run: the
 * traps are live.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { FrameKind } from '../../protocol/envelope';
import { withServerAndBrowser } from '../helpers/browserTest';
import { craftedHostileRecording } from '../helpers/craftedRecording';
import { agentTrapHits, watchAgent } from '../helpers/agentWatch';
import { installExecutionTrap, TRAP_PATH } from '../helpers/executionTrap';
import { connectClient } from '../helpers/relayClient';
import { pokeReplay } from '../helpers/replayPoking';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';

/** Payloads that must run on the shopper's side (where page scripts are allowed): proof the trap is live. */
const SHOPPER_SIDE_MUST_RUN = ['head-script', 'inline-script', 'body-onload', 'img-onerror', 'img-onload', 'svg-script', 'srcdoc-script', 'ontoggle', 'late-img-onerror', 'onclick', 'onmouseover', 'js-link'];

/** Replayed elements the test hovers and clicks. */
const HOSTILE_TARGETS = ['#onclick-button', '#hover-zone', '#js-link', '#js-link-mixed-case', '#top-link', '#blank-link', '#js-form-submit', '#top-form-submit', '#img-onerror', '#svg-onload', '#late-button', '#late', '.css-js', '#autofocus'];
const CRAFTED_TARGETS = ['#crafted-target', '#crafted-button', '#crafted-link', '#crafted-top-link', '#crafted-input', '#crafted-submit'];

/** The replay iframe's sandbox must not allow scripts (the CSP that backs it up is checked in test/integration/http.test.ts). */
async function expectReplaySandboxed(page: Page): Promise<void> {
  const sandbox = await page.locator('#replay-root iframe').getAttribute('sandbox');
  expect(sandbox?.split(/\s+/)).toEqual(['allow-same-origin']);
}

describe('hostile pages replayed in the agent console', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;

  beforeAll(async () => {
    shop = await startStaticShop(join(import.meta.dirname, '../fixtures/hostile-shop'), ctx.server.url);
  });
  afterAll(() => shop?.close());

  it('records a hostile shop page with the real SDK and replays it: nothing runs in the console, the page text shows', async () => {
    const shopperContext = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await shopperContext.addInitScript(installExecutionTrap);
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${shop.url}/index.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agentContext = await ctx.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const agent = await watchAgent(agentContext, `${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    const replay = agent.page.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    await replay.getByText('Late offer').waitFor({ timeout: 10_000 });
    await replay.frameLocator('#srcdoc-frame').getByText('Framed text').waitFor({ timeout: 10_000 });

    await pokeReplay(agent.page, HOSTILE_TARGETS);
    await new Promise((r) => setTimeout(r, 1000));

    expect(await agentTrapHits(agent.page)).toEqual([]);
    expect(agent.incidents).toEqual([]);
    expect(agent.page.url()).toBe(agent.consoleUrl);
    await expectReplaySandboxed(agent.page);
    expect(await replay.getByRole('heading', { name: 'Hostile shop' }).isVisible()).toBe(true);
    expect(await replay.getByText('Linen Throw Blanket').isVisible()).toBe(true);

    // The same payloads on the shopper's side, where the page's own scripts may run: the trap is live.
    await shopper.locator('#onclick-button').click();
    await shopper.locator('#hover-zone').hover();
    await shopper.locator('#js-link').click();
    // A javascript: link runs after the click returns (a navigation task): wait for it rather than race it.
    const notRun = async (): Promise<string[]> => {
      const shopperHits = await shopper.evaluate(() => window.__lookalongTrapHits ?? []);
      const ran = new Set(shopperHits.map((hit) => hit.slice(hit.indexOf(':') + 1)));
      return SHOPPER_SIDE_MUST_RUN.filter((label) => !ran.has(label));
    };
    await expect.poll(notRun, { timeout: 5000 }).toEqual([]);
    await shopperContext.close();
    await agentContext.close();
  }, 60_000);

  it('replays a hand-made hostile recording sent straight to the relay: nothing runs, nothing navigates', async () => {
    const shopper = await connectClient(ctx.server.wsUrl('/ws/shopper?site=demo'), ctx.server.url);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const session = await shopper.nextJson('session');
    const agentContext = await ctx.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const agent = await watchAgent(agentContext, `${ctx.server.url}/agent/?code=${String(session['code'])}#token=${ctx.server.token()}`);
    const request = await shopper.nextJson('join-request', 10_000);
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
    await shopper.nextJson('state');
    const stream = session['stream'] as number;
    craftedHostileRecording(shop.url).forEach((event, seq) => shopper.sendEvent(stream, seq, event, seq === 0 ? FrameKind.checkpoint : FrameKind.event));

    const replay = agent.page.frameLocator('#replay-root iframe');
    await replay.getByText('Crafted hostile page').waitFor({ timeout: 10_000 });
    // The mutations arrived too (their image is in the replay), so every payload is in play.
    await replay.locator('img[src$="/missing-late.png"]').waitFor({ state: 'attached', timeout: 10_000 });
    await pokeReplay(agent.page, CRAFTED_TARGETS);
    await new Promise((r) => setTimeout(r, 1000));

    expect(await agentTrapHits(agent.page)).toEqual([]);
    expect(agent.incidents).toEqual([]);
    expect(agent.page.url()).toBe(agent.consoleUrl);
    expect(await agent.page.locator('#page-url a').count()).toBe(0);
    expect(await replay.getByText('Crafted hostile page').isVisible()).toBe(true);
    await expectReplaySandboxed(agent.page);
    shopper.close();
    await agentContext.close();
  }, 60_000);

  it('control: the same watchers do see payloads that run, in a page of the agent browser outside the console', async () => {
    const context = await ctx.browser.newContext();
    const watch = await watchAgent(context, `${shop.url}/index.html`);
    await watch.page.locator('#onclick-button').click();
    await expect.poll(() => watch.page.evaluate(() => window.__lookalongTrapHits!.length)).toBeGreaterThan(10);
    await expect.poll(() => watch.incidents.some((incident) => incident.startsWith(`request ${shop.url}${TRAP_PATH}`))).toBe(true);
    expect(watch.incidents.some((incident) => incident.startsWith('console lookalong-trap-ran:'))).toBe(true);
    await context.close();
  });
});
