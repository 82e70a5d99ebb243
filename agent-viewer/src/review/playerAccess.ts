/**
 * Makes rrweb-player's controls usable by keyboard and screen reader, in the page's language:
 * names for its icon buttons (play/pause, full screen) and speed buttons (pressed state kept in
 * step), the skip-inactive switch's label, the replay iframe titled and kept out of the Tab
 * order, and the progress bar as a slider (arrows ±5 s, Page Up/Down ±30 s, Home, End).
 * Only attributes, listeners and texts are added to the player's elements.
 */
import { fillIn } from '../consoleLanguage';
import { formatDuration } from './reviewFormat';
import type { ReviewStrings } from './reviewI18n';

/** What the controls need from the player. */
export interface AccessiblePlayer {
  /** The player's replay iframe. */
  iframe: HTMLIFrameElement;
  /** Length of the recording, ms. */
  total(): number;
  /** Jumps to `offset` ms from the start. */
  goto(offset: number): void;
}

/** Keeps the added names and values current. */
export interface PlayerAccess {
  setPosition(offset: number): void;
  setPlaying(playing: boolean): void;
}

const SMALL_STEP_MS = 5000;
const LARGE_STEP_MS = 30_000;

/** The seek target of a key on the progress slider, or null for other keys. */
export function sliderTarget(key: string, offset: number, total: number): number | null {
  const clamp = (value: number): number => Math.min(total, Math.max(0, value));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(offset - SMALL_STEP_MS);
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(offset + SMALL_STEP_MS);
    case 'PageDown':
      return clamp(offset - LARGE_STEP_MS);
    case 'PageUp':
      return clamp(offset + LARGE_STEP_MS);
    case 'Home':
      return 0;
    case 'End':
      return total;
    default:
      return null;
  }
}

/** Adds names, states and keys to the player mounted in `host`. */
export function makePlayerAccessible(host: HTMLElement, player: AccessiblePlayer, strings: ReviewStrings): PlayerAccess {
  player.iframe.title = strings.playerLabel;
  player.iframe.tabIndex = -1;
  const buttons = Array.from(host.querySelectorAll<HTMLButtonElement>('.rr-controller__btns > button'));
  const playButton = buttons[0] ?? null;
  const fullscreen = buttons.length > 1 ? buttons[buttons.length - 1]! : null;
  fullscreen?.setAttribute('aria-label', strings.fullscreenLabel);
  const speeds = buttons.slice(1, -1);
  const pressed = (): void => speeds.forEach((button) => button.setAttribute('aria-pressed', String(button.classList.contains('active'))));
  for (const button of speeds) button.setAttribute('aria-label', fillIn(strings.speedLabel, { speed: (button.textContent ?? '').replace(/x$/, '') }));
  pressed();
  const controls = host.querySelector('.rr-controller__btns');
  if (controls) new MutationObserver(pressed).observe(controls, { subtree: true, attributes: true, attributeFilter: ['class'] });

  const skip = host.querySelector<HTMLInputElement>('.rr-controller__btns .switch input');
  skip?.setAttribute('aria-label', strings.skipInactive);
  const skipText = host.querySelector('.rr-controller__btns .switch .label');
  if (skipText) skipText.textContent = strings.skipInactive;

  let position = 0;
  const progress = host.querySelector<HTMLElement>('.rr-progress');
  if (progress) {
    progress.tabIndex = 0;
    progress.setAttribute('role', 'slider');
    progress.setAttribute('aria-label', strings.progressLabel);
    progress.setAttribute('aria-valuemin', '0');
    progress.addEventListener('keydown', (event) => {
      const target = sliderTarget(event.key, position, player.total());
      if (target === null) return;
      event.preventDefault();
      player.goto(target);
    });
  }

  const access: PlayerAccess = {
    setPosition(offset) {
      position = offset;
      if (!progress) return;
      const total = player.total();
      progress.setAttribute('aria-valuemax', String(Math.round(total / 1000)));
      progress.setAttribute('aria-valuenow', String(Math.round(Math.min(offset, total) / 1000)));
      progress.setAttribute('aria-valuetext', fillIn(strings.progressValue, { time: formatDuration(offset), total: formatDuration(total) }));
    },
    setPlaying(playing) {
      playButton?.setAttribute('aria-label', playing ? strings.pauseLabel : strings.playLabel);
    },
  };
  access.setPosition(0);
  access.setPlaying(false);
  return access;
}
