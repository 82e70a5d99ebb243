/**
 * Keeps the SDK's panels (the help-code widget, the live indicator) out of the shop's way:
 * in a corner of the screen that none of the page's fixed or sticky elements occupy (a buy
 * bar, a sticky header, a chat bubble). A bar along the panel's edge is sat clear of (the panel
 * goes just above a bottom bar); another fixed element in its way sends it to the next corner.
 * The preferred corner (the indicator's "Move", kept for the tab there) is tried first.
 * Placement is checked again on resize, zoom, scroll and every few seconds (bars come and go).
 */

/** A screen corner: b/t = bottom/top, r/l = right/left. */
export type Corner = 'br' | 'bl' | 'tr' | 'tl';

/** The corner placement of every attached panel. */
export interface Dock {
  /** Places `panel` now and keeps it placed until detached. */
  attach(panel: HTMLElement): void;
  detach(panel: HTMLElement): void;
  /** The corner tried first. */
  readonly preferred: Corner;
  /** Tries `corner` first from now on. */
  prefer(corner: Corner): void;
}

const CORNERS: Corner[] = ['br', 'tr', 'bl', 'tl'];
const MARGIN = 12;
const RECHECK_MS = 5000;
/** A fixed element bigger than this share of the screen is a page wrapper, not a bar. */
const WRAPPER_SHARE = 0.5;
/** A bar that would push the panel further than this share of the screen height disqualifies the corner. */
const MAX_CLEARANCE_SHARE = 0.4;

/** The page's fixed or sticky element at (x, y) that is not ours, or null. */
function barAt(x: number, y: number, ours: Element): Element | null {
  for (const hit of document.elementsFromPoint(x, y)) {
    if (ours.contains(hit)) continue;
    for (let e: Element | null = hit; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      if (!/fixed|sticky/.test(getComputedStyle(e).position)) continue;
      const r = e.getBoundingClientRect();
      if (r.width * r.height < innerWidth * innerHeight * WRAPPER_SHARE) return e;
    }
  }
  return null;
}

/** Where `panel` sits at `corner` (distance from that corner's vertical edge), or null when that corner is taken. */
function clearanceAt(corner: Corner, width: number, height: number, ours: Element): number | null {
  const bottom = corner[0] === 'b';
  const left = corner[1] === 'l' ? MARGIN : innerWidth - MARGIN - width;
  const xs = [left + 2, left + width / 2, left + width - 2];
  // Bars along the edge: sit clear of them.
  let clearance = 0;
  for (const x of xs) {
    const bar = barAt(x, bottom ? innerHeight - 2 : 2, ours)?.getBoundingClientRect();
    if (bar) clearance = Math.max(clearance, bottom ? innerHeight - bar.top : bar.bottom);
  }
  if (clearance > innerHeight * MAX_CLEARANCE_SHARE) return null;
  // Anything else fixed where the panel would be (down both sides, where floating buttons sit,
  // and its centre): this corner is taken.
  const top = bottom ? innerHeight - clearance - MARGIN - height : clearance + MARGIN;
  const [x0, xm, x1] = xs as [number, number, number];
  const ys = [top + 2, top + height / 2, top + height - 2];
  const area: Array<[number, number]> = [[xm, top + height / 2], ...ys.flatMap((y): Array<[number, number]> => [[x0, y], [x1, y]])];
  return area.some(([x, y]) => barAt(x, y, ours)) ? null : clearance;
}

/** Creates the dock of the SDK's host element `ours`. */
export function createDock(ours: Element): Dock {
  const panels = new Set<HTMLElement>();
  let preferred: Corner = 'br';
  let scheduled = false;
  const place = (panel: HTMLElement): void => {
    if (panel.hidden) return;
    const { width, height } = panel.getBoundingClientRect();
    let corner = preferred;
    let clearance = 0;
    for (const candidate of [preferred, ...CORNERS.filter((c) => c !== preferred)]) {
      const found = clearanceAt(candidate, width, height, ours);
      if (found !== null) {
        corner = candidate;
        clearance = found;
        break;
      }
    }
    const [vertical, horizontal] = corner[0] === 'b' ? ['bottom', 'top'] : ['top', 'bottom'];
    const [side, other] = corner[1] === 'l' ? ['left', 'right'] : ['right', 'left'];
    const style = panel.style;
    style.setProperty(vertical!, `calc(${clearance + MARGIN}px + env(safe-area-inset-${vertical}, 0px))`);
    style.setProperty(horizontal!, 'auto');
    style.setProperty(side!, `calc(${MARGIN}px + env(safe-area-inset-${side}, 0px))`);
    style.setProperty(other!, 'auto');
    panel.dataset['corner'] = corner;
  };
  const placeAll = (): void => {
    scheduled = false;
    panels.forEach(place);
  };
  const soon = (): void => {
    if (!scheduled) requestAnimationFrame(placeAll);
    scheduled = true;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const listen = (on: boolean): void => {
    for (const type of ['resize', 'scroll']) (on ? addEventListener : removeEventListener)(type, soon, true);
    clearInterval(timer);
    if (on) timer = setInterval(() => document.hidden || soon(), RECHECK_MS);
  };
  return {
    attach(panel) {
      if (!panels.size) listen(true);
      panels.add(panel);
      place(panel);
    },
    detach(panel) {
      panels.delete(panel);
      if (!panels.size) listen(false);
    },
    get preferred() {
      return preferred;
    },
    prefer(corner) {
      preferred = corner;
      placeAll();
    },
  };
}
