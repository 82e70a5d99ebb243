/**
 * One run of the storefront in a fresh browser context, recorded by Lookalong (a real shared
 * session with the console watching), by plain rrweb, or by nothing, at a CPU slowdown:
 * 1. the page loads at full speed, then the meters start and the CPU is throttled;
 * 2. the click that starts recording (Allow in our dialog; Help for plain rrweb and the page
 *    alone) → the first snapshot seen on the wire: the phase's long tasks (startTasks.ts);
 * 3. at least a second later (and 2.5 s after the click), a steady window of STEADY_MS: two
 *    periods of the carousels, so it holds two moves of each wherever it starts; main-thread
 *    time per second (mainThread.ts) and bytes sent per minute.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Recorder } from './fixtureShop';
import { mainThreadLoad, readMainThread, startMainThreadMetrics, type MainThreadLoad } from './mainThread';
import { throttleCpu } from './pageEmulation';
import { shareStorefront, SHOPPER_VIEWPORT, STOREFRONT_READY, type SessionEnv } from './storefrontSession';
import { readStartTasks, watchStartTasks, type StartTasks } from './startTasks';
import { meterSentFrames, type SnapshotSent, type WireMeter } from './wireMeter';

/** Length of the steady window: two periods of the carousels (each moves every 3 s). */
export const STEADY_MS = 6000;
/** Wait after the snapshot was sent before the steady window may begin. */
const SETTLE_MS = 1000;
/** Nor may it begin sooner than this after the click, whatever recorded (the page alone included). */
const MIN_AFTER_CLICK_MS = 2500;
const SNAPSHOT_TIMEOUT_MS = 60_000;

/** What one run measured. */
export interface RecordingRun {
  recorder: Recorder;
  cpuRate: number;
  /** Elements of the page (its own count, after building). */
  elements: number;
  /** The start phase (null for the page alone). */
  start: StartTasks | null;
  /** The first FullSnapshot frame (null for the page alone). */
  snapshot: SnapshotSent | null;
  /** The steady window: main-thread load and bytes sent per minute. */
  steady: MainThreadLoad & { bytesPerMinute: number };
}

interface Probes {
  cdp: CDPSession;
  meter: WireMeter;
}

interface Started {
  page: Page;
  probes: Probes;
  close(): Promise<void>;
}

/** Meters on, long-task watch on, then the CPU slowed down. */
async function attachProbes(page: Page, cpuRate: number): Promise<Probes> {
  const cdp = await page.context().newCDPSession(page);
  const meter = await meterSentFrames(cdp);
  await startMainThreadMetrics(cdp);
  await watchStartTasks(page);
  await throttleCpu(cdp, cpuRate);
  return { cdp, meter };
}

/** Lookalong: a real session; the probes go on just before the shopper clicks Allow. */
async function startLookalong(env: SessionEnv, cpuRate: number): Promise<Started> {
  let probes: Probes | undefined;
  const session = await shareStorefront(env, async ({ shopper }) => {
    probes = await attachProbes(shopper, cpuRate);
  });
  return { page: session.shopper, probes: probes!, close: session.close };
}

/** Plain rrweb or the page alone: the shopper clicks Help (which starts plain rrweb). */
async function startOnPage(env: SessionEnv, recorder: Recorder, cpuRate: number): Promise<Started> {
  const context = await env.browser.newContext({ viewport: SHOPPER_VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.goto(env.shop.pageUrl(recorder));
    await page.locator(STOREFRONT_READY).waitFor({ state: 'attached', timeout: 15_000 });
    const probes = await attachProbes(page, cpuRate);
    await page.click('#help-button');
    return { page, probes, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the storefront once with `recorder` at a `cpuRate`× slower CPU. */
export async function runRecording(env: SessionEnv, recorder: Recorder, cpuRate: number): Promise<RecordingRun> {
  const started = recorder === 'lookalong' ? await startLookalong(env, cpuRate) : await startOnPage(env, recorder, cpuRate);
  const clickedBy = Date.now();
  const { page, probes } = started;
  try {
    let start: StartTasks | null = null;
    let snapshot: SnapshotSent | null = null;
    if (recorder !== 'none') {
      snapshot = await within(probes.meter.firstSnapshot, SNAPSHOT_TIMEOUT_MS, `${recorder}: no FullSnapshot frame sent within ${SNAPSHOT_TIMEOUT_MS} ms`);
      start = await readStartTasks(page);
      await page.waitForTimeout(SETTLE_MS);
    }
    await page.waitForTimeout(Math.max(0, clickedBy + MIN_AFTER_CLICK_MS - Date.now()));
    const fromReading = await readMainThread(probes.cdp);
    const fromBytes = probes.meter.sentBytes();
    await page.waitForTimeout(STEADY_MS);
    const load = mainThreadLoad(fromReading, await readMainThread(probes.cdp));
    const bytesPerMinute = ((probes.meter.sentBytes() - fromBytes) * 60) / load.seconds;
    const elements = await page.evaluate(() => (window as unknown as { fixtureStats: { elements: number } }).fixtureStats.elements);
    return { recorder, cpuRate, elements, start, snapshot, steady: { ...load, bytesPerMinute } };
  } finally {
    await started.close();
  }
}
