/**
 * Wire-leak corpus: every sensitive value in test/fixtures/leak-corpus is typed, selected or
 * preset on a real page shared with an agent; every WebSocket frame in both directions is
 * captured through CDP, plus a second viewer's frames after a forced full snapshot, and no
 * value may appear raw or JSON-escaped.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { connectClient } from '../helpers/relayClient';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';
import { captureFrames } from '../helpers/wireCapture';
import { recordedText } from '../helpers/recordedText';

interface CorpusCase {
  kind: string;
  mode: 'type' | 'select' | 'preset';
  selector: string;
  frame?: string;
  value?: string;
  secrets: string[];
}

const fixtureRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));
const corpus = JSON.parse(readFileSync(`${fixtureRoot}leak-corpus/corpus.json`, 'utf8')) as { page: string; cases: CorpusCase[] };

describe('wire-leak corpus', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;

  beforeAll(async () => {
    shop = await startStaticShop(fixtureRoot, ctx.server.url);
  });

  afterAll(() => shop?.close());

  it(`never puts any of the ${corpus.cases.length} kinds of sensitive value on the wire`, async () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(25);
    const shopper = await (await ctx.browser.newContext()).newPage();
    const shopperFrames = await captureFrames(shopper);
    // The shop lives on its own origin; the SDK comes from the Lookalong ctx.server.
    await shopper.goto(`${shop.url}${corpus.page.replace(/^\/fixtures/, '')}`);
    await shopper.locator('html[data-corpus-ready="true"]').waitFor({ state: 'attached' });
    await shopper.frameLocator('#corpus-frame').locator('body').waitFor();
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agent = await (await ctx.browser.newContext()).newPage();
    const agentFrames = await captureFrames(agent);
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await agent.frameLocator('#replay-root iframe').locator('#cc-number').waitFor({ timeout: 10_000 });

    for (const c of corpus.cases) {
      if (c.mode === 'preset') continue;
      const scope = c.frame ? shopper.frameLocator(c.frame) : shopper;
      const field = scope.locator(c.selector);
      if (c.mode === 'select') await field.selectOption({ value: c.value! });
      else await field.fill(c.value!);
    }
    await shopper.waitForTimeout(1000);

    // A second viewer joins late and forces a fresh full snapshot of the filled-in page.
    const second = await connectClient(ctx.server.wsUrl('/ws/agent'), ctx.server.url);
    second.sendJson(ctx.server.join(code, { sub: 'agent-bob', name: 'Bob' }));
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await second.nextJson('consent');
    const before = second.frames().length;
    second.sendJson({ t: 'resync' });
    await expect.poll(() => second.frames().slice(before).some((f) => f.kind === 2), { timeout: 5000 }).toBe(true);
    await shopper.waitForTimeout(500);

    const wire = [...shopperFrames, ...agentFrames, ...second.frames().map((f) => recordedText(f.payload))].join('\n');
    expect(shopperFrames.length).toBeGreaterThan(10);
    expect(wire).toContain('cc-number');
    const leaks: string[] = [];
    let secrets = 0;
    for (const c of corpus.cases) {
      for (const secret of c.secrets) {
        secrets += 1;
        const escaped = JSON.stringify(secret).slice(1, -1);
        if (wire.includes(secret) || wire.includes(escaped)) leaks.push(`${c.kind}: ${secret}`);
      }
    }
    console.log(`wire-leak corpus: ${corpus.cases.length} kinds, ${secrets} secret strings, ${wire.length} characters of frames, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);

    // The agent sees masked areas as masked, not as empty space.
    const replay = agent.frameLocator('#replay-root iframe');
    expect(await replay.locator('[data-lookalong-masked="block"]').count()).toBeGreaterThan(0);
    expect(await replay.locator('#cc-number').inputValue()).toBe('••••••');
    second.close();
  });
});
