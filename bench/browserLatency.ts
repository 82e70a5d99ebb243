/**
 * End-to-end latencies in real Chromium on loopback, shopper and agent in two browser
 * contexts of one browser (one clock: `performance.timeOrigin + performance.now()`):
 * - a DOM mutation on the shopper's page → the node present in the agent's replay iframe;
 * - a highlight drawn in the console (mouse up) → the mark present in the shopper's overlay,
 *   and painted (the next animation frame after it was inserted).
 */
import type { Page } from 'playwright-core';
import { signAgentToken } from '../server/src/auth/agentToken';
import { launchChromium } from '../test/helpers/chromium';
import { percentile } from './relayMeasurements';
import { BENCH_SECRET, spawnLookalongRelay } from './relayProcess';

/** p50/p99 of one latency, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p99: number;
  samples: number;
}

/** What the browser latency section measured. */
export interface BrowserLatencyResult {
  mutationToReplay: LatencySummary;
  annotationToOverlay: LatencySummary;
  annotationToPaint: LatencySummary;
}

const MUTATIONS = 300;
const MUTATION_GAP_MS = 40;
const ANNOTATIONS = 60;

function summarise(values: number[]): LatencySummary {
  return { p50: percentile(values, 0.5), p99: percentile(values, 0.99), samples: values.length };
}

/** In the agent page: records when each `#lat-N` node first appears in the replay iframe. */
function watchReplay(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __latSeen: Record<string, number> }).__latSeen = seen;
    let watched: Document | null = null;
    const observer = new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          // The nodes belong to the iframe's realm: `instanceof Element` would be false.
          const id = node.nodeType === Node.ELEMENT_NODE ? (node as Element).id : '';
          if (id.startsWith('lat-') && !(id in seen)) seen[id] = at;
        }
      }
    });
    // The replay iframe is recreated at checkpoints: follow whichever is current.
    // (No named inner functions: tsx's keepNames would reference a helper the page lacks.)
    setInterval(() => {
      const doc = document.querySelector<HTMLIFrameElement>('.replayer-wrapper iframe')?.contentDocument ?? null;
      if (doc && doc !== watched) {
        observer.disconnect();
        observer.observe(doc, { childList: true, subtree: true });
        watched = doc;
        // A rebuilt replay (new checkpoint) already holds nodes no observer saw being added.
        const at = performance.timeOrigin + performance.now();
        for (const node of doc.querySelectorAll('[id^="lat-"]')) if (!(node.id in seen)) seen[node.id] = at;
      }
    }, 20);
  });
}

/** In the shopper page: records when each overlay mark is inserted and when it is first painted. */
function watchOverlay(page: Page): Promise<void> {
  return page.evaluate(() => {
    const inserted: number[] = [];
    const painted: number[] = [];
    Object.assign(window, { __marksInserted: inserted, __marksPainted: painted });
    const root = document.querySelector('[data-lookalong-ui]');
    const shadow = [root, ...(root?.querySelectorAll('*') ?? [])].map((e) => e?.shadowRoot).find(Boolean);
    if (!shadow) throw new Error('SDK shadow root not found');
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      const added = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && n.hasAttribute('data-mark')));
      if (!added) return;
      inserted.push(at);
      requestAnimationFrame(() => painted.push(performance.timeOrigin + performance.now()));
    }).observe(shadow, { childList: true, subtree: true });
  });
}

async function measureMutations(shopper: Page, agent: Page): Promise<number[]> {
  const sentAt: number[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    sentAt.push(
      await shopper.evaluate((n) => {
        const span = document.createElement('span');
        span.id = `lat-${n}`;
        span.textContent = String(n);
        const at = performance.timeOrigin + performance.now();
        document.body.append(span);
        return at;
      }, i),
    );
    await shopper.waitForTimeout(MUTATION_GAP_MS);
  }
  await agent.waitForFunction((n) => Object.keys((window as unknown as { __latSeen: object }).__latSeen).length >= n, MUTATIONS, { timeout: 20_000 });
  const seen = await agent.evaluate(() => (window as unknown as { __latSeen: Record<string, number> }).__latSeen);
  return sentAt.map((at, i) => seen[`lat-${i}`]! - at);
}

async function measureAnnotations(shopper: Page, agent: Page): Promise<{ inserted: number[]; painted: number[] }> {
  await agent.getByRole('button', { name: 'Highlight' }).click();
  await agent.evaluate(() => {
    const ups: number[] = [];
    Object.assign(window, { __ups: ups });
    window.addEventListener('mouseup', () => ups.push(performance.timeOrigin + performance.now()), { capture: true });
  });
  const canvas = await agent.locator('#draw-canvas').boundingBox();
  if (!canvas) throw new Error('drawing canvas not visible');
  for (let i = 0; i < ANNOTATIONS; i++) {
    const x = canvas.x + 20 + (i % 10) * 40;
    const y = canvas.y + 20 + Math.floor(i / 10) * 40;
    await agent.mouse.move(x, y);
    await agent.mouse.down();
    await agent.mouse.move(x + 30, y + 25, { steps: 2 });
    await agent.mouse.up();
    await shopper.waitForFunction((n) => (window as unknown as { __marksPainted: number[] }).__marksPainted.length > n, i, { timeout: 5000 });
  }
  const ups = await agent.evaluate(() => (window as unknown as { __ups: number[] }).__ups);
  const { inserted, painted } = await shopper.evaluate(() => ({
    inserted: (window as unknown as { __marksInserted: number[] }).__marksInserted,
    painted: (window as unknown as { __marksPainted: number[] }).__marksPainted,
  }));
  return { inserted: inserted.map((at, i) => at - ups[i]!), painted: painted.map((at, i) => at - ups[i]!) };
}

/** Runs the demo shop and the real console in Chromium and measures both latencies. */
export async function measureBrowserLatency(): Promise<BrowserLatencyResult> {
  const relay = await spawnLookalongRelay();
  const browser = await launchChromium();
  try {
    const shopper = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await shopper.goto(`${relay.origin}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    await shopper.click('#get-help');
    const code = ((await shopper.locator('[data-lookalong-ui] .code').textContent({ timeout: 10_000 })) ?? '').replace(/\s/g, '');
    const agent = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const token = signAgentToken({ sub: 'bench-agent', name: 'Bench', org: 'Support' }, BENCH_SECRET, 3600);
    await agent.goto(`${relay.origin}/agent/?code=${code}&lang=en#token=${token}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await agent.frameLocator('.replayer-wrapper iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 15_000 });
    await watchReplay(agent);
    await watchOverlay(shopper);
    const mutations = await measureMutations(shopper, agent);
    const marks = await measureAnnotations(shopper, agent);
    return { mutationToReplay: summarise(mutations), annotationToOverlay: summarise(marks.inserted), annotationToPaint: summarise(marks.painted) };
  } finally {
    await browser.close();
    relay.stop();
  }
}
