/**
 * Shopper cost (issue 12): what sharing costs the shopper's page, Lookalong against plain rrweb
 * on the same big storefront in the same run — main-thread time added, long tasks when
 * recording starts (also at 4× CPU slowdown), bytes on the wire, and the first view over two
 * emulated uplinks. Part of `npm run bench`; alone:
 *
 *   npm run bench -- --only shopper-cost        (or: npx tsx bench/shopperCost.ts, bundles built)
 */
import { pathToFileURL } from 'node:url';
import { signAgentToken } from '../server/src/auth/agentToken';
import { launchChromium } from '../test/helpers/chromium';
import { BENCH_SECRET, spawnLookalongRelay } from './relayProcess';
import { startShopperCostShop, type Recorder } from './shopperCost/fixtureShop';
import { measureFirstView } from './shopperCost/firstView';
import { FAST_UPLINK, SLOW_UPLINK, type Uplink } from './shopperCost/pageEmulation';
import { runRecording, type RecordingRun } from './shopperCost/recordingRun';
import { shopperCostReport, type ShopperCostFigures } from './shopperCost/report';
import type { SessionEnv } from './shopperCost/storefrontSession';
import { firstViewMedian, rateMedians } from './shopperCost/summary';

const REPEATS = 3;
const CPU_RATES = [1, 4];
const RECORDERS: Recorder[] = ['none', 'rrweb', 'lookalong'];
/** First-view goals per uplink, ms. */
const FIRST_VIEW_GOALS: Array<[Uplink, number]> = [
  [SLOW_UPLINK, 5000],
  [FAST_UPLINK, 1500],
];

/** Everything measured: the figures for the report and every run. */
export interface ShopperCostResult extends ShopperCostFigures {
  runs: RecordingRun[];
}

/** Runs every recorder REPEATS times at each CPU rate (interleaved), then the first views. */
async function measureAll(env: SessionEnv): Promise<ShopperCostResult> {
  const runs: RecordingRun[] = [];
  const failures: string[] = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const cpuRate of CPU_RATES) {
      for (const recorder of RECORDERS) {
        try {
          runs.push(await runRecording(env, recorder, cpuRate));
        } catch (error) {
          failures.push(`${recorder} at ${cpuRate}×: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
  }
  const firstView: ShopperCostFigures['firstView'] = [];
  for (const [uplink, goalMs] of FIRST_VIEW_GOALS) {
    const runsMs: Array<number | null> = [];
    for (let r = 0; r < REPEATS; r++) {
      try {
        runsMs.push(await measureFirstView(env, uplink));
      } catch (error) {
        runsMs.push(null);
        failures.push(`first view on ${uplink.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    firstView.push({ uplink, goalMs, medianMs: firstViewMedian(runsMs), runsMs });
  }
  const elements = runs.find((run) => run.recorder === 'none')?.elements ?? Number.NaN;
  const byRate = CPU_RATES.map((cpuRate) => ({ cpuRate, medians: rateMedians(runs, cpuRate) }));
  return { elements, repeats: REPEATS, byRate, firstView, failures, runs };
}

/** Measures against a relay in its own process and one Chromium. */
export async function measureShopperCost(): Promise<ShopperCostResult> {
  const relay = await spawnLookalongRelay();
  const browser = await launchChromium();
  const shop = await startShopperCostShop(relay.origin);
  try {
    const agentToken = signAgentToken({ sub: 'bench-agent', name: 'Bench', org: 'Support' }, BENCH_SECRET, 3600);
    return await measureAll({ browser, shop, lookalongUrl: relay.origin, agentToken });
  } finally {
    await shop.close();
    await browser.close();
    relay.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(shopperCostReport(await measureShopperCost()).join('\n'));
  process.exit(0);
}
