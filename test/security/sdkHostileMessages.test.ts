/**
 * View-only, proven in the SDK (invariant 3b), in real Chromium: a shop page with the real SDK
 * talks to a compromised relay that completes the handshake like the real one (the test clicks
 * Allow with a real, trusted click) and then floods 10,000 random and hostile messages down the
 * agent → shopper path. Nothing may happen to the page: no DOM change outside the SDK's own
 * host, no navigation, no new network request, no script run, no input event, no prototype
 * pollution, no console error or uncaught exception — and the valid marks are still drawn.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seededRandom } from '../../bench/seededRandom';
import { launchChromium } from '../helpers/chromium';
import { hostileFlood } from '../helpers/hostileFlood';
import { askConsentAsRelay, goLiveAsRelay, HOSTILE_SESSION, startHostileRelay, type HostileLink, type HostileRelay } from '../helpers/hostileRelay';
import { HOSTILE_STRINGS } from '../helpers/hostileValues';
import { installAttackTraps } from '../helpers/pageAttackTraps';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';

const FLOOD_SIZE = 10_000;
const SEED = 0x5eed_0006;
const VALID_AGENT = { id: 'agent-valid', name: 'Valid Agent' };
const { stream } = HOSTILE_SESSION;

/** A valid mark of every kept shape, by VALID_AGENT. */
function validMarks(prefix: string): string[] {
  const box = { x: 40, y: 300, w: 240, h: 120 };
  const base = { color: '#00a37a', stream, anchor: null, box };
  return [
    { ...base, id: `${prefix}-rect`, shape: 'rect' },
    { ...base, id: `${prefix}-arrow`, shape: 'arrow', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }] },
    { ...base, id: `${prefix}-pen`, shape: 'pen', points: [{ x: 0, y: 0 }, { x: 0.5, y: 1 }, { x: 1, y: 0 }] },
    { ...base, id: `${prefix}-text`, shape: 'text', text: 'Apply the coupon here' },
    { ...base, id: `${prefix}-element`, shape: 'element' },
  ].map((annotation) => JSON.stringify({ t: 'annotation', op: 'add', annotation, by: VALID_AGENT }));
}

