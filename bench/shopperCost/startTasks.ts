/**
 * Long tasks on the shopper's page while recording starts, from a PerformanceObserver
 * ('longtask': every main-thread task over 50 ms, wall time) installed before the click that
 * starts it. The phase's tasks are those that end after that click (the click's own task
 * counts: plain rrweb takes its snapshot inside it) and begin before the first snapshot had
 * been seen sent.
 */
import type { Page } from 'playwright-core';

/** The long tasks of the start phase. */
export interface StartTasks {
  /** Click → the moment the snapshot frame had been seen on the wire, ms. */
  phaseMs: number;
  /** Longest task of the phase, ms (0 when none was over 50 ms). */
  longestMs: number;
  /** Sum of the phase's tasks over 50 ms, ms. */
  over50SumMs: number;
  count: number;
}

interface PageWindow {
  __longTasks?: Array<{ start: number; duration: number }>;
  __startClickAt?: number;
}

/** Starts watching: long tasks, and the time of the page's next click (capture phase, so before any handler). */
export function watchStartTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as PageWindow;
    const tasks: Array<{ start: number; duration: number }> = [];
    w.__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    window.addEventListener('click', () => (w.__startClickAt ??= performance.now()), { capture: true });
  });
}

/** Call once the snapshot frame was seen sent: the long tasks that began since the click. */
export async function readStartTasks(page: Page): Promise<StartTasks> {
  const { clickAt, sentBy } = await page.evaluate(() => ({ clickAt: (window as unknown as PageWindow).__startClickAt ?? null, sentBy: performance.now() }));
  if (clickAt === null) throw new Error('the click that starts recording was not seen');
  // Observers report a task after it ended: give them two frames and a moment.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))));
  const tasks = await page.evaluate(() => (window as unknown as PageWindow).__longTasks ?? []);
  const inPhase = tasks.filter((t) => t.start + t.duration >= clickAt && t.start <= sentBy).map((t) => t.duration);
  return {
    phaseMs: sentBy - clickAt,
    longestMs: Math.max(0, ...inPhase),
    over50SumMs: inPhase.reduce((sum, d) => sum + d, 0),
    count: inPhase.length,
  };
}
