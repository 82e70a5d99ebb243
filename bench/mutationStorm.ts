/**
 * A mutation storm on a shared page: the demo shop inserts 10,000 nodes in one task while
 * Lookalong records it, and while nobody watches (the same page, not shared). Measures the
 * page's longest task around the storm and, when shared, how long until the agent's replay
 * holds every node. Medians of repeated runs.
 */
import type { Page } from 'playwright-core';
import { signAgentToken } from '../server/src/auth/agentToken';
import { launchChromium } from '../test/helpers/chromium';
import { openSharedSession } from '../test/helpers/sharedBrowserSession';
import { median } from './relayMeasurements';
import { BENCH_SECRET, spawnLookalongRelay } from './relayProcess';

const NODES = 10_000;
const RUNS = 3;
const SHOPPER_VIEWPORT = { width: 1280, height: 720 };

/** Medians of one storm, shared and not. */
export interface MutationStormResult {
  nodes: number;
  longestTaskMsShared: number;
  longestTaskMsAlone: number;
  replayCompleteMs: number;
}

/** Inserts the storm and returns the page's longest task (ms) in the second around it. */
async function storm(page: Page): Promise<number> {
  await page.evaluate(() => {
    const seen: number[] = [];
    Object.assign(window, { __stormTasks: seen });
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({ type: 'longtask' });
  });
  await page.evaluate((count) => {
    const box = document.createElement('div');
    box.id = 'storm';
    for (let i = 0; i < count; i++) {
      const span = document.createElement('span');
      span.textContent = `item ${i} `;
      box.append(span);
    }
    document.body.append(box);
  }, NODES);
  await page.waitForTimeout(1000);
  return Math.max(0, ...(await page.evaluate(() => (window as unknown as { __stormTasks: number[] }).__stormTasks)));
}

/** Runs the storm shared and alone, `RUNS` times each, interleaved. */
export async function measureMutationStorm(): Promise<MutationStormResult> {
  const relay = await spawnLookalongRelay();
  const browser = await launchChromium();
  const shared: number[] = [];
  const alone: number[] = [];
  const complete: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const lone = await (await browser.newContext({ viewport: SHOPPER_VIEWPORT })).newPage();
      await lone.goto(`${relay.origin}/demo/`);
      alone.push(await storm(lone));
      await lone.context().close();

      const { shopper, agent, close } = await openSharedSession({
        browser,
        lookalongUrl: relay.origin,
        agentToken: signAgentToken({ sub: 'bench-agent', name: 'Bench' }, BENCH_SECRET, 3600),
        pageUrl: `${relay.origin}/demo/`,
        shopperViewport: SHOPPER_VIEWPORT,
        agentViewport: { width: 1400, height: 1000 },
      });
      const replay = agent.frameLocator('#replay-root iframe');
      await replay.getByText('Linen Throw Blanket').first().waitFor({ timeout: 15_000 });
      await shopper.waitForTimeout(1000);
      const started = Date.now();
      const longest = storm(shopper);
      await replay.locator('#storm span').nth(NODES - 1).waitFor({ timeout: 30_000 });
      complete.push(Date.now() - started);
      shared.push(await longest);
      await close();
    }
  } finally {
    await browser.close();
    relay.stop();
  }
  return { nodes: NODES, longestTaskMsShared: median(shared), longestTaskMsAlone: median(alone), replayCompleteMs: median(complete) };
}

/** Report lines of the section. */
export function mutationStormReport(result: MutationStormResult): string[] {
  return [
    `## Mutation storm (${result.nodes.toLocaleString('en')} nodes inserted in one task on the demo shop, median of ${RUNS})\n`,
    '| measure | shared with an agent | not shared | shared − not shared |',
    '|---|---:|---:|---:|',
    `| the page's longest task around the storm (ms) | ${result.longestTaskMsShared.toFixed(0)} | ${result.longestTaskMsAlone.toFixed(0)} | ${(result.longestTaskMsShared - result.longestTaskMsAlone).toFixed(0)} |`,
    `| storm → every node in the agent's replay (ms) | ${result.replayCompleteMs.toFixed(0)} | — | — |`,
    '',
    'The storm task itself holds rrweb\'s synchronous mutation processing; the SDK sanitises, serialises and compresses a mutation of 500 added nodes or more in a task of its own after it.\n',
  ];
}