describe('SDK under a flood of hostile messages from a compromised relay', () => {
  let browser: Browser;
  let relay: HostileRelay;
  let shop: StaticShop;

  beforeAll(async () => {
    browser = await launchChromium();
    relay = await startHostileRelay();
    shop = await startStaticShop(join(import.meta.dirname, '../fixtures/hostile-shop'), relay.url);
  });
  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    await shop?.close();
  });

  /** Opens the shop page, asks for help and allows the hostile relay's agent with a trusted click: the page is live and recording. */
  async function openSharedPage(page: Page): Promise<HostileLink> {
    await page.goto(`${shop.url}/checkout.html`);
    await page.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const nextLink = relay.nextLink();
    void page.evaluate(() => window.Lookalong!.requestHelp());
    const link = await nextLink;
    await askConsentAsRelay(link);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await goLiveAsRelay(link);
    await link.framesAtLeast(2);
    return link;
  }

  it(`survives ${FLOOD_SIZE.toLocaleString('en')} hostile messages: nothing happens to the page, the valid marks are drawn`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(installAttackTraps);
    const page = await context.newPage();
    const errors: string[] = [];
    let warnings = 0;
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'warning') warnings += 1;
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    const popups: string[] = [];
    context.on('page', (popup) => popups.push(popup.url()));
    page.on('dialog', (dialog) => {
      popups.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });

    const link = await openSharedPage(page);
    const urlBefore = page.url();
    await page.evaluate(() => window.__attack!.arm());

    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (ws) => requests.push(`websocket ${ws.url()}`));
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    // The flood, with a few valid marks inside it and a full set at the end.
    const started = Date.now();
    const flood = hostileFlood(FLOOD_SIZE, stream, seededRandom(SEED));
    const midMarks = [2500, 5000, 7500].map((at, i) => [at, validMarks(`mid${i}`)[0]!] as const);
    for (const [at, mark] of [...midMarks].reverse()) flood.splice(at, 0, mark);
    for (const item of [...flood, ...validMarks('final')]) link.ws.send(item);
    // Messages are handled in order: once the last valid mark is drawn, every message has been.
    // (Polled with evaluate, not a locator: a locator would wait out any navigation an attack started.)
    const lastMarkDrawn = (): Promise<boolean> =>
      page.evaluate((name) => {
        const root = document.querySelector('[data-lookalong-ui]')?.firstElementChild?.shadowRoot;
        return [...(root?.querySelectorAll('[data-mark="element"] .mark-label') ?? [])].some((label) => label.textContent === name);
      }, VALID_AGENT.name).catch(() => false);
    let outcome = 'timeout';
    while (Date.now() - started < 40_000 && outcome === 'timeout') {
      if (page.url() !== urlBefore) outcome = `navigated to ${page.url()}`;
      else if (await lastMarkDrawn()) outcome = 'done';
      else await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = Date.now() - started;
    expect(outcome).toBe('done');
    const report = await page.evaluate(() => window.__attack!.report());

    // Everything that must not have happened, in one comparison so a failure shows all of it.
    const { drawnByLabel, ...traps } = report;
    expect({ ...traps, url: page.url(), navigations, requests, popups, errors }).toEqual({
      pwned: [],
      cspViolations: [],
      mutations: [],
      events: [],
      unloads: 0,
      scroll: { x: 0, y: 0 },
      href: urlBefore,
      prototypeChanges: [],
      inherited: [],
      cookie: '',
      localStorageKeys: 0,
      url: urlBefore,
      navigations: [],
      requests: [],
      popups: [],
      errors: [],
    });
    // Ignored messages are reported as warnings, one each at most.
    expect(warnings).toBeGreaterThan(FLOOD_SIZE / 2);
    expect(warnings).toBeLessThanOrEqual(FLOOD_SIZE);
    // The three valid marks inside the flood and the five after it were drawn.
    expect(drawnByLabel[VALID_AGENT.name]).toBe(3 + 5);
    expect(link.ws.readyState).toBe(link.ws.OPEN);
    expect(elapsed).toBeLessThan(45_000);

    // Inside the SDK's shadow root: only our own element kinds, no handlers, links or sources;
    // hostile notes and names are there as plain text.
    const overlay = await page.evaluate(() => {
      const root = document.querySelector('[data-lookalong-ui]')!.firstElementChild!.shadowRoot!;
      const elements = [...root.querySelectorAll('*')];
      return {
        tags: [...new Set(elements.map((e) => e.tagName.toLowerCase()))].sort(),
        badAttributes: elements.flatMap((e) =>
          e.getAttributeNames().filter((name) => /^on|href|src|action|formaction/i.test(name) || /url\(|javascript:|expression/i.test(e.getAttribute(name) ?? '')).map((name) => `${e.tagName}[${name}]`)),
        notes: [...root.querySelectorAll('.mark-note-text')].map((e) => ({ text: e.textContent, children: e.childElementCount })),
        labels: [...root.querySelectorAll('.mark-label')].map((e) => ({ text: e.textContent, children: e.childElementCount })),
      };
    });
    expect(overlay.tags.filter((tag) => !['button', 'circle', 'div', 'h2', 'p', 'polygon', 'polyline', 'span', 'svg'].includes(tag))).toEqual([]);
    expect(overlay.badAttributes).toEqual([]);
    expect(overlay.notes.length).toBeGreaterThan(1);
    for (const note of [...overlay.notes, ...overlay.labels]) expect(note.children).toBe(0);
    expect(overlay.notes.some((note) => HOSTILE_STRINGS.includes(note.text ?? ''))).toBe(true);
    expect(overlay.labels.some((label) => HOSTILE_STRINGS.some((s) => s.startsWith(label.text ?? '\u0000')))).toBe(true);
    await context.close();
  }, 60_000);

  it('keeps sharing when join requests pile up (hostile names included): answering the last one leaves the page recording', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(installAttackTraps);
    const page = await context.newPage();
    const link = await openSharedPage(page);
    await page.evaluate(() => window.__attack!.arm());
    const names = ['Bob', HOSTILE_STRINGS[0]!, 'Carol'];
    names.forEach((name, i) => link.ws.send(JSON.stringify({ t: 'join-request', requestId: `request-${i + 2}`, agent: { id: `agent-${i}`, name } })));
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('Carol');
    expect(await dialog.count()).toBe(1);
    await dialog.getByRole('button', { name: 'Allow' }).click();
    expect(await link.next('consent')).toMatchObject({ requestId: 'request-4', allow: true });

    // Still live: a change on the page is recorded and sent.
    const before = link.frames;
    await page.evaluate(() => (document.querySelector('#heading')!.textContent = 'Checkout — step 2'));
    await link.framesAtLeast(before + 1, 3000);
    const { pwned, mutations } = await page.evaluate(() => window.__attack!.report());
    expect(pwned).toEqual([]);
    expect(mutations).toEqual(['childList on <h1#heading>']);
    await context.close();
  });
});
