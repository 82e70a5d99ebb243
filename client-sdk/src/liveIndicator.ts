/**
 * The always-visible indicator while the page is shared (recorder chunk): every viewer by
 * name, the consent's remaining time with "Extend", "Hide marks" (while marks are shown),
 * "Stop sharing" and "What can they see?", and a visually hidden polite live region that
 * tells screen readers about new marks. Its buttons answer trusted user events only.
 */
import type { AgentPublic } from '../../protocol/messages';
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

/** Shows the indicator in the SDK's (unrecorded) UI layer. */
export function createLiveIndicator(layer: HTMLElement, strings: LiveStrings, actions: IndicatorActions): LiveIndicator {
  const panel = el('div', 'panel');
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'Lookalong');
  const status = el('p', 'live');
  status.setAttribute('role', 'status');
  const names = el('span');
  status.append(el('span', 'dot'), names);
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
  panel.append(status, expiry, hideMarks, stop, trustedButton(strings.whatCanTheySee, 'link', actions.onReveal), announcer);
  layer.append(panel);
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
      clearInterval(timer);
      clearTimeout(announced);
      panel.remove();
    },
  };
}
