/**
 * The always-visible indicator while the page is shared (recorder chunk): every viewer by
 * name, the consent's remaining time with "Extend", "Hide marks" (while marks are shown),
 * "Stop sharing" and "What can they see?", and a visually hidden polite live region that
 * tells screen readers about new marks. Its buttons answer trusted user events only.
 *
 * On small screens it is a pill — the viewer count, Stop, "Details" (expands it) and "Move" —
 * and everywhere it sits in a corner clear of the page's fixed bars (dock.ts); "Move" sends it
 * to the next corner, which the dock keeps for the tab.
 */
import type { AgentPublic } from '../../protocol/messages';
import type { Corner, Dock } from './dock';
import { agentLabel, format } from './i18n';
import type { LiveStrings } from './liveStrings';
import { el, trustedButton } from './uiHost';

/** How long an announcement stays in the live region (so it is not found stale later). */
const ANNOUNCEMENT_SHOWN_MS = 10_000;

/** Actions the indicator's buttons trigger. */
export interface IndicatorActions {
  onStop(): void;
  onExtend(): void;
  onReveal(): void;
  /** Removes every mark from the page. */
  onHideMarks(): void;
}

/** Controls of the indicator. */
export interface LiveIndicator {
  setViewers(viewers: AgentPublic[]): void;
  /** `expiresAt` is a local `Date.now()` time, or null when unknown. */
  setExpiry(expiresAt: number | null): void;
  /** Shows "Hide marks" while the agents' marks are on the page. */
  setMarksShown(shown: boolean): void;
  /** Says `text` politely to screen readers (as text, never markup); it is cleared again a little later. */
  announce(text: string): void;
  remove(): void;
}

/** Where "Move" sends the indicator from each corner: across the screen vertically first. */
const NEXT_CORNER: Record<Corner, Corner> = { br: 'tr', tr: 'tl', tl: 'bl', bl: 'br' };
/** sessionStorage key of the corner the shopper moved the indicator to (kept for the tab). */
const CORNER_KEY = 'lookalong-corner';
/** Screens at most this wide (CSS px) get the compact pill. */
const COMPACT_MAX_WIDTH = 600;

/** A trusted button showing `icon`, named `name`. */
function iconButton(icon: string, name: string, className: string, onPress: () => void): HTMLButtonElement {
  const button = trustedButton(icon, className, onPress);
  button.setAttribute('aria-label', name);
  button.title = name;
  return button;
}

/** Shows the indicator in the SDK's (unrecorded) UI layer, placed by `dock`. */
export function createLiveIndicator(layer: HTMLElement, dock: Dock, strings: LiveStrings, actions: IndicatorActions): LiveIndicator {
  const panel = el('div', 'panel indicator');
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'Lookalong');
  const status = el('p', 'live');
  status.setAttribute('role', 'status');
  const names = el('span', 'names');
  status.append(el('span', 'dot'), names);
  // The pill's short form; screen readers keep hearing the sentence with the names.
  const count = el('span', 'count');
  count.setAttribute('aria-hidden', 'true');
  const small = matchMedia(`(max-width: ${COMPACT_MAX_WIDTH}px)`);
  let expanded = false;
  // Icon buttons, so the pill fits a 320 px screen: named for screen readers and tooltips.
  const details = iconButton('⋯', strings.details, 'details', () => {
    expanded = !expanded;
    layout();
  });
  const move = iconButton('⇅', strings.move, 'move', () => {
    const corner = NEXT_CORNER[(panel.dataset['corner'] as Corner | undefined) ?? dock.preferred];
    dock.prefer(corner);
    try {
      sessionStorage.setItem(CORNER_KEY, corner);
    } catch {
      // Storage blocked (some in-app browsers): kept for this page only.
    }
  });
  try {
    const stored = sessionStorage.getItem(CORNER_KEY) as Corner | null;
    if (stored && stored in NEXT_CORNER) dock.prefer(stored);
  } catch {
    // Storage blocked: the default corner.
  }
  const layout = (): void => {
    panel.classList.toggle('compact', small.matches && !expanded);
    details.hidden = !small.matches;
    details.setAttribute('aria-expanded', String(expanded));
    dock.attach(panel);
  };
  small.addEventListener('change', layout);
  const expiry = el('p', 'expiry');
  const minutesLeft = el('span');
  expiry.append(minutesLeft, trustedButton(strings.extend, 'link', actions.onExtend));
  expiry.hidden = true;
  const hideMarks = trustedButton(strings.hideMarks, 'hide-marks', actions.onHideMarks);
  hideMarks.hidden = true;
  const stop = trustedButton(strings.stop, 'danger', actions.onStop);
  const announcer = el('p', 'announcer');
  announcer.setAttribute('role', 'status');
  announcer.setAttribute('aria-live', 'polite');
  const tools = el('div', 'tools');
  tools.append(stop, details, move);
  panel.append(status, count, expiry, hideMarks, tools, trustedButton(strings.whatCanTheySee, 'link reveal', actions.onReveal), announcer);
  layer.append(panel);
  layout();
  let announced: ReturnType<typeof setTimeout> | undefined;

  let expiresAt: number | null = null;
  const tick = (): void => {
    if (expiresAt === null) return;
    const minutes = Math.max(1, Math.ceil((expiresAt - Date.now()) / 60_000));
    minutesLeft.textContent = format(strings.endsIn, { minutes: String(minutes) });
  };
  const timer = setInterval(tick, 15_000);

  return {
    setViewers(viewers) {
      const list = viewers.map(agentLabel).join(', ');
      names.textContent = list ? format(strings.sharingWith, { names: list }) : strings.sharing;
      count.textContent = format(strings.watching, { count: String(viewers.length) });
      dock.attach(panel);
    },
    setExpiry(at) {
      expiresAt = at;
      expiry.hidden = at === null;
      tick();
    },
    setMarksShown(shown) {
      // Keyboard focus must not vanish with the button it was on.
      if (!shown && hideMarks.matches(':focus')) stop.focus();
      hideMarks.hidden = !shown;
    },
    announce(text) {
      // A fresh node each time, so a repeated sentence is read out again.
      announcer.replaceChildren(el('span', undefined, text));
      clearTimeout(announced);
      announced = setTimeout(() => announcer.replaceChildren(), ANNOUNCEMENT_SHOWN_MS);
    },
    remove() {
      small.removeEventListener('change', layout);
      dock.detach(panel);
      clearInterval(timer);
      clearTimeout(announced);
      panel.remove();
    },
  };
}
